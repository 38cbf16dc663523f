// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/analysis/RunAnalysis.h"

#include <optional>
#include <QList>
#include <QString>

namespace Cachelab {

// One Dockerfile step in two runs: how long it took in each and what each did.
struct StepDurationPair
{
    StepRef step;
    QString stage; // the stage's name
    QString label; // "[build-public 4/8] COPY assets assets"
    double secondsA = -1; // -1: no time (not run, or CACHED without one)
    double secondsB = -1;
    std::optional<VertexOutcome> outcomeA; // nullopt: the run has no vertex for the step
    std::optional<VertexOutcome> outcomeB;

    // Taken from a cache in one run and built in the other: the steps that explain why
    // one build took longer.
    bool differs() const;
};

// The steps of the stages the target needs, in Dockerfile order, with their times in
// run A and run B (the step table's rows, as numbers to plot).
namespace StepDurationPairs {

// analysisA/B: the runs' steps already matched (RunAnalysis); matched here when null.
QList<StepDurationPair> of(const Dockerfile &dockerfile, const BuildRun &runA,
                           const BuildRun &runB, const RunAnalysis *analysisA = nullptr,
                           const RunAnalysis *analysisB = nullptr);
bool fromCache(VertexOutcome outcome); // cached or loaded

} // namespace StepDurationPairs

} // namespace Cachelab
