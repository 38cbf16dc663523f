// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/RunSummary.h"

namespace Cachelab {

double RunSummary::hitRatio() const
{
    const int finished = ran + cached + loaded + failed;
    return finished == 0 ? 0.0 : double(cached + loaded) / finished;
}

RunSummary RunSummary::of(const BuildRun &run)
{
    RunSummary summary;
    const auto steps = run.stepVertices();
    summary.steps = int(steps.size());
    for (const BuildVertex *vertex : steps) {
        switch (vertex->outcome()) {
        case VertexOutcome::Ran:
            ++summary.ran;
            break;
        case VertexOutcome::Cached:
            ++summary.cached;
            break;
        case VertexOutcome::Loaded:
            ++summary.loaded;
            break;
        case VertexOutcome::Failed:
            ++summary.failed;
            break;
        case VertexOutcome::Canceled:
            ++summary.canceled;
            break;
        case VertexOutcome::Running:
            ++summary.running;
            break;
        }
    }
    const CacheExport exported = run.cacheExport();
    summary.exporter = exported.exporter;
    summary.exportedLayers = int(exported.layers.size());
    return summary;
}

} // namespace Cachelab
