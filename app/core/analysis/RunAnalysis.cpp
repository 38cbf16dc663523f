// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/analysis/RunAnalysis.h"

namespace Cachelab {

StepResult RunAnalysis::result(const StepRef &step) const
{
    return byStep.value(step, StepResult { step, 0, VertexOutcome::Running, false });
}

RunAnalysis RunAnalysis::of(const BuildRun &run, const Dockerfile *dockerfile)
{
    RunAnalysis analysis;
    if (dockerfile) {
        analysis.steps = RunStepMatcher(*dockerfile).results(run);
        for (const StepResult &result : std::as_const(analysis.steps))
            analysis.byStep.insert(result.step, result);
        analysis.summary = RunSummary::of(run, *dockerfile, analysis.steps);
    } else {
        analysis.summary = RunSummary::of(run);
    }
    return analysis;
}

} // namespace Cachelab
