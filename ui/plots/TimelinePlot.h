// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/plots/RunTimeline.h"
#include "ui/plots/PlotView.h"

#include <optional>
#include <QHash>

class QCPBars;
class QCPGraph;

namespace Cachelab {

// A run's steps as bars from start to end on a time axis, one row per vertex, grouped
// by stage (alternate bands), coloured by what the run did. Steps with no time of their
// own (CACHED in a plain log) are diamonds at their place in the log. A plain log's
// bars are approximate, and the legend says so.
class TimelinePlot : public PlotView
{
    Q_OBJECT
public:
    explicit TimelinePlot(QWidget *parent = nullptr);

    // nullptr: no run shown. Drawn when the plot is shown (or asked about, or exported):
    // a run of 300,000 steps is seconds of timeline nobody may look at.
    void setRun(const BuildRun *run, const QString &label);
    const RunTimeline &timeline() const
    {
        built();
        return m_timeline;
    }

    // The bars of one outcome (stacked on an invisible base that holds the start);
    // nullptr when no bar has it. Key: the row; value: the bar's length in seconds.
    QCPBars *barsOf(VertexOutcome outcome) const { return built().m_bars.value(int(outcome)); }
    // The row of a bar (0 at the top); -1 when none has the vertex.
    int rowOf(int vertexId) const;
    QString rowLabel(int row) const;

    QString hoverText(const QPointF &pixel) const override;
    void resetView() override;

protected:
    void build() override;

private:
    // Logically const: the plot of what setRun() gave, made now if it was not yet.
    const TimelinePlot &built() const
    {
        const_cast<TimelinePlot *>(this)->buildIfStale();
        return *this;
    }

    std::optional<BuildRun> m_run; // what setRun() gave (a copy shares the vertices)
    QHash<int, QCPBars *> m_bars; // by VertexOutcome
    RunTimeline m_timeline;
    QString m_label;
    QStringList m_rowLabels;
};

} // namespace Cachelab
