// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/plots/RunTimeline.h"

#include <algorithm>
#include <QHash>

namespace Cachelab {

const QString RunTimeline::kBuildKitGroup = QStringLiteral("BuildKit");

namespace {
TimelineBar barOf(const BuildVertex &vertex)
{
    TimelineBar bar;
    bar.vertexId = vertex.id;
    bar.name = vertex.name();
    bar.outcome = vertex.outcome();
    const StepLabel step = vertex.step();
    bar.isStep = step.valid;
    bar.group = step.valid ? step.stage : RunTimeline::kBuildKitGroup;
    bar.stepIndex = step.valid ? step.index : 0;
    return bar;
}
} // namespace

RunTimeline RunTimeline::of(const BuildRun &run)
{
    RunTimeline timeline;
    // Wall-clock times: rawjson's own, or a CI wrapper's around a plain log (LogWrapper).
    const bool timed = run.format == BuildRun::Format::RawJson
        || std::any_of(run.vertices.cbegin(), run.vertices.cend(),
                       [](const BuildVertex &vertex) { return vertex.started.isValid(); });
    if (timed)
        timeline.addRawJson(run);
    else
        timeline.addPlain(run);
    timeline.sortIntoGroups();
    return timeline;
}

void RunTimeline::addRawJson(const BuildRun &run)
{
    QDateTime origin;
    QDateTime last;
    for (const BuildVertex &vertex : run.vertices) {
        if (vertex.started.isValid() && (!origin.isValid() || vertex.started < origin))
            origin = vertex.started;
        for (const QDateTime &time : { vertex.started, vertex.completed }) {
            if (time.isValid() && (!last.isValid() || time > last))
                last = time;
        }
    }
    for (const BuildVertex &vertex : run.vertices) {
        if (!vertex.started.isValid() || vertex.name().isEmpty())
            continue; // listed up front but never started (a failed build)
        TimelineBar bar = barOf(vertex);
        bar.start = origin.msecsTo(vertex.started) / 1000.0;
        // Not completed: it ran until the log ends (canceled, or the log is cut).
        bar.end = origin.msecsTo(vertex.completed.isValid() ? vertex.completed : last) / 1000.0;
        m_bars.append(bar);
    }
}

void RunTimeline::addPlain(const BuildRun &run)
{
    m_approximate = true;
    double clock = 0;
    for (const BuildVertex &vertex : run.vertices) {
        if (vertex.name().isEmpty())
            continue;
        TimelineBar bar = barOf(vertex);
        bar.start = clock;
        bar.end = clock + std::max(0.0, vertex.seconds); // CACHED has no time: -1
        clock = bar.end;
        m_bars.append(bar);
    }
}

void RunTimeline::sortIntoGroups()
{
    QHash<QString, double> groupStart;
    for (const TimelineBar &bar : std::as_const(m_bars)) {
        const auto found = groupStart.constFind(bar.group);
        if (found == groupStart.constEnd() || bar.start < *found)
            groupStart.insert(bar.group, bar.start);
    }
    // Stable: equal keys keep the log's order.
    std::stable_sort(m_bars.begin(), m_bars.end(),
                     [&groupStart](const TimelineBar &a, const TimelineBar &b) {
                         if (a.group != b.group) {
                             const double startA = groupStart.value(a.group);
                             const double startB = groupStart.value(b.group);
                             return startA != startB ? startA < startB : a.group < b.group;
                         }
                         // Within a stage, build order; BuildKit's own work by start.
                         if (a.stepIndex != b.stepIndex)
                             return a.stepIndex < b.stepIndex;
                         return a.start < b.start;
                     });
}

QStringList RunTimeline::groups() const
{
    QStringList groups;
    for (const TimelineBar &bar : m_bars) {
        if (!groups.contains(bar.group))
            groups.append(bar.group);
    }
    return groups;
}

double RunTimeline::totalSeconds() const
{
    double total = 0;
    for (const TimelineBar &bar : m_bars)
        total = std::max(total, bar.end);
    return total;
}

} // namespace Cachelab
