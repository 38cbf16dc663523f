// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/PlotsPanel.h"

#include "core/dockerfile/Dockerfile.h"
#include "ui/plots/DurationsPlot.h"
#include "ui/plots/HistoryPlot.h"
#include "ui/plots/TimelinePlot.h"

#include <QButtonGroup>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace Cachelab {

PlotsPanel::PlotsPanel(QWidget *parent)
    : QWidget(parent)
    , m_switch(new QButtonGroup(this))
    , m_title(new QLabel(this))
    , m_reset(new QPushButton(tr("Reset View"), this))
    , m_export(new QPushButton(tr("Export…"), this))
    , m_stack(new QStackedWidget(this))
    , m_timeline(new TimelinePlot(this))
    , m_durations(new DurationsPlot(this))
    , m_history(new HistoryPlot(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->setSpacing(2);
    auto *header = new QHBoxLayout;
    const QString names[] = { tr("Timeline"), tr("Step times A vs B"), tr("History") };
    for (int view = Timeline; view <= History; ++view) {
        auto *button = new QToolButton(this);
        button->setText(names[view]);
        button->setCheckable(true);
        button->setAutoRaise(true);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        m_switch->addButton(button, view);
        header->addWidget(button);
    }
    m_switch->button(Timeline)->setChecked(true);
    m_title->setObjectName(QStringLiteral("plotTitle"));
    // A long title must not widen the dock.
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setWordWrap(true);
    header->addStretch(1);
    header->addWidget(m_reset);
    header->addWidget(m_export);
    m_reset->setToolTip(tr("Show all the data again (drag to pan, wheel to zoom)"));
    m_export->setToolTip(tr("Save the plot as PNG or SVG"));
    layout->addLayout(header);
    layout->addWidget(m_title);
    layout->addWidget(m_stack, 1);
    m_stack->addWidget(m_timeline);
    m_stack->addWidget(m_durations);
    m_stack->addWidget(m_history);

    connect(m_switch, &QButtonGroup::idClicked, this, [this](int id) {
        setView(View(id));
    });
    connect(m_reset, &QPushButton::clicked, this, [this] {
        currentPlot()->resetView();
    });
    connect(m_export, &QPushButton::clicked, this, &PlotsPanel::exportCurrent);
    for (PlotView *plot :
         { static_cast<PlotView *>(m_timeline), static_cast<PlotView *>(m_durations),
           static_cast<PlotView *>(m_history) })
        connect(plot, &PlotView::titleChanged, this, &PlotsPanel::updateHeader);
    updateHeader();
}

void PlotsPanel::setRuns(const std::optional<Dockerfile> &dockerfile, const BuildRun *runA,
                         const QString &labelA, const BuildRun *runB, const QString &labelB,
                         const QList<RunHistoryPoint> &history, const QStringList &shownIds,
                         const RunAnalysis *analysisA, const RunAnalysis *analysisB)
{
    m_timeline->setRun(runA, labelA);
    m_durations->setRuns(dockerfile ? &*dockerfile : nullptr, runA, labelA, runB, labelB,
                         analysisA, analysisB);
    m_history->setRuns(history, shownIds);
    updateHeader();
}

void PlotsPanel::setHistory(const QList<RunHistoryPoint> &history, const QStringList &shownIds)
{
    m_history->setRuns(history, shownIds);
    updateHeader();
}

void PlotsPanel::setView(View view)
{
    m_switch->button(view)->setChecked(true);
    m_stack->setCurrentIndex(view);
    updateHeader();
}

PlotsPanel::View PlotsPanel::view() const
{
    return View(m_stack->currentIndex());
}

PlotView *PlotsPanel::currentPlot() const
{
    return static_cast<PlotView *>(m_stack->currentWidget());
}

QString PlotsPanel::titleText() const
{
    return m_title->text();
}

void PlotsPanel::updateHeader()
{
    const PlotView *plot = currentPlot();
    m_title->setText(plot->title());
    m_title->setToolTip(plot->title());
    m_reset->setEnabled(plot->hasData());
    m_export->setEnabled(plot->hasData());
}

void PlotsPanel::exportCurrent()
{
    QString filter;
    QString path = QFileDialog::getSaveFileName(
        this, tr("Export Plot"), QString(), tr("PNG image (*.png);;SVG drawing (*.svg)"), &filter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += filter.contains(QLatin1String("svg")) ? QStringLiteral(".svg")
                                                      : QStringLiteral(".png");
    QString error;
    if (!currentPlot()->exportTo(path, &error))
        QMessageBox::warning(this, tr("Export Plot"), error);
}

} // namespace Cachelab
