// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dockerfile/StageDispatcher.h"

#include "core/dockerfile/DockerfileParser.h"
#include "core/dockerfile/InstructionParser.h"
#include "core/dockerfile/RunMount.h"

#include <QRegularExpression>

namespace Cachelab {

const QString StageDispatcher::DefaultPath
    = QStringLiteral("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");

namespace {

bool isCountedKeyword(const QString &keyword)
{
    return keyword == QLatin1String("RUN") || keyword == QLatin1String("COPY")
        || keyword == QLatin1String("ADD") || keyword == QLatin1String("WORKDIR");
}

DockerfileStep::Kind stepKind(const QString &keyword)
{
    if (keyword == QLatin1String("FROM"))
        return DockerfileStep::Kind::From;
    if (keyword == QLatin1String("COPY"))
        return DockerfileStep::Kind::Copy;
    if (keyword == QLatin1String("ADD"))
        return DockerfileStep::Kind::Add;
    if (keyword == QLatin1String("WORKDIR"))
        return DockerfileStep::Kind::Workdir;
    return DockerfileStep::Kind::Run;
}

// dockerfile2llb's uppercaseCmd: upper case up to the first space (not blank: `copy\tx`
// becomes `COPY\tX`, as in BuildKit).
QString uppercaseCommand(const QString &text)
{
    const qsizetype space = text.indexOf(QLatin1Char(' '));
    if (space < 0)
        return text.toUpper();
    return text.left(space).toUpper() + text.mid(space);
}

// `RUN <<EOF` alone on the line (after the flags): BuildKit then names the step after
// the first line of the heredoc.
bool isPlainHeredocCommand(const QString &commandLine)
{
    static const QRegularExpression heredoc(QStringLiteral("^[0-9]*<<-?[\\t\\n\\f\\r ]*([^<]*)$"));
    const QRegularExpressionMatch match = heredoc.match(commandLine);
    if (!match.hasMatch() || match.captured(1).isEmpty())
        return false;
    ArgExpander::Options options;
    options.skipUnsetEnv = true;
    const ArgExpander::Result words = ArgExpander(options).process(match.captured(1), {});
    return words.ok() && words.words.size() == 1;
}

// dockerfile2llb's summarizeHeredoc.
QString summarizeHeredoc(const QString &body)
{
    QString text = body.trimmed();
    text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    const qsizetype newline = text.indexOf(QLatin1Char('\n'));
    return newline < 0 ? text : text.left(newline) + QLatin1String("...");
}

bool isHeredocSource(const QString &argument)
{
    static const QRegularExpression heredoc(QStringLiteral("^[0-9]*<<-?[\\t\\n\\f\\r ]*[^<]+$"));
    return heredoc.match(argument).hasMatch();
}

// Go's path.Clean for an absolute path.
QString cleanAbsolutePath(const QString &path)
{
    QStringList parts;
    const QStringList components = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const QString &component : components) {
        if (component == QLatin1String("."))
            continue;
        if (component == QLatin1String("..")) {
            if (!parts.isEmpty())
                parts.removeLast();
            continue;
        }
        parts.append(component);
    }
    return QLatin1Char('/') + parts.join(QLatin1Char('/'));
}

// system.NormalizeWorkdir for Linux: a relative path is joined to the current one (and
// cleaned, as path.Join does); an absolute one is taken as written, so `WORKDIR /a/..`
// is not `/` and gets a vertex.
QString normalizeWorkdir(const QString &current, const QString &requested)
{
    QString parent = current.isEmpty() ? QStringLiteral("/") : current;
    if (!parent.startsWith(QLatin1Char('/')))
        parent = cleanAbsolutePath(QLatin1Char('/') + parent);
    if (requested.isEmpty())
        return parent;
    if (requested.startsWith(QLatin1Char('/')))
        return requested;
    return cleanAbsolutePath(parent + QLatin1Char('/') + requested);
}

} // namespace

StageDispatcher::StageDispatcher(QList<DockerfileStage> &stages,
                                 const ArgExpander::Environment &globalArgs,
                                 const QMap<QString, QString> &buildArgs, QChar escapeToken,
                                 bool labelsHaveStageName)
    : m_stages(stages)
    , m_globalArgs(globalArgs)
    , m_buildArgs(buildArgs)
    , m_escape(escapeToken)
    , m_labelsHaveStageName(labelsHaveStageName)
{
    ArgExpander::Options options;
    options.escapeToken = escapeToken;
    m_expander = ArgExpander(options);
    m_onbuilds = QList<QList<int>>(m_stages.size());
    for (const DockerfileStage &stage : std::as_const(m_stages)) {
        if (stage.named)
            m_namedStages.insert(stage.name, stage.index);
        for (qsizetype i = 0; i < stage.instructions.size(); ++i) {
            const DockerfileInstruction &instruction = stage.instructions.at(i);
            if (instruction.keyword == QLatin1String("ONBUILD") && instruction.trigger)
                m_onbuilds[stage.index].append(int(i));
        }
    }
}

int StageDispatcher::stepTotal(const DockerfileStage &stage) const
{
    // Every inherited trigger adds to n, counted or not (dockerfile2llb's
    // initOnBuildTriggers); of the stage's own instructions only the counted keywords do.
    int total = 0;
    if (stage.base.kind == StageBase::Kind::Stage)
        total += int(m_onbuilds.at(stage.base.stage).size());
    if (stage.base.kind == StageBase::Kind::Image)
        ++total;
    for (qsizetype i = 1; i < stage.instructions.size(); ++i) {
        if (isCountedKeyword(stage.instructions.at(i).keyword))
            ++total;
    }
    return total;
}

bool StageDispatcher::run(DockerfileError *error)
{
    // A stage's final state is kept only while a later stage still starts FROM it, and the
    // variables copied from stage to stage are counted: a chain of thousands of stages
    // each adding an ENV would otherwise cost time and memory quadratic in its length.
    QList<int> laterUsers(m_stages.size(), 0);
    for (const DockerfileStage &stage : std::as_const(m_stages)) {
        if (stage.base.kind == StageBase::Kind::Stage)
            ++laterUsers[stage.base.stage];
    }
    m_finalStates = QList<State>(m_stages.size());
    qsizetype copied = 0;
    qsizetype steps = 0;
    for (DockerfileStage &stage : m_stages) {
        State state;
        if (stage.base.kind == StageBase::Kind::Stage) {
            // A stage built FROM another starts from its state (ARG values included),
            // then BuildKit applies the image config's ENV on top: an ENV of the base
            // stage wins over an ARG of the same name.
            state = m_finalStates.at(stage.base.stage);
            if (--laterUsers[stage.base.stage] == 0)
                m_finalStates[stage.base.stage] = State();
            copied += state.env.size() + state.imageEnv.size();
            for (auto it = state.imageEnv.cbegin(); it != state.imageEnv.cend(); ++it)
                state.env.insert(it.key(), it.value());
        } else {
            state.imageEnv.insert(QStringLiteral("PATH"), DefaultPath);
            state.env = state.imageEnv;
        }
        steps += stepTotal(stage);
        if (copied > DockerfileParser::MaxInheritedWork
            || steps > DockerfileParser::MaxInheritedWork) {
            error->line = stage.firstLine;
            error->message
                = QStringLiteral(
                      "too complex to show: its stages inherit more than %1 variables or steps "
                      "from each other")
                      .arg(DockerfileParser::MaxInheritedWork);
            return false;
        }
        if (!dispatch(stage, state, error))
            return false;
        if (laterUsers.at(stage.index) > 0)
            m_finalStates[stage.index] = state;
    }
    return true;
}

QString StageDispatcher::runName(const DockerfileInstruction &instruction, const State &state) const
{
    QString name = instruction.text;
    if (!instruction.heredocs.isEmpty() && !instruction.json
        && isPlainHeredocCommand(instruction.argumentText))
        name += QStringLiteral(" (%1)").arg(summarizeHeredoc(instruction.heredocs.first().body));
    // RUN names keep quotes, escapes and variables the stage does not define.
    ArgExpander::Options options;
    options.escapeToken = m_escape;
    options.rawQuotes = true;
    options.rawEscapes = true;
    options.skipUnsetEnv = true;
    const ArgExpander::Result expanded = ArgExpander(options).expand(name, state.env);
    return uppercaseCommand(expanded.ok() ? expanded.text : name);
}

QString StageDispatcher::fileOperationName(const DockerfileInstruction &instruction,
                                           const State &state) const
{
    const ArgExpander::Result expanded = m_expander.expand(instruction.text, state.env);
    return uppercaseCommand(expanded.ok() ? expanded.text : instruction.text);
}

bool StageDispatcher::expandArguments(const DockerfileInstruction &instruction, const State &state,
                                      QString *error) const
{
    QStringList words;
    const QString &keyword = instruction.keyword;
    if (keyword == QLatin1String("COPY") || keyword == QLatin1String("ADD")) {
        for (const QString &argument : instruction.arguments) {
            if (instruction.json || !isHeredocSource(argument))
                words.append(argument);
        }
        words << instruction.flagValue(QStringLiteral("chown"))
              << instruction.flagValue(QStringLiteral("chmod"));
        if (keyword == QLatin1String("ADD"))
            words << instruction.flagValue(QStringLiteral("checksum"));
        // An inline file whose delimiter was not quoted is expanded too, quotes and all
        // (BuildKit's ExpandRaw: \ escapes, quotes are plain characters).
        ArgExpander::Options raw;
        raw.skipProcessQuotes = true;
        for (const DockerfileHeredoc &heredoc : instruction.heredocs) {
            if (!heredoc.expand)
                continue;
            const ArgExpander::Result expanded = ArgExpander(raw).expand(heredoc.body, state.env);
            if (!expanded.ok()) {
                *error = expanded.error;
                return false;
            }
        }
    } else if (keyword == QLatin1String("USER") || keyword == QLatin1String("LABEL")
               || keyword == QLatin1String("EXPOSE") || keyword == QLatin1String("VOLUME")
               || keyword == QLatin1String("STOPSIGNAL") || keyword == QLatin1String("WORKDIR")) {
        words = instruction.arguments;
    }
    for (const QString &word : std::as_const(words)) {
        const ArgExpander::Result expanded = m_expander.expand(word, state.env);
        if (!expanded.ok()) {
            *error = expanded.error;
            return false;
        }
        if (keyword == QLatin1String("VOLUME") && expanded.text.isEmpty()) {
            *error = QStringLiteral("VOLUME specified can not be an empty string");
            return false;
        }
    }
    return true;
}

bool StageDispatcher::dispatch(DockerfileStage &stage, State &state, DockerfileError *error)
{
    QList<Command> commands;
    if (stage.base.kind == StageBase::Kind::Stage) {
        const DockerfileStage &base = m_stages.at(stage.base.stage);
        for (const int index : std::as_const(m_onbuilds.at(base.index)))
            commands.append({ base.instructions.at(index).trigger.get(), index, true });
    }
    for (qsizetype i = 1; i < stage.instructions.size(); ++i)
        commands.append({ &stage.instructions.at(i), int(i), false });
    const int total = stepTotal(stage);
    stage.stepCount = total;
    stage.steps.clear();
    stage.steps.reserve(total);

    const int width = int(QString::number(total).size());
    // BuildKit before v0.17 (dockerfile2llb's dispatchOnBuildTriggers) counted no trigger.
    const int legacyTotal = total - int(std::count_if(commands.begin(), commands.end(), [](const Command &command) {
                                return command.trigger;
                            }));
    const int legacyWidth = int(QString::number(legacyTotal).size());
    auto addStep = [&](const QString &keyword, const QString &text, int line, int instruction,
                       bool trigger) {
        DockerfileStep step;
        step.stage = stage.index;
        step.number = int(stage.steps.size()) + 1;
        step.total = total;
        step.line = line;
        step.instruction = instruction;
        step.onbuildTrigger = trigger;
        step.kind = stepKind(keyword);
        step.keyword = keyword;
        step.text = trigger ? QStringLiteral("ONBUILD ") + text : text;
        step.prefix = QLatin1Char('[')
            + (m_labelsHaveStageName ? stage.name + QLatin1Char(' ') : QString())
            + QString::number(step.number).rightJustified(width, QLatin1Char(' '))
            + QLatin1Char('/') + QString::number(total) + QLatin1Char(']');
        step.label = step.prefix + QLatin1Char(' ') + step.text;
        step.legacyLabel = legacyTotal == 0
            ? text
            : QLatin1Char('[') + (m_labelsHaveStageName ? stage.name + QLatin1Char(' ') : QString())
                + QString::number(step.number).rightJustified(legacyWidth, QLatin1Char(' '))
                + QLatin1Char('/') + QString::number(legacyTotal) + QStringLiteral("] ") + text;
        stage.steps.append(step);
    };
    // BuildKit only dispatches stages the target needs; it cannot fail on the others.
    auto fail = [&](int line, const QString &message) {
        if (!stage.needed)
            return true;
        error->line = line;
        error->message = message;
        return false;
    };
    auto laterStage = [&](const QString &from, bool allowIndex) -> bool {
        bool isNumber = false;
        const qlonglong index = from.toLongLong(&isNumber);
        if (allowIndex && isNumber)
            return index > stage.index && index < m_stages.size();
        return m_namedStages.value(from.toLower(), -1) > stage.index;
    };

    if (stage.base.kind == StageBase::Kind::Image)
        addStep(QStringLiteral("FROM"), QStringLiteral("FROM ") + stage.base.resolved,
                stage.firstLine, 0, false);

    const QString printedStageName = m_labelsHaveStageName ? stage.name : QString();
    for (const Command &command : std::as_const(commands)) {
        const DockerfileInstruction &instruction = *command.instruction;
        const QString &keyword = instruction.keyword;
        // A trigger fails at the FROM of the stage that runs it, as in BuildKit; its
        // step points at the ONBUILD that registered it.
        const int errorLine = command.trigger ? stage.firstLine : instruction.line;
        const int stepLine = command.trigger
            ? m_stages.at(stage.base.stage).instructions.at(command.index).line
            : instruction.line;

        if (keyword == QLatin1String("ENV")) {
            // Every pair is expanded against the variables from before the instruction:
            // in `ENV A=1 B=$A`, B does not see the new A (as in BuildKit).
            const ArgExpander::Environment before = state.env;
            for (qsizetype i = 0; i + 1 < instruction.arguments.size(); i += 2) {
                const ArgExpander::Result key
                    = m_expander.expand(instruction.arguments.at(i), before);
                const ArgExpander::Result value
                    = m_expander.expand(instruction.arguments.at(i + 1), before);
                if (!key.ok() || !value.ok()) {
                    if (!fail(errorLine, key.ok() ? value.error : key.error))
                        return false;
                    continue;
                }
                state.env.insert(key.text, value.text);
                state.imageEnv.insert(key.text, value.text);
            }
        } else if (keyword == QLatin1String("ARG")) {
            for (const QString &word : instruction.arguments) {
                const qsizetype equals = word.indexOf(QLatin1Char('='));
                const QString key = equals < 0 ? word : word.left(equals);
                QString value;
                bool hasValue = false;
                if (m_buildArgs.contains(key)) {
                    value = m_buildArgs.value(key);
                    hasValue = true;
                } else if (equals >= 0) {
                    const ArgExpander::Result expanded
                        = m_expander.expand(word.mid(equals + 1), state.env);
                    if (!expanded.ok() && !fail(errorLine, expanded.error))
                        return false;
                    value = expanded.ok() ? expanded.text : word.mid(equals + 1);
                    hasValue = true;
                } else if (m_globalArgs.contains(key)) {
                    // `ARG NAME` in a stage takes the value of a global ARG NAME
                    value = m_globalArgs.value(key);
                    hasValue = true;
                }
                if (hasValue && key != QLatin1String("BUILDKIT_SBOM_SCAN_CONTEXT")
                    && key != QLatin1String("BUILDKIT_SBOM_SCAN_STAGE"))
                    state.env.insert(key, value);
            }
        } else if (keyword == QLatin1String("RUN")) {
            const QStringList mounts = instruction.flagValues(QStringLiteral("mount"));
            for (const QString &value : mounts) {
                QString mountError;
                const std::optional<RunMount> mount = RunMount::parse(value, &mountError);
                if (!mount)
                    continue; // refused by InstructionParser already
                const bool valid = RunMount::check(
                    value,
                    [&](QString *field, QString *expandError) {
                        const ArgExpander::Result expanded = m_expander.expand(*field, state.env);
                        if (!expanded.ok()) {
                            *expandError = expanded.error;
                            return false;
                        }
                        *field = expanded.text;
                        return true;
                    },
                    &mountError);
                if (!valid && !fail(errorLine, mountError))
                    return false;
                if (!mount->from.isEmpty() && laterStage(mount->from, false)
                    && !fail(errorLine,
                             QStringLiteral("cannot mount from stage \"%1\" to \"%2\", stage needs "
                                            "to be defined before current command")
                                 .arg(mount->from, mount->target)))
                    return false;
            }
            addStep(keyword, runName(instruction, state), stepLine, command.index, command.trigger);
        } else if (keyword == QLatin1String("COPY") || keyword == QLatin1String("ADD")) {
            const QString from = instruction.flagValue(QStringLiteral("from"));
            if (keyword == QLatin1String("COPY") && !from.isEmpty() && laterStage(from, true)
                && !fail(errorLine,
                         QStringLiteral("cannot copy from stage \"%1\", it needs to be defined "
                                        "before current stage \"%2\"")
                             .arg(from, printedStageName)))
                return false;
            QString message;
            if (!expandArguments(instruction, state, &message) && !fail(errorLine, message))
                return false;
            addStep(keyword, fileOperationName(instruction, state), stepLine, command.index,
                    command.trigger);
        } else if (keyword == QLatin1String("WORKDIR")) {
            const ArgExpander::Result path
                = m_expander.expand(instruction.arguments.value(0), state.env);
            if (!path.ok() && !fail(errorLine, path.error))
                return false;
            state.workdir = normalizeWorkdir(
                state.workdir, path.ok() ? path.text : instruction.arguments.value(0));
            // A working directory of exactly `/` needs no mkdir: no vertex, and no number
            // is used up.
            if (state.workdir != QLatin1String("/"))
                addStep(keyword, fileOperationName(instruction, state), stepLine, command.index,
                        command.trigger);
        } else {
            QString message;
            if (!expandArguments(instruction, state, &message) && !fail(errorLine, message))
                return false;
        }
    }
    return true;
}

} // namespace Cachelab
