// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/DurationsPlot.h"

#include "core/dockerfile/Dockerfile.h"
#include "ui/dag/DagStyle.h"
#include "ui/plots/PlotStyle.h"

#include <cmath>
#include <qcustomplot.h>

namespace Cachelab {

namespace {
constexpr double kBarWidth = 0.36;
constexpr int kRunKey = 100;

QString stepText(const StepDurationPair &pair)
{
    const StepLabel step = StepLabel::parse(pair.label);
    return step.valid ? QStringLiteral("%1 %2/%3  %4")
                            .arg(pair.stage)
                            .arg(step.index)
                            .arg(step.total)
                            .arg(step.instruction)
                      : pair.label;
}
} // namespace

DurationsPlot::DurationsPlot(QWidget *parent)
    : PlotView(parent)
{
    setRuns(nullptr, nullptr, {}, nullptr, {});
}

QCPBars *DurationsPlot::barsOf(int run, VertexOutcome outcome) const
{
    return m_bars.value(run * kRunKey + int(outcome));
}

int DurationsPlot::differingCount() const
{
    return int(std::count_if(m_pairs.cbegin(), m_pairs.cend(), [](const StepDurationPair &pair) {
        return pair.differs();
    }));
}

void DurationsPlot::setRuns(const Dockerfile *dockerfile, const BuildRun *runA,
                            const QString &labelA, const BuildRun *runB, const QString &labelB,
                            const RunAnalysis *analysisA, const RunAnalysis *analysisB)
{
    m_bars.clear();
    m_rowLabels.clear();
    m_pairs.clear();
    m_labelA = labelA;
    m_labelB = labelB;
    m_maxSeconds = 0;
    QCustomPlot *plot = newPlot();
    if (!runA || !runB) {
        showMessage(tr("Select two runs (Ctrl+click in Runs) to compare their step times."));
        return;
    }
    if (!dockerfile) {
        showMessage(tr("The step times are compared along the Dockerfile's steps, and this "
                       "project's Dockerfile cannot be read."));
        return;
    }
    m_pairs = StepDurationPairs::of(*dockerfile, *runA, *runB, analysisA, analysisB);
    if (m_pairs.isEmpty()) {
        showMessage(tr("The Dockerfile has no steps to compare."));
        return;
    }
    const QFontMetrics metrics(plot->font());
    const int labelWidth = metrics.averageCharWidth() * 38;
    const QColor differsBand
        = DagStyle::blend(palette().color(QPalette::Base), DagStyle::unexpectedColor(), 0.22);

    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    QString stage;
    for (int row = 0; row < m_pairs.size(); ++row) {
        const StepDurationPair &pair = m_pairs.at(row);
        const QString text = (pair.differs() ? QStringLiteral("≠ ") : QString()) + stepText(pair);
        // Cut before eliding: eliding lays out the whole text, and a name can be megabytes.
        m_rowLabels.append(metrics.elidedText(text.left(300), Qt::ElideRight, labelWidth));
        ticker->addTick(row, m_rowLabels.constLast());
        if (pair.differs()) {
            auto *band = new QCPItemRect(plot);
            band->setLayer(QStringLiteral("bands"));
            band->topLeft->setTypeX(QCPItemPosition::ptAxisRectRatio);
            band->bottomRight->setTypeX(QCPItemPosition::ptAxisRectRatio);
            band->topLeft->setCoords(0, row - 0.5);
            band->bottomRight->setCoords(1, row + 0.5);
            band->setPen(Qt::NoPen);
            band->setBrush(differsBand);
        }
        if (row > 0 && pair.stage != stage) {
            // A thin line between stages.
            auto *line = new QCPItemStraightLine(plot);
            line->setLayer(QStringLiteral("bands"));
            line->point1->setCoords(0, row - 0.5);
            line->point2->setCoords(1, row - 0.5);
            line->setPen(QPen(PlotStyle::bandColor(palette(), 0.3)));
        }
        stage = pair.stage;
    }
    plot->yAxis->setTicker(ticker);
    plot->yAxis->setRangeReversed(true);
    plot->yAxis->grid()->setVisible(false);
    plot->yAxis->setTickLength(0, 0);
    plot->yAxis->setSubTicks(false);

    // Bars per run and outcome; a step without a time is a diamond at 0.
    QHash<int, QCPGraph *> markers;
    for (int row = 0; row < m_pairs.size(); ++row) {
        const StepDurationPair &pair = m_pairs.at(row);
        for (int run = 0; run < 2; ++run) {
            const auto outcome = run == 0 ? pair.outcomeA : pair.outcomeB;
            const double seconds = run == 0 ? pair.secondsA : pair.secondsB;
            if (!outcome)
                continue; // not run: nothing to draw, the tooltip says so
            const double key = row + (run == 0 ? -kOffset : kOffset);
            const QColor colour = PlotStyle::outcomeColor(*outcome);
            const int id = run * kRunKey + int(*outcome);
            if (seconds <= 0) {
                QCPGraph *&marker = markers[id];
                if (!marker) {
                    marker = plot->addGraph(plot->yAxis, plot->xAxis);
                    marker->setLineStyle(QCPGraph::lsNone);
                    marker->setScatterStyle(QCPScatterStyle(
                        run == 0 ? QCPScatterStyle::ssDiamond : QCPScatterStyle::ssCircle,
                        colour.darker(130), run == 0 ? colour : QColor(Qt::white), 8));
                    marker->removeFromLegend();
                }
                marker->addData(key, 0);
                continue;
            }
            QCPBars *&bars = m_bars[id];
            if (!bars) {
                bars = new QCPBars(plot->yAxis, plot->xAxis);
                bars->setWidth(kBarWidth);
                bars->setPen(QPen(colour.darker(150)));
                bars->setBrush(run == 0 ? QBrush(colour) : QBrush(colour, Qt::BDiagPattern));
                bars->removeFromLegend();
            }
            bars->addData(key, seconds);
            m_maxSeconds = std::max(m_maxSeconds, seconds);
        }
    }

    // Legend: the states by colour, A and B by fill.
    QList<VertexOutcome> shown;
    for (const StepDurationPair &pair : std::as_const(m_pairs)) {
        for (const auto &outcome : { pair.outcomeA, pair.outcomeB }) {
            if (outcome && !shown.contains(*outcome))
                shown.append(*outcome);
        }
    }
    std::sort(shown.begin(), shown.end());
    for (VertexOutcome outcome : std::as_const(shown)) {
        auto *entry = new QCPBars(plot->yAxis, plot->xAxis); // no data: a legend entry only
        entry->setBrush(PlotStyle::outcomeColor(outcome));
        entry->setPen(QPen(PlotStyle::outcomeColor(outcome).darker(150)));
        entry->setName(PlotStyle::outcomeWords(outcome));
    }
    const QColor neutral = PlotStyle::bandColor(palette(), 0.55);
    const QString elidedA = metrics.elidedText(labelA, Qt::ElideMiddle, labelWidth * 2 / 3);
    const QString elidedB = metrics.elidedText(labelB, Qt::ElideMiddle, labelWidth * 2 / 3);
    for (int run = 0; run < 2; ++run) {
        auto *entry = new QCPBars(plot->yAxis, plot->xAxis);
        entry->setBrush(run == 0 ? QBrush(neutral) : QBrush(neutral, Qt::BDiagPattern));
        entry->setPen(QPen(neutral.darker(150)));
        entry->setName(run == 0 ? tr("A (upper, solid): %1").arg(elidedA)
                                : tr("B (lower, hatched): %1").arg(elidedB));
    }
    placeLegendOnTop(tr("≠ and a pink band: taken from a cache in one run, built in the other. "
                        "◆ (A) ○ (B): no time given."),
                     std::max(2, int(shown.size())));

    plot->xAxis->setLabel(tr("seconds the step took"));
    plot->xAxis2->setVisible(true);
    connect(plot->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), plot->xAxis2,
            qOverload<const QCPRange &>(&QCPAxis::setRange));
    plot->axisRect()->setRangeDrag(Qt::Horizontal | Qt::Vertical);
    plot->axisRect()->setRangeZoom(Qt::Horizontal);
    PlotStyle::apply(plot, palette());
    resetView();
    const QString title = tr("Step times, A: %1 against B: %2 — %n step(s) cached in one and rebuilt in the "
                             "other",
                             nullptr, differingCount())
                              .arg(labelA, labelB);
    showPlot(m_pairs.size() > PlotStyle::MaxShownRows
                 ? tr("%1 — the first %2 rows; drag up and down for the others").arg(title).arg(PlotStyle::MaxShownRows)
                 : title,
             PlotStyle::shownRows(m_pairs.size()) * PlotStyle::rowHeight(plot) * 3 / 2 + 4 * metrics.height() + 40);
}

void DurationsPlot::resetView()
{
    QCustomPlot *plot = this->plot();
    const double top = std::max(m_maxSeconds, 0.1);
    plot->xAxis->setRange(-top * 0.02, top * 1.05);
    plot->yAxis->setRange(-0.6, std::max(PlotStyle::shownRows(m_pairs.size()), 1) - 0.4);
    replot();
}

QString DurationsPlot::hoverText(const QPointF &pixel) const
{
    const QCustomPlot *plot = this->plot();
    if (m_pairs.isEmpty() || !plot->axisRect()->rect().contains(pixel.toPoint()))
        return {};
    const int row = int(std::lround(plot->yAxis->pixelToCoord(pixel.y())));
    if (row < 0 || row >= m_pairs.size())
        return {};
    const StepDurationPair &pair = m_pairs.at(row);
    auto describe = [](const std::optional<VertexOutcome> &outcome, double seconds) {
        return outcome ? QStringLiteral("%1, %2").arg(PlotStyle::outcomeWords(*outcome),
                                                      PlotStyle::seconds(seconds))
                       : tr("not run");
    };
    QString text = tr("%1\nA (%2): %3\nB (%4): %5")
                       .arg(pair.label, m_labelA, describe(pair.outcomeA, pair.secondsA), m_labelB,
                            describe(pair.outcomeB, pair.secondsB));
    if (pair.differs())
        text += tr("\ntaken from a cache in one run, built in the other");
    return text;
}

} // namespace Cachelab
