// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/dockerfile/Dockerfile.h"
#include "core/explain/RebuildExplanation.h"
#include "core/progress/BuildRun.h"

namespace Cachelab {

struct RunAnalysis;

// Compares what a run did with what the change between two runs should have made it do
// (RebuildPredictor), and finds, for the steps that ran although nothing they use had
// changed, the cause the evidence supports: the previous run's cache export (min mode,
// inline, the layers it wrote), the cache flags of the scripts (BuildKit ignores unknown
// keys), and the run's own cache import.
class RebuildExplainer
{
public:
    explicit RebuildExplainer(const Dockerfile &dockerfile);

    // before: the run whose cache the after run should have used (may be null);
    // expectations: RebuildPredictor's for `changed`, the files changed in between; flags and
    // findings: CacheFlagLint's for the scripts that made the runs; afterAnalysis: the
    // after run's steps already matched (RunAnalysis), matched here when null.
    RebuildExplanation explain(const BuildRun *before, const BuildRun &after,
                               const QList<StepExpectation> &expectations,
                               const QStringList &changed, const QList<CacheFlag> &flags = {},
                               const QList<LintFinding> &findings = {},
                               const RunAnalysis *afterAnalysis = nullptr) const;

private:
    void findCause(const BuildRun *before, const BuildRun &after, const QList<CacheFlag> &flags,
                   RebuildExplanation &explanation) const;

    const Dockerfile &m_dockerfile;
};

} // namespace Cachelab
