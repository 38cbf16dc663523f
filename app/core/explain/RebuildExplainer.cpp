// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/explain/RebuildExplainer.h"

#include "core/analysis/RunAnalysis.h"
#include "core/analysis/RunStepMatcher.h"

#include <QHash>

namespace Cachelab {

namespace {

ExplainedStep::Verdict verdictOf(StepExpectation::Expect expect, const StepResult &result,
                                 bool baseImage)
{
    using Verdict = ExplainedStep::Verdict;
    using Expect = StepExpectation::Expect;
    if (!result.seen())
        return Verdict::NotRun;
    // A FROM of an image is DONE when its layers are fetched for a step that runs: it is
    // the image, not a cache miss.
    if (baseImage && result.outcome == VertexOutcome::Ran)
        return Verdict::Cached;
    switch (result.outcome) {
    case VertexOutcome::Failed:
    case VertexOutcome::Canceled:
        return Verdict::Failed;
    case VertexOutcome::Running:
        return Verdict::NotRun;
    case VertexOutcome::Cached:
    case VertexOutcome::Loaded:
        return expect == Expect::MustRebuild ? Verdict::CachedAlthoughChanged : Verdict::Cached;
    case VertexOutcome::Ran:
        break;
    }
    switch (expect) {
    case Expect::MustRebuild:
        return Verdict::ExpectedRebuild;
    case Expect::MayRebuild:
        return Verdict::AllowedRebuild;
    case Expect::Cached:
        break;
    }
    return Verdict::UnexpectedRebuild;
}

const DockerfileStep *stepOf(const Dockerfile &dockerfile, const StepRef &ref)
{
    const DockerfileStage *stage = dockerfile.stage(ref.stage);
    return stage ? dockerfile.step(stage->name, ref.number) : nullptr;
}

// The vertex of the run's cache import, if any: "importing cache manifest from <ref>".
const BuildVertex *importVertex(const BuildRun &run)
{
    for (const BuildVertex &vertex : run.vertices) {
        if (vertex.name().startsWith(QLatin1String("importing cache manifest from ")))
            return &vertex;
    }
    return nullptr;
}

} // namespace

RebuildExplainer::RebuildExplainer(const Dockerfile &dockerfile)
    : m_dockerfile(dockerfile)
{ }

RebuildExplanation RebuildExplainer::explain(const BuildRun *before, const BuildRun &after,
                                             const QList<StepExpectation> &expectations,
                                             const QStringList &changed,
                                             const QList<CacheFlag> &flags,
                                             const QList<LintFinding> &findings,
                                             const RunAnalysis *afterAnalysis) const
{
    RebuildExplanation explanation;
    explanation.dockerfile = m_dockerfile.path();
    explanation.before = before ? before->source : QString();
    explanation.after = after.source;
    explanation.findings = findings;
    explanation.changedFiles = changed;

    QHash<StepRef, StepResult> observed;
    if (afterAnalysis) {
        observed = afterAnalysis->byStep;
    } else {
        for (const StepResult &result : RunStepMatcher(m_dockerfile).results(after))
            observed.insert(result.step, result);
    }
    for (const StepExpectation &expectation : expectations) {
        const DockerfileStep *step = stepOf(m_dockerfile, expectation.step);
        ExplainedStep explained;
        explained.step = expectation.step;
        explained.label = step ? step->prefix : QString();
        explained.instruction = step ? step->text : QString();
        explained.expect = expectation.expect;
        explained.expectReason = expectation.reason;
        const StepResult result = observed.value(expectation.step);
        explained.observed = result.observed();
        explained.verdict = verdictOf(expectation.expect, result,
                                      step && step->kind == DockerfileStep::Kind::From);
        explanation.steps.append(explained);
    }

    if (before && before->cacheExport().exporter == CacheExport::Exporter::Registry)
        explanation.exportedLayersBefore = int(before->cacheExport().layers.size());
    if (after.cacheExport().exporter == CacheExport::Exporter::Registry)
        explanation.exportedLayersAfter = int(after.cacheExport().layers.size());
    if (explanation.count(ExplainedStep::Verdict::UnexpectedRebuild) > 0)
        findCause(before, after, flags, explanation);
    return explanation;
}

void RebuildExplainer::findCause(const BuildRun *before, const BuildRun &after,
                                 const QList<CacheFlag> &flags,
                                 RebuildExplanation &explanation) const
{
    // Where the unexpected rebuilds are: the target's own stage chain, or stages that only
    // feed it through COPY --from (which a min-mode export never covers).
    QStringList stagesHit;
    for (const ExplainedStep &step : std::as_const(explanation.steps)) {
        const QString name = m_dockerfile.stage(step.step.stage)->name;
        if (step.verdict == ExplainedStep::Verdict::UnexpectedRebuild && !stagesHit.contains(name))
            stagesHit.append(name);
    }
    const QStringList imports = after.cacheImports();
    const BuildVertex *import = importVertex(after);
    int cachedSteps = 0;
    for (const ExplainedStep &step : std::as_const(explanation.steps))
        cachedSteps += step.observed == VertexOutcome::Cached ? 1 : 0;

    // 1. Nothing imported.
    if (imports.isEmpty()) {
        if (cachedSteps == 0) {
            explanation.cause = RebuildExplanation::Cause::LocalCacheEmpty;
            explanation.causeText = QStringLiteral(
                "The build imported no cache and its local cache was empty: every step ran.");
        } else {
            explanation.cause = RebuildExplanation::Cause::NoImport;
            explanation.causeText = QStringLiteral(
                "The build imported no cache, and the builder's local cache did not hold these "
                "steps.");
        }
        explanation.evidence.append(
            QStringLiteral("%1 has no \"importing cache manifest\" step").arg(after.source));
        return;
    }
    explanation.evidence.append(
        QStringLiteral("the build imported %1").arg(imports.join(QStringLiteral(", "))));

    // 2. The import failed (the ref was not there, or the registry refused).
    if (import && import->state == VertexState::Error) {
        explanation.cause = RebuildExplanation::Cause::ImportFailed;
        explanation.causeText = QStringLiteral("Importing the cache failed: %1")
                                    .arg(import->errorMessage().isEmpty()
                                             ? QStringLiteral("the import step ended in ERROR")
                                             : import->errorMessage());
        return;
    }

    // 3. The scripts export to one ref and import another.
    QStringList exportRefs;
    QStringList importRefs;
    for (const CacheFlag &flag : flags) {
        const QString ref = flag.attributes.value(QStringLiteral("ref"));
        if (flag.kind == CacheFlag::Kind::Export && !ref.isEmpty() && !exportRefs.contains(ref))
            exportRefs.append(ref);
        if (flag.kind == CacheFlag::Kind::Import && !ref.isEmpty() && !importRefs.contains(ref))
            importRefs.append(ref);
    }
    if (!exportRefs.isEmpty() && !importRefs.isEmpty()) {
        bool shared = false;
        for (const QString &ref : std::as_const(importRefs))
            shared = shared || exportRefs.contains(ref);
        if (!shared) {
            explanation.cause = RebuildExplanation::Cause::RefMismatch;
            explanation.causeText
                = QStringLiteral("The scripts export the cache to %1 but import it from %2.")
                      .arg(exportRefs.join(QStringLiteral(", ")),
                           importRefs.join(QStringLiteral(", ")));
            return;
        }
    }

    // 4. Inline cache: always min mode.
    const bool inlineBefore
        = before && before->cacheExport().exporter == CacheExport::Exporter::Inline;
    bool inlineFlag = false;
    for (const CacheFlag &flag : flags)
        inlineFlag = inlineFlag || flag.kind == CacheFlag::Kind::InlineBuildArg
            || (flag.kind == CacheFlag::Kind::Export
                && flag.attributes.value(QStringLiteral("type")) == QLatin1String("inline"));
    if (inlineBefore || inlineFlag) {
        explanation.cause = RebuildExplanation::Cause::InlineCache;
        explanation.causeText
            = QStringLiteral(
                  "The cache travels inline in the image, which holds min mode only: the layers of "
                  "the final stage, none of %1.")
                  .arg(stagesHit.join(QStringLiteral(", ")));
        if (inlineBefore)
            explanation.evidence.append(
                QStringLiteral("%1 exported its cache inline").arg(before->source));
        return;
    }

    // 5. Min mode: said by the flags as BuildKit reads them, or shown by the export.
    QStringList minFlags;
    for (const CacheFlag &flag : flags) {
        if (flag.kind == CacheFlag::Kind::Export && flag.effectiveMode() == QLatin1String("min"))
            minFlags.append(QStringLiteral("%1:%2 exports in min mode: %3")
                                .arg(flag.file)
                                .arg(flag.line)
                                .arg(flag.raw));
    }
    const int layers = explanation.exportedLayersBefore;
    // A max-mode export holds a layer for (nearly) every layer-making step; a min-mode one
    // only the final stage's chain.
    int layerSteps = 0;
    for (const ExplainedStep &step : std::as_const(explanation.steps)) {
        // A stage's own FROM and WORKDIR make no layer (an inherited trigger counts).
        const DockerfileStep *own = stepOf(m_dockerfile, step.step);
        if (!own || own->onbuildTrigger
            || (own->kind != DockerfileStep::Kind::From
                && own->kind != DockerfileStep::Kind::Workdir))
            ++layerSteps;
    }
    const bool fewLayers = layers >= 0 && layers * 2 < layerSteps;
    if (!minFlags.isEmpty() || fewLayers) {
        explanation.cause = RebuildExplanation::Cause::MinMode;
        explanation.causeText
            = QStringLiteral("The cache was exported in min mode: it holds only the final "
                             "stage's layers, so %1 had nothing to import and ran again.")
                  .arg(stagesHit.join(QStringLiteral(", ")));
        explanation.evidence += minFlags;
        for (const LintFinding &finding : std::as_const(explanation.findings)) {
            if (finding.code == QLatin1String("unknown-key")
                || finding.code == QLatin1String("missing-mode"))
                explanation.evidence.append(QStringLiteral("%1:%2: %3")
                                                .arg(finding.file)
                                                .arg(finding.line)
                                                .arg(finding.message));
        }
        if (layers >= 0)
            explanation.evidence.append(
                QStringLiteral("%1's cache export wrote %2 layer(s) for %3 layer-making steps")
                    .arg(before->source)
                    .arg(layers)
                    .arg(layerSteps));
        return;
    }

    // 6. Imported, max mode, and still not there.
    if (layers >= 0 || !flags.isEmpty()) {
        explanation.cause = RebuildExplanation::Cause::RecordMissing;
        explanation.causeText = QStringLiteral(
            "The imported cache had no record for these steps (it was written by another "
            "build, or pruned).");
        if (layers >= 0)
            explanation.evidence.append(QStringLiteral("%1's cache export wrote %2 layer(s)")
                                            .arg(before->source)
                                            .arg(layers));
        return;
    }
    explanation.cause = RebuildExplanation::Cause::Unknown;
    explanation.causeText = QStringLiteral(
        "The logs do not say why: give the run that exported the cache (--before) and the "
        "scripts (--script) for more evidence.");
}

} // namespace Cachelab
