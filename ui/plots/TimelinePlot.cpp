// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/TimelinePlot.h"

#include "ui/plots/PlotStyle.h"

#include <cmath>
#include <qcustomplot.h>

namespace Cachelab {

namespace {
constexpr double kBarWidth = 0.7;
constexpr qsizetype kMaxLabel = 300; // characters of a name a label or tooltip shows

// "build-public 4/8  COPY assets assets": the stage stays readable when the text is cut.
QString rowText(const TimelineBar &bar)
{
    const StepLabel step = StepLabel::parse(bar.name);
    if (!step.valid)
        return bar.name;
    QString prefix = step.stage.isEmpty() ? QString() : step.stage + QLatin1Char(' ');
    if (step.index > 0)
        prefix += QStringLiteral("%1/%2").arg(step.index).arg(step.total);
    return prefix.isEmpty() ? step.instruction : prefix + QStringLiteral("  ") + step.instruction;
}

QString groupName(const QString &group)
{
    return group.isEmpty() ? QCoreApplication::translate("Cachelab::TimelinePlot", "(stage)")
                           : group;
}
} // namespace

TimelinePlot::TimelinePlot(QWidget *parent)
    : PlotView(parent)
{
    setRun(nullptr, {});
}

int TimelinePlot::rowOf(int vertexId) const
{
    built();
    for (int row = 0; row < m_timeline.bars().size(); ++row) {
        if (m_timeline.bars().at(row).vertexId == vertexId)
            return row;
    }
    return -1;
}

QString TimelinePlot::rowLabel(int row) const
{
    return built().m_rowLabels.value(row);
}

void TimelinePlot::setRun(const BuildRun *run, const QString &label)
{
    m_run = run ? std::optional<BuildRun>(*run) : std::nullopt;
    m_label = label;
    buildWhenShown(tr("Timeline of %1").arg(label), !run);
}

void TimelinePlot::build()
{
    const BuildRun *run = m_run ? &*m_run : nullptr;
    const QString &label = m_label;
    m_bars.clear();
    m_rowLabels.clear();
    m_timeline = run ? RunTimeline::of(*run) : RunTimeline();
    QCustomPlot *plot = newPlot();
    if (m_timeline.bars().isEmpty()) {
        showMessage(run ? tr("%1 has no steps to show yet.").arg(label)
                        : tr("Select a run to see its steps on a time axis."));
        return;
    }
    const QList<TimelineBar> &bars = m_timeline.bars();
    const QFontMetrics metrics(plot->font());
    const int labelWidth = metrics.averageCharWidth() * 38;

    // Rows: labels on the left, stage groups as alternate bands.
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    QString group;
    int groupStart = 0;
    int groupIndex = 0;
    auto closeGroup = [&](int end) {
        if (groupIndex++ % 2 == 0)
            return; // every other group: the plain background is the other band
        auto *band = new QCPItemRect(plot);
        band->setLayer(QStringLiteral("bands"));
        band->topLeft->setTypeX(QCPItemPosition::ptAxisRectRatio);
        band->topLeft->setTypeY(QCPItemPosition::ptPlotCoords);
        band->bottomRight->setTypeX(QCPItemPosition::ptAxisRectRatio);
        band->bottomRight->setTypeY(QCPItemPosition::ptPlotCoords);
        band->topLeft->setCoords(0, groupStart - 0.5);
        band->bottomRight->setCoords(1, end - 0.5);
        band->setPen(Qt::NoPen);
        band->setBrush(PlotStyle::bandColor(palette()));
        band->setSelectable(false);
    };
    for (int row = 0; row < bars.size(); ++row) {
        const TimelineBar &bar = bars.at(row);
        if (row == 0 || bar.group != group) {
            if (row > 0)
                closeGroup(row);
            group = bar.group;
            groupStart = row;
        }
        // Cut before eliding: eliding lays out the whole text, and a name can be megabytes.
        m_rowLabels.append(metrics.elidedText(rowText(bar).left(kMaxLabel), Qt::ElideRight, labelWidth));
        ticker->addTick(row, m_rowLabels.constLast());
    }
    closeGroup(int(bars.size()));
    plot->yAxis->setTicker(ticker);
    plot->yAxis->setRangeReversed(true); // the first step at the top
    plot->yAxis->grid()->setVisible(false);
    plot->yAxis->setTickLength(0, 0);
    plot->yAxis->setSubTicks(false);

    // One base + one visible bar chart per outcome: the base (invisible) holds the
    // start, the stacked visible bar the length.
    QHash<int, QCPBars *> bases;
    QHash<int, QCPGraph *> markers;
    for (int row = 0; row < bars.size(); ++row) {
        const TimelineBar &bar = bars.at(row);
        const int key = int(bar.outcome);
        const QColor colour = PlotStyle::outcomeColor(bar.outcome);
        if (bar.seconds() <= 0) {
            // No length: a diamond at its time, so that it is seen at all.
            QCPGraph *&marker = markers[key];
            if (!marker) {
                marker = plot->addGraph(plot->yAxis, plot->xAxis);
                marker->setLineStyle(QCPGraph::lsNone);
                marker->setScatterStyle(
                    QCPScatterStyle(QCPScatterStyle::ssDiamond, colour.darker(130), colour, 9));
                marker->setName(PlotStyle::outcomeWords(bar.outcome));
                marker->removeFromLegend();
            }
            marker->addData(row, bar.start);
            continue;
        }
        QCPBars *&visible = m_bars[key];
        if (!visible) {
            auto *base = new QCPBars(plot->yAxis, plot->xAxis);
            base->setPen(Qt::NoPen);
            base->setBrush(Qt::NoBrush);
            base->setWidth(kBarWidth);
            base->removeFromLegend();
            base->setSelectable(QCP::stNone);
            bases.insert(key, base);
            visible = new QCPBars(plot->yAxis, plot->xAxis);
            visible->setWidth(kBarWidth);
            visible->setPen(QPen(colour.darker(140)));
            visible->setBrush(colour);
            visible->setName(PlotStyle::outcomeWords(bar.outcome));
            visible->moveAbove(base);
        }
        bases.value(key)->addData(row, bar.start);
        visible->addData(row, bar.seconds());
    }
    // A state seen only as diamonds still gets its legend entry.
    for (auto it = markers.cbegin(); it != markers.cend(); ++it) {
        if (!m_bars.contains(it.key()))
            it.value()->addToLegend();
    }

    plot->xAxis->setLabel(m_timeline.approximate()
                              ? tr("seconds from the start of the run (approximate)")
                              : tr("seconds from the start of the run"));
    plot->xAxis2->setVisible(true); // the time axis stays in sight when the rows scroll
    plot->xAxis2->setTickLabels(true);
    connect(plot->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), plot->xAxis2,
            qOverload<const QCPRange &>(&QCPAxis::setRange));
    plot->axisRect()->setRangeDrag(Qt::Horizontal | Qt::Vertical);
    plot->axisRect()->setRangeZoom(Qt::Horizontal);

    placeLegendOnTop(
        m_timeline.approximate() ? tr(
            "Times approximate: a plain log has no clock.\nSteps laid end to end in log order, "
            "each as long as its DONE time.\n◆: a step with no time (CACHED, or DONE 0.0s).")
                                 : QString());
    PlotStyle::apply(plot, palette());
    resetView();

    const QString title = m_timeline.approximate()
        ? tr("Timeline of %1: %2 steps, about %3 (times approximate: plain log)")
              .arg(label)
              .arg(bars.size())
              .arg(PlotStyle::seconds(m_timeline.totalSeconds()))
        : tr("Timeline of %1: %2 steps in %3")
              .arg(label)
              .arg(bars.size())
              .arg(PlotStyle::seconds(m_timeline.totalSeconds()));
    showPlot(bars.size() > PlotStyle::MaxShownRows
                 ? tr("%1 — the first %2 rows; drag up and down for the others").arg(title).arg(PlotStyle::MaxShownRows)
                 : title,
             PlotStyle::shownRows(bars.size()) * PlotStyle::rowHeight(plot) + 4 * metrics.height() + 40);
}

void TimelinePlot::resetView()
{
    QCustomPlot *plot = this->plot();
    const double total = std::max(m_timeline.totalSeconds(), 0.001);
    plot->xAxis->setRange(-total * 0.01, total * 1.03);
    plot->yAxis->setRange(-0.6, std::max(PlotStyle::shownRows(m_timeline.bars().size()), 1) - 0.4);
    replot();
}

QString TimelinePlot::hoverText(const QPointF &pixel) const
{
    const QCustomPlot *plot = this->plot();
    if (m_timeline.bars().isEmpty() || !plot->axisRect()->rect().contains(pixel.toPoint()))
        return {};
    const int row = int(std::lround(plot->yAxis->pixelToCoord(pixel.y())));
    if (row < 0 || row >= m_timeline.bars().size())
        return {};
    const TimelineBar &bar = m_timeline.bars().at(row);
    QString text = QStringLiteral("%1\n%2 · %3, %4")
                       .arg(bar.name.size() > kMaxLabel ? bar.name.left(kMaxLabel) + QStringLiteral("…") : bar.name,
                            groupName(bar.group), PlotStyle::outcomeWords(bar.outcome),
                            PlotStyle::seconds(bar.seconds()));
    text += tr("\nfrom %1 to %2 after the start")
                .arg(PlotStyle::seconds(bar.start), PlotStyle::seconds(bar.end));
    if (m_timeline.approximate())
        text += tr(" (approximate)");
    return text;
}

} // namespace Cachelab
