// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dockerfile/DockerfileParser.h"

#include "core/dockerfile/ArgExpander.h"
#include "core/dockerfile/InstructionParser.h"
#include "core/dockerfile/LogicalLineReader.h"
#include "core/dockerfile/StageDispatcher.h"
#include "core/dockerfile/StageGraph.h"
#include "core/text/BoundedFile.h"

#include <QFile>
#include <QHash>
#include <QRegularExpression>

namespace Cachelab {

namespace {

bool fail(DockerfileError *error, const QString &path, int line, const QString &message)
{
    if (error)
        *error = { path, line, message };
    return false;
}

// One pass over the bytes: a Dockerfile is UTF-8 text of reasonable lines. Refusing
// anything else up front keeps the rest of the parser on well-formed text.
bool checkText(const QByteArray &content, int *badLine, QString *message)
{
    int line = 1;
    qsizetype lineStart = 0;
    const qsizetype size = content.size();
    const auto *bytes = reinterpret_cast<const unsigned char *>(content.constData());
    for (qsizetype i = 0; i < size;) {
        const unsigned char byte = bytes[i];
        if (byte == '\n') {
            ++line;
            lineStart = ++i;
            continue;
        }
        if (i - lineStart >= DockerfileParser::MaxLineLength) {
            *badLine = line;
            *message = QStringLiteral("dockerfile line greater than max allowed size of %1")
                           .arg(DockerfileParser::MaxLineLength);
            return false;
        }
        if (byte == 0) {
            *badLine = line;
            *message = QStringLiteral("NUL byte: this is not a text file");
            return false;
        }
        if (byte < 0x80) {
            ++i;
            continue;
        }
        // A well-formed UTF-8 sequence: no overlong forms, no surrogates, ≤ U+10FFFF.
        int length = 0;
        unsigned char low = 0x80;
        unsigned char high = 0xBF;
        if (byte >= 0xC2 && byte <= 0xDF) {
            length = 2;
        } else if (byte >= 0xE0 && byte <= 0xEF) {
            length = 3;
            if (byte == 0xE0)
                low = 0xA0;
            else if (byte == 0xED)
                high = 0x9F;
        } else if (byte >= 0xF0 && byte <= 0xF4) {
            length = 4;
            if (byte == 0xF0)
                low = 0x90;
            else if (byte == 0xF4)
                high = 0x8F;
        }
        bool valid = length > 0 && i + length <= size;
        for (int k = 1; valid && k < length; ++k) {
            const unsigned char next = bytes[i + k];
            valid = k == 1 ? (next >= low && next <= high) : (next >= 0x80 && next <= 0xBF);
        }
        if (!valid) {
            *badLine = line;
            *message = QStringLiteral("invalid UTF-8: this is not a text file");
            return false;
        }
        i += length;
    }
    return true;
}

// BUILDPLATFORM, TARGETPLATFORM and the rest, which BuildKit defines for every build.
ArgExpander::Environment platformArgs(const QString &target, const QString &build,
                                      const QString &targetStage)
{
    const QStringList targetParts = target.split(QLatin1Char('/'));
    const QStringList buildParts = build.split(QLatin1Char('/'));
    return {
        { QStringLiteral("BUILDPLATFORM"), build },
        { QStringLiteral("BUILDOS"), buildParts.value(0) },
        { QStringLiteral("BUILDOSVERSION"), QString() },
        { QStringLiteral("BUILDARCH"), buildParts.value(1) },
        { QStringLiteral("BUILDVARIANT"), buildParts.value(2) },
        { QStringLiteral("TARGETPLATFORM"), target },
        { QStringLiteral("TARGETOS"), targetParts.value(0) },
        { QStringLiteral("TARGETOSVERSION"), QString() },
        { QStringLiteral("TARGETARCH"), targetParts.value(1) },
        { QStringLiteral("TARGETVARIANT"), targetParts.value(2) },
        { QStringLiteral("TARGETSTAGE"), targetStage },
    };
}

QString chompHeredoc(const QString &body)
{
    static const QRegularExpression leadingTabs(QStringLiteral("^\\t+"),
                                                QRegularExpression::MultilineOption);
    QString chomped = body;
    return chomped.remove(leadingTabs);
}

} // namespace

std::optional<Dockerfile> DockerfileParser::parseFile(const QString &path, const Options &options,
                                                      DockerfileError *error)
{
    // Capped on the bytes read: /dev/zero or a FIFO has no size to check first.
    QString why;
    const std::optional<QByteArray> content = BoundedFile::read(path, MaxFileSize, &why);
    if (!content) {
        fail(error, path, 0, why.mid(path.size() + 2));
        return std::nullopt;
    }
    return parse(*content, path, options, error);
}

std::optional<Dockerfile> DockerfileParser::parse(const QByteArray &content, const QString &path,
                                                  const Options &options, DockerfileError *error)
{
    auto failed = [&](int line, const QString &message) {
        fail(error, path, line, message);
        return std::nullopt;
    };
    auto failedWith = [&](const DockerfileError &located) {
        fail(error, path, located.line, located.message);
        return std::nullopt;
    };

    if (content.isEmpty())
        return failed(1, QStringLiteral("the Dockerfile cannot be empty"));
    if (content.size() > MaxFileSize)
        return failed(0,
                      QStringLiteral("%1 bytes is too large for a Dockerfile (limit: %2)")
                          .arg(content.size())
                          .arg(MaxFileSize));
    int badLine = 0;
    QString message;
    if (!checkText(content, &badLine, &message))
        return failed(badLine, message);

    // The parser's pass: logical lines, node-level parsing, heredoc bodies.
    LogicalLineReader reader(QString::fromUtf8(content));
    QList<DockerfileInstruction> instructions;
    LogicalLine line;
    int errorLine = 0;
    while (reader.next(&line, &message, &errorLine)) {
        const InstructionParser parser(reader.escapeToken());
        DockerfileInstruction instruction;
        if (!parser.parseLine(line.text, &instruction, &message))
            return failed(line.startLine, message);
        QList<DockerfileHeredoc> heredocs;
        if (!parser.heredocsOf(instruction, line.text, &heredocs, &message))
            return failed(line.startLine, message);
        for (DockerfileHeredoc &heredoc : heredocs) {
            QString body;
            if (!reader.readHeredoc(heredoc.name, heredoc.chomp, &body))
                return failed(
                    line.startLine,
                    QStringLiteral("unterminated heredoc: no line %1 after it").arg(heredoc.name));
            heredoc.body = heredoc.chomp ? chompHeredoc(body) : body;
        }
        instruction.heredocs = heredocs;
        instruction.line = line.startLine;
        instruction.endLine = reader.currentLine();
        if (instruction.trigger) {
            auto trigger = std::make_shared<DockerfileInstruction>(*instruction.trigger);
            trigger->heredocs = heredocs;
            trigger->line = instruction.line;
            trigger->endLine = instruction.endLine;
            instruction.trigger = trigger;
        }
        instructions.append(instruction);
    }
    if (errorLine > 0)
        return failed(errorLine, message);
    if (instructions.isEmpty())
        return failed(qMax(1, reader.currentLine()), QStringLiteral("file with no instructions"));

    // The instructions' pass: each instruction checked, ARGs before the first FROM, stages.
    const InstructionParser parser(reader.escapeToken());
    QList<DockerfileStage> stages;
    QList<const DockerfileInstruction *> metaArgs;
    QHash<QString, int> firstLineOfName;
    for (const DockerfileInstruction &instruction : std::as_const(instructions)) {
        if (!parser.validate(instruction, &message))
            return failed(instruction.line, message);
        if (stages.isEmpty() && instruction.keyword == QLatin1String("ARG")) {
            metaArgs.append(&instruction);
            continue;
        }
        if (instruction.keyword == QLatin1String("FROM")) {
            DockerfileStage stage;
            stage.index = int(stages.size());
            stage.named = instruction.arguments.size() == 3;
            stage.name = stage.named ? instruction.arguments.at(2).toLower()
                                     : QStringLiteral("stage-%1").arg(stage.index);
            // BuildKit only warns (DuplicateStageName) and lets the later stage win; a
            // second stage of the same name is nearly always a copy-and-paste slip.
            if (stage.named && firstLineOfName.contains(stage.name))
                return failed(instruction.line,
                              QStringLiteral("duplicate stage name \"%1\" (first used on line %2)")
                                  .arg(stage.name)
                                  .arg(firstLineOfName.value(stage.name)));
            if (stage.named)
                firstLineOfName.insert(stage.name, instruction.line);
            stage.firstLine = instruction.line;
            stage.lastLine = instruction.endLine;
            stage.instructions.append(instruction);
            stages.append(stage);
            continue;
        }
        if (stages.isEmpty())
            return failed(instruction.line,
                          QStringLiteral("no build stage in current context: %1 before the "
                                         "first FROM (only ARG may come before it)")
                              .arg(instruction.keyword));
        stages.last().instructions.append(instruction);
        stages.last().lastLine = instruction.endLine;
    }
    if (stages.isEmpty())
        return failed(1, QStringLiteral("dockerfile contains no stages to build"));

    // ARGs before the first FROM, with the platform ARGs BuildKit always defines.
    QString targetStage = options.target;
    if (targetStage.isEmpty())
        targetStage = stages.last().named ? stages.last().name : QStringLiteral("default");
    ArgExpander::Environment globalEnv = platformArgs(
        options.platform,
        options.buildPlatform.isEmpty() ? options.platform : options.buildPlatform, targetStage);
    for (auto it = globalEnv.begin(); it != globalEnv.end(); ++it) {
        if (options.buildArgs.contains(it.key()))
            it.value() = options.buildArgs.value(it.key());
    }
    ArgExpander::Options expanderOptions;
    expanderOptions.escapeToken = reader.escapeToken();
    const ArgExpander expander(expanderOptions);
    QList<DockerfileArg> globalArgs;
    for (const DockerfileInstruction *instruction : std::as_const(metaArgs)) {
        for (const QString &word : instruction->arguments) {
            DockerfileArg arg;
            const qsizetype equals = word.indexOf(QLatin1Char('='));
            arg.name = equals < 0 ? word : word.left(equals);
            arg.hasDefault = equals >= 0;
            arg.defaultValue = arg.hasDefault ? word.mid(equals + 1) : QString();
            arg.line = instruction->line;
            if (options.buildArgs.contains(arg.name)) {
                arg.value = options.buildArgs.value(arg.name);
                arg.hasValue = true;
            } else if (arg.hasDefault) {
                const ArgExpander::Result expanded = expander.expand(arg.defaultValue, globalEnv);
                if (!expanded.ok())
                    return failed(instruction->line, expanded.error);
                arg.value = expanded.text;
                arg.hasValue = true;
            }
            if (arg.hasValue)
                globalEnv.insert(arg.name, arg.value);
            globalArgs.append(arg);
        }
    }

    // dockerfile2llb's order: bases, target, edges and cycles, image references, the
    // stages the target needs, then the dispatch of each stage.
    StageGraph graph(stages, reader.escapeToken());
    DockerfileError located;
    int target = 0;
    if (!graph.resolveBases(globalEnv, &located)
        || !graph.findTarget(options.target, &target, &located)
        || !graph.collectDependencies(&located) || !graph.resolveImages(&located)
        || !graph.markNeeded(target, &located))
        return failedWith(located);
    StageDispatcher dispatcher(stages, globalEnv, options.buildArgs, reader.escapeToken(),
                               graph.labelsHaveStageName());
    if (!dispatcher.run(&located))
        return failedWith(located);

    Dockerfile dockerfile;
    dockerfile.m_path = path;
    dockerfile.m_directives = reader.directives();
    dockerfile.m_escapeToken = reader.escapeToken();
    dockerfile.m_globalArgs = globalArgs;
    dockerfile.m_stages = stages;
    dockerfile.m_externalImages = graph.externalImages();
    dockerfile.m_target = target;
    dockerfile.m_labelsHaveStageName = graph.labelsHaveStageName();
    return dockerfile;
}

} // namespace Cachelab
