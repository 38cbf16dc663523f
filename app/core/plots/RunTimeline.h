// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/progress/BuildRun.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Cachelab {

// One vertex of a run on a time axis: seconds from the run's first start.
struct TimelineBar
{
    int vertexId = 0;
    QString group; // the step's stage ("build-public"), "" for a one-stage file, or kBuildKitGroup
    QString name; // the vertex name as BuildKit printed it
    int stepIndex = 0; // i of "[stage i/n]"; 0 for vertices that are not Dockerfile steps
    double start = 0;
    double end = 0; // == start for a step with no time (CACHED in a plain log)
    VertexOutcome outcome = VertexOutcome::Running;
    bool isStep = false; // a Dockerfile step, as opposed to BuildKit's own work

    double seconds() const { return end - start; }
};

// A run's vertices as bars from start to end, grouped by stage. rawjson logs carry
// each vertex's real start and completion; plain logs do not, so the bars are laid one
// after another in the order the log first shows the vertices, each as long as its DONE
// time. That ignores parallel stages (the total comes out longer than the build took),
// which is why such a timeline says it is approximate.
class RunTimeline
{
public:
    static const QString kBuildKitGroup; // "BuildKit": [internal] loads, cache import/export

    static RunTimeline of(const BuildRun &run);

    const QList<TimelineBar> &bars() const { return m_bars; } // grouped, then by start
    QStringList groups() const; // in order of their first start
    bool approximate() const { return m_approximate; }
    double totalSeconds() const; // the end of the last bar

private:
    void addRawJson(const BuildRun &run);
    void addPlain(const BuildRun &run);
    void sortIntoGroups();

    QList<TimelineBar> m_bars;
    bool m_approximate = false;
};

} // namespace Cachelab
