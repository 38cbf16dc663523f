// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dockerfile/StageGraph.h"

#include "core/dockerfile/DockerfileParser.h"
#include "core/dockerfile/ImageReference.h"
#include "core/dockerfile/InstructionParser.h"
#include "core/dockerfile/RunMount.h"
#include "core/text/EditDistance.h"

#include <QRegularExpression>

namespace Cachelab {

namespace {

DockerfileError errorAt(int line, const QString &message)
{
    DockerfileError error;
    error.line = line;
    error.message = message;
    return error;
}

bool fail(DockerfileError *error, int line, const QString &message)
{
    *error = errorAt(line, message);
    return false;
}

// Go's strconv.Atoi: an optional sign and decimal digits that fit.
bool goAtoi(const QString &text, qlonglong *value)
{
    static const QRegularExpression number(QStringLiteral("^[+-]?[0-9]+$"));
    if (!number.match(text).hasMatch())
        return false;
    bool ok = false;
    *value = text.toLongLong(&ok);
    return ok;
}

} // namespace

StageGraph::StageGraph(QList<DockerfileStage> &stages, QChar escapeToken)
    : m_stages(stages)
    , m_escape(escapeToken)
{ }

bool StageGraph::resolveBases(const ArgExpander::Environment &globalArgs, DockerfileError *error)
{
    ArgExpander::Options options;
    options.escapeToken = m_escape;
    const ArgExpander expander(options);

    for (DockerfileStage &stage : m_stages) {
        const DockerfileInstruction &from = stage.instructions.first();
        const QString written = from.arguments.first();
        const ArgExpander::Result base = expander.expand(written, globalArgs);
        if (!base.ok())
            return fail(error, from.line, base.error);
        if (base.text.isEmpty())
            return fail(error, from.line,
                        QStringLiteral("base name (%1) should not be blank").arg(written));
        stage.base.ref = base.text;

        if (from.hasFlag(QStringLiteral("platform"))) {
            const QString platform = from.flagValue(QStringLiteral("platform"));
            if (!platform.isEmpty()) {
                const ArgExpander::Result expanded = expander.expand(platform, globalArgs);
                if (!expanded.ok())
                    return fail(error, from.line,
                                QStringLiteral("failed to process arguments for platform: %1")
                                    .arg(expanded.error));
                if (expanded.text.isEmpty())
                    return fail(
                        error, from.line,
                        QStringLiteral("empty platform value from expression %1").arg(platform));
                stage.platform = expanded.text;
            }
        }

        // BuildKit looks the expanded name up as it is among the (lower-case) names of
        // the stages before this one: `FROM Build` is not stage `build`.
        const auto earlier = m_byName.constFind(stage.base.ref);
        if (earlier != m_byName.constEnd()) {
            stage.base.kind = StageBase::Kind::Stage;
            stage.base.stage = earlier.value();
            stage.dependencies.append(
                { StageDependency::Via::From, earlier.value(), QString(), from.line, false });
        } else if (stage.base.ref == QLatin1String("scratch")) {
            stage.base.kind = StageBase::Kind::Scratch;
        } else {
            stage.base.kind = StageBase::Kind::Image;
        }
        if (stage.named)
            m_byName.insert(stage.name, stage.index);
    }
    return true;
}

bool StageGraph::findTarget(const QString &name, int *index, DockerfileError *error) const
{
    if (name.isEmpty()) {
        *index = int(m_stages.size()) - 1;
        return true;
    }
    const auto found = m_byName.constFind(name.toLower());
    if (found != m_byName.constEnd()) {
        *index = found.value();
        return true;
    }
    QStringList names;
    for (const DockerfileStage &stage : std::as_const(m_stages))
        names.append(stage.name);
    QString message = QStringLiteral("target stage \"%1\" could not be found").arg(name);
    const QString match = EditDistance::buildKitSuggestion(name, names, true);
    if (!match.isEmpty())
        message += QStringLiteral(" (did you mean %1?)").arg(match);
    return fail(error, 0, message);
}

void StageGraph::addImageDependency(int stageIndex, StageDependency::Via via, const QString &image,
                                    int line, bool trigger)
{
    m_stages[stageIndex].dependencies.append({ via, -1, image, line, trigger });
    if (m_externalImageIndex.contains(image))
        return;
    m_externalImageIndex.insert(image, int(m_externalImages.size()));
    m_externalImages.append({ image, QString(), QString() });
}

bool StageGraph::addDependencies(int stageIndex, const DockerfileInstruction &instruction, int line,
                                 bool trigger, DockerfileError *error)
{
    DockerfileStage &stage = m_stages[stageIndex];
    if (instruction.keyword == QLatin1String("COPY")) {
        const QString from = instruction.flagValue(QStringLiteral("from"));
        if (from.isEmpty())
            return true; // the build context
        ArgExpander::Options options;
        options.escapeToken = m_escape;
        const ArgExpander::Result expanded = ArgExpander(options).expand(from, {});
        if (!expanded.ok())
            return fail(error, line, expanded.error);
        if (expanded.text != from)
            return fail(error, line,
                        QStringLiteral("variable expansion is not supported for --from, define a "
                                       "new stage with FROM using ARG from global scope as a "
                                       "workaround"));
        qlonglong index = 0;
        if (goAtoi(from, &index)) {
            if (index < 0 || index >= m_stages.size() + m_otherStates.size())
                return fail(error, line, QStringLiteral("invalid stage index %1").arg(index));
            if (index < m_stages.size()) {
                stage.dependencies.append(
                    { StageDependency::Via::CopyFrom, int(index), QString(), line, trigger });
            } else {
                const QString image = m_otherStates.at(index - m_stages.size());
                if (!image.isEmpty())
                    addImageDependency(stageIndex, StageDependency::Via::CopyFrom, image, line,
                                       trigger);
            }
            return true;
        }
        const auto found = m_byName.constFind(from.toLower());
        if (found != m_byName.constEnd()) {
            stage.dependencies.append(
                { StageDependency::Via::CopyFrom, found.value(), QString(), line, trigger });
            return true;
        }
        if (!trigger)
            m_otherStates.append(from);
        addImageDependency(stageIndex, StageDependency::Via::CopyFrom, from, line, trigger);
        return true;
    }
    if (instruction.keyword == QLatin1String("RUN")) {
        const QStringList values = instruction.flagValues(QStringLiteral("mount"));
        for (const QString &value : values) {
            QString mountError;
            const std::optional<RunMount> mount = RunMount::parse(value, &mountError);
            if (!mount)
                return fail(error, line, mountError);
            // BuildKit gives a mount without from= the source "scratch" (as a name to
            // look up), which makes one more state even for a tmpfs or a secret.
            const QString from = mount->from.isEmpty() ? QStringLiteral("scratch") : mount->from;
            const auto found = m_byName.constFind(from.toLower());
            if (found != m_byName.constEnd()) {
                stage.dependencies.append(
                    { StageDependency::Via::RunMount, found.value(), QString(), line, trigger });
                continue;
            }
            if (!trigger)
                m_otherStates.append(mount->from);
            if (!mount->from.isEmpty())
                addImageDependency(stageIndex, StageDependency::Via::RunMount, mount->from, line,
                                   trigger);
        }
    }
    return true;
}

bool StageGraph::collectDependencies(DockerfileError *error)
{
    for (DockerfileStage &stage : m_stages) {
        for (qsizetype i = 1; i < stage.instructions.size(); ++i) {
            const DockerfileInstruction &instruction = stage.instructions.at(i);
            if (!addDependencies(stage.index, instruction, instruction.line, false, error))
                return false;
        }
    }
    if (!checkCycles(error))
        return false;

    // Current BuildKit runs the ONBUILD triggers of a base stage in the stages built FROM
    // it; their COPY --from and mounts are edges of those stages.
    // Each stage's ONBUILD lines, found and checked once: many stages can share one base.
    struct Onbuild
    {
        const DockerfileInstruction *instruction;
        QString refusal; // why BuildKit refuses the trigger; empty when it does not
    };
    QList<QList<Onbuild>> onbuilds(m_stages.size());
    const InstructionParser parser(m_escape);
    for (const DockerfileStage &stage : std::as_const(m_stages)) {
        for (const DockerfileInstruction &instruction : stage.instructions) {
            if (instruction.keyword != QLatin1String("ONBUILD") || !instruction.trigger)
                continue;
            Onbuild onbuild { &instruction, QString() };
            parser.validate(*instruction.trigger, &onbuild.refusal);
            onbuilds[stage.index].append(onbuild);
        }
    }
    qsizetype inherited = 0;
    for (DockerfileStage &stage : m_stages) {
        if (stage.base.kind != StageBase::Kind::Stage)
            continue;
        inherited += onbuilds.at(stage.base.stage).size();
        if (inherited > DockerfileParser::MaxInheritedWork)
            return fail(error, stage.firstLine,
                        QStringLiteral("too complex to show: its stages inherit more than %1 "
                                       "ONBUILD triggers from each other")
                            .arg(DockerfileParser::MaxInheritedWork));
        for (const Onbuild &onbuild : std::as_const(onbuilds.at(stage.base.stage))) {
            DockerfileError triggerError;
            // BuildKit reports a bad trigger at the FROM of the stage that runs it.
            if (!onbuild.refusal.isEmpty())
                triggerError = errorAt(stage.firstLine, onbuild.refusal);
            else if (!addDependencies(stage.index, *onbuild.instruction->trigger,
                                      onbuild.instruction->line, true, &triggerError))
                triggerError.line = stage.firstLine;
            if (!triggerError.message.isEmpty() && !m_triggerErrors.contains(stage.index))
                m_triggerErrors.insert(stage.index, triggerError);
        }
    }
    return true;
}

bool StageGraph::checkCycles(DockerfileError *error) const
{
    // As dockerfile2llb's validateCircularDependency: depth first from each stage in
    // order over COPY --from and mount edges; the error names the stage the search
    // started from and points at the first edge of the cycle's path. Iterative, so that
    // a chain of thousands of stages cannot exhaust the stack.
    enum class Mark
    {
        New,
        OnPath,
        Done
    };
    QList<Mark> marks(m_stages.size(), Mark::New);
    struct Frame
    {
        int stage;
        qsizetype next; // index into its dependencies
    };
    for (const DockerfileStage &root : m_stages) {
        if (marks[root.index] != Mark::New)
            continue;
        int firstLine = 0;
        QList<Frame> path { { root.index, 0 } };
        marks[root.index] = Mark::OnPath;
        while (!path.isEmpty()) {
            Frame &frame = path.last();
            const QList<StageDependency> &dependencies = m_stages.at(frame.stage).dependencies;
            if (frame.next >= dependencies.size()) {
                marks[frame.stage] = Mark::Done;
                path.removeLast();
                if (path.size() == 1)
                    firstLine = 0;
                continue;
            }
            const StageDependency &dependency = dependencies.at(frame.next++);
            if (dependency.via == StageDependency::Via::From || dependency.stage < 0)
                continue;
            if (path.size() == 1)
                firstLine = dependency.line;
            if (marks[dependency.stage] == Mark::OnPath)
                return fail(
                    error, firstLine,
                    QStringLiteral("circular dependency detected on stage: %1").arg(root.name));
            if (marks[dependency.stage] == Mark::New) {
                marks[dependency.stage] = Mark::OnPath;
                path.append({ dependency.stage, 0 });
            }
        }
    }
    return true;
}

bool StageGraph::resolveImages(DockerfileError *error)
{
    for (DockerfileStage &stage : m_stages) {
        if (stage.base.kind != StageBase::Kind::Image)
            continue;
        QString message;
        const std::optional<ImageReference> reference
            = ImageReference::parse(stage.base.ref, &message);
        if (!reference) {
            message = QStringLiteral("failed to parse stage name \"%1\": %2")
                          .arg(stage.base.ref, message);
            // BuildKit compares FROM with stage names case-sensitively; say so when that
            // is the likely mistake.
            const auto stageMatch = m_byName.constFind(stage.base.ref.toLower());
            if (stageMatch != m_byName.constEnd() && stageMatch.value() < stage.index)
                message += QStringLiteral(" (FROM matches stage names case-sensitively: did "
                                          "you mean stage \"%1\"?)")
                               .arg(stage.base.ref.toLower());
            return fail(error, stage.firstLine, message);
        }
        stage.base.normalized = reference->normalized();
        stage.base.resolved = reference->withDefaultTag();
    }
    for (ExternalImage &image : m_externalImages) {
        QString message;
        const std::optional<ImageReference> reference = ImageReference::parse(image.ref, &message);
        if (!reference) {
            int line = 0;
            for (const DockerfileStage &stage : std::as_const(m_stages)) {
                for (const StageDependency &dependency : stage.dependencies) {
                    if (line == 0 && dependency.stage < 0 && dependency.image == image.ref)
                        line = dependency.line;
                }
            }
            return fail(
                error, line,
                QStringLiteral("failed to parse stage name \"%1\": %2").arg(image.ref, message));
        }
        image.normalized = reference->normalized();
        image.resolved = reference->withDefaultTag();
    }
    return true;
}

bool StageGraph::markNeeded(int target, DockerfileError *error)
{
    QList<int> pending { target };
    while (!pending.isEmpty()) {
        const int index = pending.takeLast();
        DockerfileStage &stage = m_stages[index];
        if (stage.needed)
            continue;
        stage.needed = true;
        for (const StageDependency &dependency : std::as_const(stage.dependencies)) {
            if (dependency.stage >= 0 && !m_stages.at(dependency.stage).needed)
                pending.append(dependency.stage);
        }
    }
    for (const DockerfileStage &stage : std::as_const(m_stages)) {
        const auto triggerError = m_triggerErrors.constFind(stage.index);
        if (stage.needed && triggerError != m_triggerErrors.constEnd()) {
            *error = triggerError.value();
            return false;
        }
    }
    return true;
}

bool StageGraph::labelsHaveStageName() const
{
    return m_stages.size() + m_otherStates.size() != 1;
}

} // namespace Cachelab
