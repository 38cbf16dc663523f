// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/analysis/RunStepMatcher.h"
#include "core/models/RunSummary.h"

#include <memory>
#include <QHash>
#include <QList>

namespace Cachelab {

// What a finished run did to its Dockerfile, worked out once: each step of the target's
// stages matched to the vertex that stood for it (outcome, loaded or ran), and the counts
// and exported layers the run list, header and history show. Immutable and shared: the
// graph, the step table, the plots, the step details and Explain all read the same one
// (RunListModel keeps it per run and per Dockerfile version). A live run is matched as it
// grows instead, by whoever shows it.
struct RunAnalysis
{
    QList<StepResult> steps; // Dockerfile order; empty without a Dockerfile
    QHash<StepRef, StepResult> byStep;
    RunSummary summary;

    // The result for a step; a "not run" result when the run has none.
    StepResult result(const StepRef &step) const;

    static RunAnalysis of(const BuildRun &run, const Dockerfile *dockerfile);
};

using RunAnalysisPtr = std::shared_ptr<const RunAnalysis>;

} // namespace Cachelab
