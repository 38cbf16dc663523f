// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/RunSummary.h"

#include "core/analysis/RunStepMatcher.h"
#include "core/dockerfile/Dockerfile.h"

namespace Cachelab {

double RunSummary::hitRatio() const
{
    const int finished = ran + cached + loaded + failed;
    return finished == 0 ? 0.0 : double(cached + loaded) / finished;
}

QString RunSummary::toText() const
{
    return QStringLiteral("ran %1, cached %2, loaded %3, failed %4 of %5 steps; exported %6 layer(s)")
        .arg(ran)
        .arg(cached)
        .arg(loaded)
        .arg(failed)
        .arg(steps)
        .arg(exportedLayers);
}

QJsonObject RunSummary::toJson() const
{
    return { { QStringLiteral("steps"), steps },
             { QStringLiteral("ran"), ran },
             { QStringLiteral("cached"), cached },
             { QStringLiteral("loaded"), loaded },
             { QStringLiteral("failed"), failed },
             { QStringLiteral("exportedLayers"), exportedLayers },
             { QStringLiteral("exporter"), CacheExport::exporterName(exporter) } };
}

namespace {
void count(RunSummary &summary, VertexOutcome outcome)
{
    switch (outcome) {
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
} // namespace

RunSummary RunSummary::of(const BuildRun &run, const Dockerfile *dockerfile)
{
    if (dockerfile)
        return of(run, *dockerfile, RunStepMatcher(*dockerfile).results(run));
    RunSummary summary;
    const auto steps = run.stepVertices();
    summary.steps = int(steps.size());
    for (const BuildVertex *vertex : steps)
        count(summary, vertex->outcome());
    summary.addExport(run);
    return summary;
}

RunSummary RunSummary::of(const BuildRun &run, const Dockerfile &dockerfile,
                          const QList<StepResult> &results)
{
    RunSummary summary;
    const QList<DockerfileStage> &stages = dockerfile.stages();
    for (const StepResult &result : results) {
        if (!stages.at(result.step.stage).needed)
            continue;
        ++summary.steps;
        if (result.seen())
            count(summary, result.outcome);
        else
            ++summary.notRun;
    }
    summary.addExport(run);
    return summary;
}

void RunSummary::addExport(const BuildRun &run)
{
    const CacheExport exported = run.cacheExport();
    exporter = exported.exporter;
    exportedLayers = int(exported.layers.size());
}

} // namespace Cachelab
