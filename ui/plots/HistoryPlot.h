// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/plots/RunHistorySeries.h"
#include "ui/plots/PlotView.h"

class QCPAxisRect;
class QCPGraph;

namespace Cachelab {

// A project's runs, oldest first, in three rows sharing the run axis: cache hit ratio,
// build time and exported cache layers. Points are coloured by the script that made
// the run; the shown runs are marked with a band. A build time from a plain log's DONE
// times (no clock) is a hollow point.
class HistoryPlot : public PlotView
{
    Q_OBJECT
public:
    enum Metric
    {
        HitRatio,
        BuildTime,
        ExportedLayers,
        NUM_METRICS
    };

    explicit HistoryPlot(QWidget *parent = nullptr);

    void setRuns(const QList<RunHistoryPoint> &points, const QStringList &shownIds = {});
    const QList<RunHistoryPoint> &points() const { return m_points; }
    // The line through all runs of one metric: key = run number (1 = oldest), value in
    // the row's unit (percent, seconds, layers; NaN where a run has no value).
    QCPGraph *lineOf(Metric metric) const { return m_lines[metric]; }
    QCPAxisRect *rectOf(Metric metric) const { return m_rects[metric]; }
    QStringList scripts() const { return m_scripts; }

    QString hoverText(const QPointF &pixel) const override;
    void resetView() override;

protected:
    void build() override;

private:
    static double valueOf(const RunHistoryPoint &point, Metric metric);
    QString titleText() const;

    QList<RunHistoryPoint> m_points;
    QStringList m_shownIds;
    // The plot of thousands of runs takes a while to build and draw: built when shown,
    // not at each selection while another tab or view is in front.
    QStringList m_scripts; // in order of first run
    QCPAxisRect *m_rects[NUM_METRICS] = {};
    QCPGraph *m_lines[NUM_METRICS] = {};
};

} // namespace Cachelab
