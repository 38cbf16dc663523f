// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/analysis/RunStepMatcher.h"

#include "core/progress/StepLabel.h"

#include <atomic>

namespace Cachelab {

namespace {
// "docker.io/library/alpine:latest@sha256:…" and "docker.io/library/alpine" name the
// same base: compare without the digest and with the default tag.
QString withoutDigest(QString reference)
{
    if (const qsizetype at = reference.indexOf(QLatin1Char('@')); at >= 0)
        reference.truncate(at);
    const qsizetype slash = reference.lastIndexOf(QLatin1Char('/'));
    if (reference.indexOf(QLatin1Char(':'), slash + 1) < 0)
        reference += QStringLiteral(":latest");
    return reference;
}

QString fromReference(const QString &instruction) // "FROM x AS y" -> "x"
{
    return instruction.section(QLatin1Char(' '), 1, 1, QString::SectionSkipEmpty);
}
} // namespace

RunStepMatcher::RunStepMatcher(const Dockerfile &dockerfile)
    : m_dockerfile(dockerfile)
{ }

const DockerfileStep *RunStepMatcher::labelledStep(const BuildVertex &vertex) const
{
    const StepLabel label = vertex.step();
    if (!label.valid || label.index == 0)
        return nullptr;
    if (label.stage.isEmpty()) {
        // A one-stage file: BuildKit leaves the stage name out.
        return m_dockerfile.stage(m_dockerfile.targetIndex())
            ? m_dockerfile.step(m_dockerfile.target().name, label.index)
            : nullptr;
    }
    return m_dockerfile.step(label.stage, label.index);
}

bool RunStepMatcher::sameLeadingSteps(const DockerfileStage &a, const DockerfileStage &b,
                                      int count) const
{
    if (a.steps.size() < count || b.steps.size() < count)
        return false;
    if (a.base.kind != StageBase::Kind::Image || b.base.kind != StageBase::Kind::Image
        || withoutDigest(a.base.resolved) != withoutDigest(b.base.resolved)
        || a.platform != b.platform)
        return false;
    for (int i = 0; i < count; ++i) {
        if (a.steps.at(i).text != b.steps.at(i).text)
            return false;
    }
    return true;
}

QList<StepRef> RunStepMatcher::stagesFromImage(const QString &reference) const
{
    QList<StepRef> refs;
    const QString wanted = withoutDigest(reference);
    for (const DockerfileStage &stage : m_dockerfile.stages()) {
        if (stage.needed && stage.base.kind == StageBase::Kind::Image && !stage.steps.isEmpty()
            && withoutDigest(stage.base.resolved) == wanted)
            refs.append({ stage.index, 1 });
    }
    return refs;
}

QList<StepRef> RunStepMatcher::stepsOf(const BuildVertex &vertex) const
{
    const StepLabel label = vertex.step();
    if (!label.valid)
        return {};
    if (label.index == 0) // a bare "FROM <image>"
        return stagesFromImage(fromReference(label.instruction));

    const DockerfileStep *own = labelledStep(vertex);
    if (!own)
        return {};
    const DockerfileStage &ownStage = m_dockerfile.stages().at(own->stage);
    QList<StepRef> refs { { own->stage, own->number } };
    // Identical work in other stages is the same vertex: the same base image and the same
    // steps up to and including this one.
    for (const DockerfileStage &other : m_dockerfile.stages()) {
        if (other.index != ownStage.index && other.needed
            && sameLeadingSteps(ownStage, other, own->number))
            refs.append({ other.index, own->number });
    }
    return refs;
}

namespace {
std::atomic<int> s_matchCount { 0 };
} // namespace

int RunStepMatcher::matchCount()
{
    return s_matchCount.load();
}

QList<StepResult> RunStepMatcher::results(const BuildRun &run) const
{
    ++s_matchCount;
    QHash<StepRef, StepResult> claimed;
    for (const BuildVertex &vertex : run.vertices) {
        const QList<StepRef> refs = stepsOf(vertex);
        for (qsizetype i = 0; i < refs.size(); ++i) {
            const bool shared = i > 0 || vertex.step().index == 0;
            const auto existing = claimed.constFind(refs.at(i));
            // A vertex labelled with this very step beats one that stands for it.
            if (existing != claimed.constEnd() && !existing->shared && shared)
                continue;
            claimed.insert(refs.at(i), { refs.at(i), vertex.id, vertex.outcome(), shared });
        }
    }

    QList<StepResult> results;
    for (const DockerfileStage &stage : m_dockerfile.stages()) {
        if (!stage.needed)
            continue;
        for (const DockerfileStep &step : stage.steps) {
            const StepRef ref { stage.index, step.number };
            results.append(
                claimed.value(ref, StepResult { ref, 0, VertexOutcome::Running, false }));
        }
    }
    return results;
}

RunStepMatcher::Coverage RunStepMatcher::coverage(const BuildRun &run) const
{
    Coverage coverage;
    for (const BuildVertex &vertex : run.vertices) {
        const StepLabel label = StepLabel::parse(vertex.name());
        if (!label.valid || label.index == 0)
            continue; // [internal] work, a bare FROM (shared image sources)
        ++coverage.stepVertices;
        if (stepsOf(vertex).isEmpty())
            ++coverage.unmatched;
    }
    return coverage;
}

QString RunStepMatcher::coverageWarning(const Coverage &coverage, const QString &logName,
                                        const QString &dockerfileName)
{
    if (coverage.stepVertices == 0 || coverage.unmatched * 2 < coverage.stepVertices)
        return {};
    return QStringLiteral("%1 of %2 steps of %3 match no step of %4: is it a log of this Dockerfile?")
        .arg(coverage.unmatched)
        .arg(coverage.stepVertices)
        .arg(logName, dockerfileName);
}

} // namespace Cachelab
