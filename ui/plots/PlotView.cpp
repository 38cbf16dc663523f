// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/PlotView.h"

#include "ui/plots/PlotExport.h"
#include "ui/plots/PlotStyle.h"

#include <algorithm>
#include <qcustomplot.h>
#include <QLabel>
#include <QScrollArea>
#include <QStackedWidget>
#include <QToolTip>
#include <QVBoxLayout>

namespace Cachelab {

PlotView::PlotView(QWidget *parent)
    : QWidget(parent)
    , m_stack(new QStackedWidget(this))
    , m_message(new QLabel(this))
    , m_scroll(new QScrollArea(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("plotMessage"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_stack->addWidget(m_message);
    m_stack->addWidget(m_scroll);
    newPlot();
}

QString PlotView::message() const
{
    return m_hasData ? QString() : m_message->text();
}

QCustomPlot *PlotView::newPlot()
{
    // setWidget() deletes the previous plot.
    m_plot = new QCustomPlot;
    m_plot->setObjectName(QStringLiteral("plot"));
    m_plot->installEventFilter(this);
    m_replotPending = false;
    m_plot->setFont(font());
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->setMouseTracking(true);
    // As wide as the panel, whatever the legend's text asks: rows scroll, columns never.
    m_plot->setMinimumWidth(200);
    // Below the grid: bands that mark stages, selected runs and differences.
    m_plot->addLayer(QStringLiteral("bands"), m_plot->layer(QStringLiteral("grid")),
                     QCustomPlot::limBelow);
    PlotStyle::apply(m_plot, palette());
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent *event) {
        updateTooltip(event->position(), event->globalPosition().toPoint());
    });
    m_scroll->setWidget(m_plot);
    return m_plot;
}

void PlotView::updateTooltip(const QPointF &pixel, const QPoint &global)
{
    const QString text = hoverText(pixel);
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(global, text, m_plot);
}

void PlotView::showMessage(const QString &message, const QString &title)
{
    m_hasData = false;
    m_message->setText(message);
    m_stack->setCurrentWidget(m_message);
    m_title = title;
    Q_EMIT titleChanged(m_title);
}

void PlotView::showPlot(const QString &title, int neededHeight)
{
    m_hasData = true;
    m_plot->setMinimumHeight(neededHeight);
    m_stack->setCurrentWidget(m_scroll);
    replot();
    m_title = title;
    Q_EMIT titleChanged(m_title);
}

void PlotView::buildWhenShown(const QString &title, bool now)
{
    m_stale = true;
    if (now || isVisible()) {
        buildIfStale();
        return;
    }
    m_hasData = true;
    m_title = title;
    Q_EMIT titleChanged(m_title);
}

void PlotView::buildIfStale()
{
    if (!m_stale)
        return;
    m_stale = false;
    build();
}

void PlotView::showEvent(QShowEvent *event)
{
    buildIfStale();
    QWidget::showEvent(event);
}

void PlotView::replot()
{
    if (m_plot->isVisible()) {
        m_plot->replot();
        return;
    }
    m_replotPending = true;
}

bool PlotView::eventFilter(QObject *watched, QEvent *event)
{
    // Shown, grabbed or rendered: its layers drawn first, then painted as usual.
    if (watched == m_plot && event->type() == QEvent::Paint && m_replotPending) {
        m_replotPending = false;
        m_plot->replot(QCustomPlot::rpQueuedRefresh);
    }
    return QWidget::eventFilter(watched, event);
}

void PlotView::placeLegendOnTop(const QString &note, int wrap)
{
    QCPLegend *legend = m_plot->legend;
    legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->take(legend);
    auto *top = new QCPLayoutGrid;
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(0, 0, top);
    m_plot->plotLayout()->setRowStretchFactor(0, 0.001);
    top->addElement(0, 0, legend);
    top->setMargins(QMargins(4, 2, 4, 0));
    legend->setWrap(wrap);
    legend->setFillOrder(QCPLegend::foColumnsFirst); // rearranges the entries: after setWrap
    legend->setBorderPen(Qt::NoPen);
    if (!note.isEmpty()) {
        auto *text = new QCPTextElement(m_plot, note, m_plot->font());
        text->setTextFlags(Qt::AlignLeft | Qt::AlignVCenter);
        text->setTextColor(palette().color(QPalette::Text));
        if (wrap > 0)
            top->addElement(1, 0, text);
        else
            top->addElement(0, 1, text);
    }
    if (note.isEmpty() || wrap > 0)
        top->addElement(0, 1,
                        new QCPLayoutElement(m_plot)); // takes the rest: the legend keeps its width
    top->setColumnStretchFactor(0, 0.001);
}

QSize PlotView::exportSize() const
{
    return { std::max(m_plot->width(), 1280),
             std::max({ m_plot->height(), m_plot->minimumHeight(), 480 }) };
}

bool PlotView::exportTo(const QString &path, QString *error, QSize size) const
{
    // Logically const: the picture of what setRuns() gave, built now if it was not yet.
    const_cast<PlotView *>(this)->buildIfStale();
    if (!m_hasData) {
        if (error)
            *error = m_message->text();
        return false;
    }
    return PlotExport::save(m_plot, path, size.isEmpty() ? exportSize() : size, error);
}

} // namespace Cachelab
