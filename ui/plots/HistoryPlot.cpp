// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/HistoryPlot.h"

#include "ui/dag/DagStyle.h"
#include "ui/plots/PlotStyle.h"

#include <cmath>
#include <limits>
#include <qcustomplot.h>

namespace Cachelab {

namespace {
// Script colours: the Okabe–Ito colours the states do not use, then greys.
QColor scriptColor(int index)
{
    static const QColor colours[]
        = { QColor(0x00, 0x72, 0xB2), QColor(0xCC, 0x79, 0xA7), QColor(0x00, 0x9E, 0x73),
            QColor(0xE6, 0x9F, 0x00), QColor(0x56, 0xB4, 0xE9), QColor(0x55, 0x55, 0x55) };
    return colours[index % int(std::size(colours))];
}

QString metricLabel(HistoryPlot::Metric metric)
{
    switch (metric) {
    case HistoryPlot::HitRatio:
        return QCoreApplication::translate("Cachelab::HistoryPlot", "hits (%)");
    case HistoryPlot::BuildTime:
        return QCoreApplication::translate("Cachelab::HistoryPlot", "time (s)");
    case HistoryPlot::ExportedLayers:
        return QCoreApplication::translate("Cachelab::HistoryPlot", "layers");
    case HistoryPlot::NUM_METRICS:
        break;
    }
    return {};
}
} // namespace

HistoryPlot::HistoryPlot(QWidget *parent)
    : PlotView(parent)
{
    setRuns({});
}

double HistoryPlot::valueOf(const RunHistoryPoint &point, Metric metric)
{
    switch (metric) {
    case HitRatio:
        return point.hitRatio * 100;
    case BuildTime:
        return point.buildSeconds;
    case ExportedLayers:
        // An inline cache or no export has no layer count: a gap, not a zero.
        return point.exportedCache ? point.exportedLayers
                                   : std::numeric_limits<double>::quiet_NaN();
    case NUM_METRICS:
        break;
    }
    return 0;
}

void HistoryPlot::setRuns(const QList<RunHistoryPoint> &points, const QStringList &shownIds)
{
    m_points = points;
    m_shownIds = shownIds;
    m_scripts.clear();
    for (const RunHistoryPoint &point : points) {
        if (!m_scripts.contains(point.script))
            m_scripts.append(point.script);
    }
    buildWhenShown(titleText(), points.isEmpty());
}

QString HistoryPlot::titleText() const
{
    return tr("History of %n run(s): cache hits, build time and exported cache layers, by script",
              nullptr, int(m_points.size()));
}

void HistoryPlot::build()
{
    const QList<RunHistoryPoint> &points = m_points;
    const QStringList &shownIds = m_shownIds;
    for (auto &rect : m_rects)
        rect = nullptr;
    for (auto &line : m_lines)
        line = nullptr;
    QCustomPlot *plot = newPlot();
    if (points.isEmpty()) {
        showMessage(tr("The project's runs show here: cache hits, build time and exported "
                       "layers per run."));
        return;
    }
    const QFontMetrics metrics(plot->font());

    // Rows: legend on top, then one axis rect per metric sharing the run axis.
    plot->plotLayout()->clear(); // deletes the default axis rect and legend
    auto *legend = new QCPLegend;
    auto *legendRow = new QCPLayoutGrid;
    plot->plotLayout()->addElement(0, 0, legendRow);
    legendRow->addElement(0, 0, legend);
    legend->setLayer(QStringLiteral("legend"));
    legend->setWrap(4);
    legend->setFillOrder(QCPLegend::foColumnsFirst);
    legend->setBorderPen(Qt::NoPen);
    legendRow->addElement(0, 1, new QCPLayoutElement(plot)); // takes the rest
    legendRow->setColumnStretchFactor(0, 0.001);
    plot->plotLayout()->setRowStretchFactor(0, 0.001);
    auto *margins = new QCPMarginGroup(plot);

    // X ticks: run number and script; slanted when there are many.
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    // Many runs: the number only (the colour says the script, the tooltip the rest).
    const bool numbersOnly = points.size() > 5;
    for (int i = 0; i < points.size(); ++i)
        ticker->addTick(i + 1,
                        numbersOnly ? QString::number(i + 1)
                                    : QStringLiteral("%1 %2").arg(i + 1).arg(points.at(i).script));
    const QColor line = PlotStyle::bandColor(palette(), 0.45);
    for (int m = 0; m < NUM_METRICS; ++m) {
        const auto metric = Metric(m);
        auto *rect = new QCPAxisRect(plot);
        m_rects[m] = rect;
        plot->plotLayout()->addElement(m + 1, 0, rect);
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
        QCPAxis *x = rect->axis(QCPAxis::atBottom);
        QCPAxis *y = rect->axis(QCPAxis::atLeft);
        x->setTicker(ticker);
        x->setSubTicks(false);
        x->grid()->setVisible(false);
        x->setTickLabels(m == NUM_METRICS - 1);
        // Few ticks: a row is short. Layers are counted in whole numbers.
        if (metric == ExportedLayers) {
            auto layers = QSharedPointer<QCPAxisTickerFixed>::create();
            layers->setTickStep(1);
            layers->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
            layers->setTickCount(3);
            y->setTicker(layers);
        } else {
            y->ticker()->setTickCount(3);
        }
        y->setLabel(metricLabel(metric));
        rect->setRangeDrag(Qt::Horizontal);
        rect->setRangeZoom(Qt::Horizontal);
        for (QCPAxis *axis : rect->axes())
            axis->setLayer(QStringLiteral("axes"));
        for (QCPAxis *axis : rect->axes())
            axis->grid()->setLayer(QStringLiteral("grid"));

        // Shown runs: a band behind their column.
        for (int i = 0; i < points.size(); ++i) {
            if (!shownIds.contains(points.at(i).runId))
                continue;
            auto *band = new QCPItemRect(plot);
            band->setLayer(QStringLiteral("bands"));
            band->setClipAxisRect(rect);
            band->topLeft->setAxes(x, y);
            band->bottomRight->setAxes(x, y);
            band->topLeft->setAxisRect(rect);
            band->bottomRight->setAxisRect(rect);
            band->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
            band->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
            band->topLeft->setCoords(i + 1 - 0.4, 0);
            band->bottomRight->setCoords(i + 1 + 0.4, 1);
            band->setPen(Qt::NoPen);
            band->setBrush(PlotStyle::bandColor(palette(), 0.1));
        }

        // The line through all runs, then one point graph per script (the legend's entries).
        QCPGraph *all = plot->addGraph(x, y);
        all->setPen(QPen(line, 1.5));
        all->removeFromLegend();
        m_lines[m] = all;
        for (int i = 0; i < points.size(); ++i)
            all->addData(i + 1, valueOf(points.at(i), metric));
        for (int s = 0; s < m_scripts.size(); ++s) {
            for (bool hollow : { false, true }) {
                QCPGraph *dots = plot->addGraph(x, y);
                dots->setLineStyle(QCPGraph::lsNone);
                const QColor colour = scriptColor(s);
                dots->setScatterStyle(
                    QCPScatterStyle(QCPScatterStyle::ssCircle, colour,
                                    hollow ? palette().color(QPalette::Base) : colour, 9));
                dots->setName(m_scripts.at(s));
                dots->removeFromLegend();
                if (m == 0 && !hollow)
                    dots->addToLegend(legend);
                for (int i = 0; i < points.size(); ++i) {
                    const RunHistoryPoint &point = points.at(i);
                    const bool approximate = metric == BuildTime && point.buildTimeApproximate;
                    if (point.script == m_scripts.at(s) && approximate == hollow)
                        dots->addData(i + 1, valueOf(point, metric));
                }
            }
        }
    }
    // The run axes move together.
    for (int m = 1; m < NUM_METRICS; ++m) {
        connect(m_rects[0]->axis(QCPAxis::atBottom),
                qOverload<const QCPRange &>(&QCPAxis::rangeChanged),
                m_rects[m]->axis(QCPAxis::atBottom),
                qOverload<const QCPRange &>(&QCPAxis::setRange));
        connect(m_rects[m]->axis(QCPAxis::atBottom),
                qOverload<const QCPRange &>(&QCPAxis::rangeChanged),
                m_rects[0]->axis(QCPAxis::atBottom),
                qOverload<const QCPRange &>(&QCPAxis::setRange));
    }
    const bool anyApproximate
        = std::any_of(points.cbegin(), points.cend(), [](const RunHistoryPoint &point) {
              return point.buildTimeApproximate;
          });
    if (anyApproximate) {
        auto *note = new QCPTextElement(
            plot,
            tr("○ build time from a plain log's DONE times (no clock): approximate. "
               "Run numbers: oldest first."),
            QFont(plot->font()));
        note->setTextColor(palette().color(QPalette::Text));
        note->setTextFlags(Qt::AlignLeft | Qt::AlignVCenter);
        legendRow->addElement(1, 0, note);
    }
    PlotStyle::apply(plot, palette());
    PlotStyle::styleLegend(legend, palette());
    resetView();
    showPlot(titleText(), 3 * 5 * metrics.height());
}

void HistoryPlot::resetView()
{
    if (m_points.isEmpty())
        return;
    for (int m = 0; m < NUM_METRICS; ++m) {
        QCPAxisRect *rect = m_rects[m];
        rect->axis(QCPAxis::atBottom)->setRange(0.5, m_points.size() + 0.5);
        double top = 0;
        for (const RunHistoryPoint &point : std::as_const(m_points)) {
            const double value = valueOf(point, Metric(m));
            if (!std::isnan(value))
                top = std::max(top, value);
        }
        if (m == HitRatio)
            top = 100;
        else
            top = std::max(top * 1.15, m == ExportedLayers ? 4.0 : 0.5);
        rect->axis(QCPAxis::atLeft)->setRange(0, top);
    }
    replot();
}

QString HistoryPlot::hoverText(const QPointF &pixel) const
{
    if (m_points.isEmpty())
        return {};
    for (int m = 0; m < NUM_METRICS; ++m) {
        const QCPAxisRect *rect = m_rects[m];
        if (!rect->rect().contains(pixel.toPoint()))
            continue;
        const int run
            = int(std::lround(rect->axis(QCPAxis::atBottom)->pixelToCoord(pixel.x()))) - 1;
        if (run < 0 || run >= m_points.size())
            return {};
        const RunHistoryPoint &point = m_points.at(run);
        QString text = tr("Run %1: %2 (%3)").arg(run + 1).arg(point.label, point.script);
        if (point.started.isValid())
            text += QLatin1Char('\n')
                + point.started.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        text += tr("\ncache hits: %1 % (%2 ran, %3 cached, %4 loaded)")
                    .arg(point.hitRatio * 100, 0, 'f', 0)
                    .arg(point.summary.ran)
                    .arg(point.summary.cached)
                    .arg(point.summary.loaded);
        text += tr("\nbuild time: %1%2")
                    .arg(PlotStyle::seconds(point.buildSeconds),
                         point.buildTimeApproximate ? tr(" (approximate, from DONE times)")
                                                    : QString());
        text += point.exportedCache
            ? tr("\nexported cache: %n layer(s)", nullptr, point.exportedLayers)
            : point.summary.exporter == CacheExport::Exporter::Inline
            ? tr("\nexported cache: inline (no layer count)")
            : tr("\nno cache export");
        return text;
    }
    return {};
}

} // namespace Cachelab
