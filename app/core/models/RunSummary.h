// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/analysis/RunStepMatcher.h"
#include "core/progress/BuildRun.h"

#include <QJsonObject>

namespace Cachelab {

class Dockerfile;

// The numbers a run list, the run header and the history plots show for one run. With
// its Dockerfile, they count the steps of the stages the target needs, as the graph
// and its legend do (a FROM shared by five stages is five steps); without one, the
// step vertices of the log.
struct RunSummary
{
    int steps = 0;
    int notRun = 0; // steps of the Dockerfile with no vertex in the run (yet)
    int ran = 0;
    int cached = 0;
    int loaded = 0;
    int failed = 0;
    int canceled = 0;
    int running = 0;
    int exportedLayers = 0;
    CacheExport::Exporter exporter = CacheExport::Exporter::None;

    // Cached and loaded steps over all steps that finished; 0 when none did.
    double hitRatio() const;
    // "ran 19, cached 2, loaded 0, failed 0 of 21 steps; exported 3 layer(s)", and the same
    // as JSON fields, for the command line verbs that list runs.
    QString toText() const;
    QJsonObject toJson() const;
    static RunSummary of(const BuildRun &run, const Dockerfile *dockerfile = nullptr);
    // From the run's steps already matched to the Dockerfile (RunAnalysis).
    static RunSummary of(const BuildRun &run, const Dockerfile &dockerfile,
                         const QList<StepResult> &results);

private:
    void addExport(const BuildRun &run);
};

} // namespace Cachelab
