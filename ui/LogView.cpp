// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/LogView.h"

#include "core/models/LogLineModel.h"

#include <algorithm>
#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>

namespace Cachelab {

namespace {
constexpr int kMargin = 4;
// A line of megabytes (minified output) would make a useless horizontal scrollbar.
constexpr qsizetype kMaxScrollColumns = 4000;
} // namespace

LogView::LogView(QWidget *parent)
    : QAbstractScrollArea(parent)
    , m_model(new LogLineModel(this))
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
    viewport()->setCursor(Qt::IBeamCursor);
    verticalScrollBar()->setSingleStep(1); // one line
    updateScrollBars();
}

void LogView::setLog(const QByteArray &log)
{
    m_model->setLog(log);
    m_anchor = m_current = -1;
    verticalScrollBar()->setValue(0);
    horizontalScrollBar()->setValue(0);
    updateScrollBars();
    viewport()->update();
}

void LogView::setMessage(const QString &message)
{
    setLog(message.toUtf8());
}

void LogView::appendLines(const QByteArray &wholeLines)
{
    QScrollBar *scroll = verticalScrollBar();
    const bool follow = scroll->value() >= scroll->maximum();
    m_model->appendLines(wholeLines);
    updateScrollBars();
    if (follow)
        scroll->setValue(scroll->maximum());
    viewport()->update();
}

void LogView::clear()
{
    setLog({});
}

int LogView::visibleLineCount() const
{
    return std::max(1, viewport()->height() / fontMetrics().lineSpacing());
}

int LogView::firstVisibleLine() const
{
    return verticalScrollBar()->value();
}

int LogView::lineAt(int y) const
{
    return firstVisibleLine() + std::max(0, y) / fontMetrics().lineSpacing();
}

void LogView::updateScrollBars()
{
    const int lines = m_model->lineCount();
    const int page = visibleLineCount();
    verticalScrollBar()->setPageStep(page);
    verticalScrollBar()->setRange(0, std::max(0, lines - page));
    const int widest = fontMetrics().horizontalAdvance(QLatin1Char('m'))
            * int(std::min(m_model->maxLineLength(), kMaxScrollColumns))
        + 2 * kMargin;
    horizontalScrollBar()->setPageStep(viewport()->width());
    horizontalScrollBar()->setSingleStep(fontMetrics().horizontalAdvance(QLatin1Char('m')) * 4);
    horizontalScrollBar()->setRange(0, std::max(0, widest - viewport()->width()));
}

void LogView::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    painter.setFont(font());
    const QFontMetrics metrics = fontMetrics();
    const int spacing = metrics.lineSpacing();
    const int first = firstVisibleLine();
    const int last = std::min(m_model->lineCount() - 1, first + visibleLineCount());
    const int selFirst = std::min(m_anchor, m_current);
    const int selLast = std::max(m_anchor, m_current);
    const int x = kMargin - horizontalScrollBar()->value();
    for (int row = first, y = 0; row <= last; ++row, y += spacing) {
        const bool selected = m_anchor >= 0 && row >= selFirst && row <= selLast;
        if (selected)
            painter.fillRect(QRect(0, y, viewport()->width(), spacing),
                             palette().brush(QPalette::Highlight));
        painter.setPen(palette().color(selected ? QPalette::HighlightedText : QPalette::Text));
        painter.drawText(x, y + metrics.ascent(), QString::fromUtf8(m_model->line(row)));
    }
}

void LogView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void LogView::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        updateScrollBars();
}

void LogView::selectLines(int first, int last)
{
    m_anchor = std::clamp(first, 0, std::max(0, m_model->lineCount() - 1));
    m_current = std::clamp(last, 0, std::max(0, m_model->lineCount() - 1));
    viewport()->update();
}

void LogView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || m_model->lineCount() == 0)
        return;
    const int row = std::min(lineAt(event->position().toPoint().y()), m_model->lineCount() - 1);
    if (event->modifiers().testFlag(Qt::ShiftModifier) && m_anchor >= 0)
        m_current = row;
    else
        m_anchor = m_current = row;
    viewport()->update();
}

void LogView::mouseMoveEvent(QMouseEvent *event)
{
    if (!(event->buttons() & Qt::LeftButton) || m_anchor < 0)
        return;
    const int y = event->position().toPoint().y();
    // Dragging past an edge scrolls, so a selection can grow beyond the screen.
    if (y < 0)
        verticalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepSub);
    else if (y > viewport()->height())
        verticalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepAdd);
    m_current = std::min(lineAt(y), m_model->lineCount() - 1);
    viewport()->update();
}

void LogView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        QApplication::clipboard()->setText(selectedText());
        return;
    }
    if (event->matches(QKeySequence::SelectAll)) {
        selectLines(0, m_model->lineCount() - 1);
        return;
    }
    QScrollBar *scroll = verticalScrollBar();
    switch (event->key()) {
    case Qt::Key_Up:
        scroll->triggerAction(QAbstractSlider::SliderSingleStepSub);
        return;
    case Qt::Key_Down:
        scroll->triggerAction(QAbstractSlider::SliderSingleStepAdd);
        return;
    case Qt::Key_PageUp:
        scroll->triggerAction(QAbstractSlider::SliderPageStepSub);
        return;
    case Qt::Key_PageDown:
        scroll->triggerAction(QAbstractSlider::SliderPageStepAdd);
        return;
    case Qt::Key_Home:
        scroll->setValue(0);
        return;
    case Qt::Key_End:
        scroll->setValue(scroll->maximum());
        return;
    default:
        QAbstractScrollArea::keyPressEvent(event);
    }
}

bool LogView::showVertex(int vertexId)
{
    const int row = m_model->rowOfVertex(vertexId);
    if (row < 0)
        return false;
    selectLines(row, row);
    verticalScrollBar()->setValue(row - visibleLineCount() / 2);
    return true;
}

QString LogView::text() const
{
    return m_model->text();
}

QString LogView::selectedText() const
{
    if (m_anchor < 0)
        return {};
    QStringList lines;
    for (int row = std::min(m_anchor, m_current); row <= std::max(m_anchor, m_current); ++row)
        lines.append(QString::fromUtf8(m_model->line(row)));
    return lines.join(QLatin1Char('\n'));
}

} // namespace Cachelab
