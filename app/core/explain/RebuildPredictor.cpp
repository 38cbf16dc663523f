// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/explain/RebuildPredictor.h"

#include <QDir>

#include <QHash>

namespace Cachelab {

QString StepExpectation::expectName(Expect expect)
{
    switch (expect) {
    case Expect::Cached:
        return QStringLiteral("cached");
    case Expect::MayRebuild:
        return QStringLiteral("may-rebuild");
    case Expect::MustRebuild:
        return QStringLiteral("must-rebuild");
    }
    return {};
}

RebuildPredictor::RebuildPredictor(const Dockerfile &dockerfile, const DockerIgnore &dockerIgnore)
    : m_dockerfile(dockerfile)
    , m_dockerIgnore(dockerIgnore)
{ }

QStringList RebuildPredictor::copiedChanges(const DockerfileInstruction &instruction,
                                            const QStringList &changed) const
{
    if (instruction.hasFlag(QStringLiteral("from")) || !instruction.heredocs.isEmpty())
        return {}; // from another stage or image, or inline content: not the context
    // COPY src… dest (JSON form gives the same list); the last one is the destination.
    const QStringList sources = instruction.arguments.mid(0, instruction.arguments.size() - 1);
    QStringList taken;
    for (const QString &path : changed) {
        if (m_dockerIgnore.isIgnored(path))
            continue;
        for (const QString &source : sources) {
            // ADD of a URL or a git repository reads no context file.
            if (source.contains(QLatin1String("://")) || source.startsWith(QLatin1String("git@")))
                continue;
            if (DockerIgnore::patternMatches(source, path)) {
                taken.append(path);
                break;
            }
        }
    }
    return taken;
}

QList<StepExpectation> RebuildPredictor::predict(const QStringList &changedPaths) const
{
    // "./assets/x.js" and "assets/x.js" are one file of the context.
    QStringList changed;
    for (const QString &path : changedPaths)
        changed.append(QDir::cleanPath(path));
    using Expect = StepExpectation::Expect;
    const QList<DockerfileStage> &stages = m_dockerfile.stages();
    // Each stage's end state: what a stage built FROM it, or copying from it, inherits.
    QHash<int, Expect> stageEnd;
    QHash<int, QString> stageEndLabel;
    QList<StepExpectation> expectations;

    for (const int index : m_dockerfile.neededStages()) {
        const DockerfileStage &stage = stages.at(index);
        Expect chain = Expect::Cached;
        QString chainCause; // the step the chain state comes from
        if (stage.base.kind == StageBase::Kind::Stage && stageEnd.contains(stage.base.stage)) {
            chain = stageEnd.value(stage.base.stage);
            chainCause = stageEndLabel.value(stage.base.stage);
        }
        for (const DockerfileStep &step : stage.steps) {
            StepExpectation expectation;
            expectation.step = StepRef { index, step.number };
            const DockerfileInstruction &instruction = step.onbuildTrigger
                ? *stages.at(stage.base.stage).instructions.at(step.instruction).trigger
                : stage.instructions.at(step.instruction);

            // What the step itself uses.
            Expect own = Expect::Cached;
            QString ownReason;
            if (step.kind == DockerfileStep::Kind::Copy || step.kind == DockerfileStep::Kind::Add) {
                expectation.changedFiles = copiedChanges(instruction, changed);
                if (!expectation.changedFiles.isEmpty()) {
                    own = Expect::MustRebuild;
                    ownReason = QStringLiteral("copies %1")
                                    .arg(expectation.changedFiles.join(QStringLiteral(", ")));
                }
            }
            // Stages it reads from: by content, so a rerun there may or may not matter.
            for (const StageDependency &dependency : stage.dependencies) {
                if (dependency.line != instruction.line || dependency.stage < 0
                    || dependency.via == StageDependency::Via::From)
                    continue;
                if (stageEnd.value(dependency.stage, Expect::Cached) != Expect::Cached
                    && own == Expect::Cached) {
                    own = Expect::MayRebuild;
                    ownReason = QStringLiteral("%1 %2, which runs again: BuildKit compares "
                                               "the content it reads")
                                    .arg(dependency.via == StageDependency::Via::CopyFrom
                                             ? QStringLiteral("copies from")
                                             : QStringLiteral("mounts"),
                                         stages.at(dependency.stage).name);
                }
            }

            if (own != Expect::Cached && own >= chain) {
                expectation.expect = own;
                expectation.reason = ownReason;
            } else if (chain != Expect::Cached) {
                expectation.expect = chain;
                expectation.reason
                    = QStringLiteral("follows %1, which %2")
                          .arg(chainCause,
                               chain == Expect::MustRebuild ? QStringLiteral("must rebuild")
                                                            : QStringLiteral("may rebuild"));
            } else {
                expectation.reason = QStringLiteral("nothing it uses changed");
            }
            if (expectation.expect > chain) {
                chain = expectation.expect;
                chainCause = step.prefix;
            }
            expectations.append(expectation);
        }
        stageEnd.insert(index, chain);
        stageEndLabel.insert(index, chainCause);
    }
    return expectations;
}

} // namespace Cachelab
