// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/plots/StepDurationPairs.h"

#include <QHash>

namespace Cachelab {

bool StepDurationPairs::fromCache(VertexOutcome outcome)
{
    return outcome == VertexOutcome::Cached || outcome == VertexOutcome::Loaded;
}

bool StepDurationPair::differs() const
{
    if (!outcomeA || !outcomeB)
        return false;
    const bool ranA = *outcomeA == VertexOutcome::Ran;
    const bool ranB = *outcomeB == VertexOutcome::Ran;
    return (ranA && StepDurationPairs::fromCache(*outcomeB))
        || (ranB && StepDurationPairs::fromCache(*outcomeA));
}

namespace {
using Results = QHash<StepRef, StepResult>;

Results resultsOf(const RunStepMatcher &matcher, const BuildRun &run, const RunAnalysis *analysis)
{
    if (analysis)
        return analysis->byStep;
    Results byStep;
    for (const StepResult &result : matcher.results(run))
        byStep.insert(result.step, result);
    return byStep;
}

void fill(const Results &results, const BuildRun &run, const StepRef &step, double *seconds,
          std::optional<VertexOutcome> *outcome)
{
    const StepResult result = results.value(step);
    if (!result.seen())
        return;
    *outcome = result.outcome;
    if (const BuildVertex *vertex = run.vertexById(result.vertexId))
        *seconds = vertex->seconds;
}
} // namespace

QList<StepDurationPair> StepDurationPairs::of(const Dockerfile &dockerfile, const BuildRun &runA,
                                              const BuildRun &runB, const RunAnalysis *analysisA,
                                              const RunAnalysis *analysisB)
{
    const RunStepMatcher matcher(dockerfile);
    const Results resultsA = resultsOf(matcher, runA, analysisA);
    const Results resultsB = resultsOf(matcher, runB, analysisB);
    QList<StepDurationPair> pairs;
    for (const DockerfileStage &stage : dockerfile.stages()) {
        if (!stage.needed)
            continue;
        for (const DockerfileStep &step : stage.steps) {
            StepDurationPair pair;
            pair.step = { step.stage, step.number };
            pair.stage = stage.name;
            pair.label = step.label;
            fill(resultsA, runA, pair.step, &pair.secondsA, &pair.outcomeA);
            fill(resultsB, runB, pair.step, &pair.secondsB, &pair.outcomeB);
            pairs.append(pair);
        }
    }
    return pairs;
}

} // namespace Cachelab
