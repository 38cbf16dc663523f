// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dockerfile/InstructionParser.h"

#include "core/dockerfile/ArgExpander.h"
#include "core/dockerfile/RunMount.h"
#include "core/text/EditDistance.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>

namespace Cachelab {

namespace {

// BuildKit's reWhitespace: [\t\v\f\r ]
bool isBlank(QChar ch)
{
    switch (ch.unicode()) {
    case '\t':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
        return true;
    default:
        return false;
    }
}

QStringList splitBlanks(const QString &text, int maxParts = -1)
{
    QStringList parts;
    qsizetype i = 0;
    const qsizetype size = text.size();
    while (i < size) {
        if (maxParts > 0 && parts.size() == maxParts - 1) {
            parts.append(text.mid(i));
            return parts;
        }
        qsizetype end = i;
        while (end < size && !isBlank(text.at(end)))
            ++end;
        parts.append(text.mid(i, end - i));
        i = end;
        while (i < size && isBlank(text.at(i)))
            ++i;
    }
    return parts;
}

// BuildKit's word scanners over blank-separated words with quotes and escapes, which
// differ only in what they keep and where they stop.
enum class WordScan
{
    // extractBuilderFlags: the leading `--flag[=value]` words, quotes and escape
    // characters removed; stops at the first word that is not a flag, or after `--`.
    Flags,
    // parseWords (ENV, LABEL, ARG): every word; quotes and escapes stay in the words, to
    // be processed when the values are expanded (no escapes inside single quotes).
    Words,
};

// The words of `text` as `mode` reads them. For Flags, *rest is what follows the flags
// (null when the line has nothing but flags).
QStringList scanWords(const QString &text, QChar escape, WordScan mode, QString *rest = nullptr)
{
    enum Phase
    {
        InSpaces,
        InWord,
        InQuote
    };
    const bool flags = mode == WordScan::Flags;
    const bool raw = mode == WordScan::Words; // quotes and escapes stay
    auto stop = [&](qsizetype pos, const QStringList &words) {
        if (rest)
            *rest = text.mid(pos);
        return words;
    };
    QStringList words;
    Phase phase = InSpaces;
    QChar quote;
    bool blankOk = false;
    QString word;
    const qsizetype size = text.size();
    for (qsizetype pos = 0; pos <= size; ++pos) {
        QChar ch = pos < size ? text.at(pos) : QChar();
        if (phase == InSpaces) {
            if (pos == size)
                break;
            if (ch.isSpace())
                continue;
            if (flags
                && (ch != QLatin1Char('-') || pos + 1 == size
                    || text.at(pos + 1) != QLatin1Char('-')))
                return stop(pos, words);
            phase = InWord;
        }
        if (pos == size) {
            if (!(flags && word == QLatin1String("--")) && (blankOk || !word.isEmpty()))
                words.append(word);
            break;
        }
        if (phase == InWord) {
            if (ch.isSpace()) {
                phase = InSpaces;
                if (flags && word == QLatin1String("--"))
                    return stop(pos, words);
                if (blankOk || !word.isEmpty())
                    words.append(word);
                word.clear();
                blankOk = false;
                continue;
            }
            if (ch == QLatin1Char('\'') || ch == QLatin1Char('"')) {
                quote = ch;
                blankOk = true;
                phase = InQuote;
                if (!raw)
                    continue;
            }
            if (ch == escape) {
                if (pos + 1 == size)
                    continue; // an escape at the very end is dropped
                if (raw)
                    word += ch; // unquoted, the escape and the escaped character both stay
                ch = text.at(++pos);
            }
            word += ch;
            continue;
        }
        // InQuote
        if (ch == quote) {
            phase = InWord;
            if (!raw)
                continue;
        }
        if (ch == escape && (!raw || quote != QLatin1Char('\''))) {
            if (pos + 1 == size) {
                phase = InWord;
                continue;
            }
            if (raw)
                word += ch;
            ch = text.at(++pos);
        }
        word += ch;
    }
    if (rest)
        *rest = QString();
    return words;
}

enum class JsonForm
{
    Json,
    NotJson,
    Invalid
};

// BuildKit's parseJSON: a JSON array of strings is the exec form; anything that is not a
// JSON array falls back to the shell form; an array with a non-string is an error.
JsonForm parseJson(const QString &rest, QStringList *values)
{
    const QString trimmed = rest.trimmed();
    if (!trimmed.startsWith(QLatin1Char('[')))
        return JsonForm::NotJson;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(trimmed.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isArray())
        return JsonForm::NotJson;
    const QJsonArray array = document.array();
    for (const QJsonValue value : array) {
        if (!value.isString())
            return JsonForm::Invalid;
        values->append(value.toString());
    }
    return JsonForm::Json;
}

const QString NotStringArray
    = QStringLiteral("when using JSON array syntax, arrays must be comprised of strings only");

bool parseMaybeJson(const QString &rest, bool toList, DockerfileInstruction *instruction,
                    QString *error)
{
    QStringList values;
    switch (parseJson(rest, &values)) {
    case JsonForm::Json:
        instruction->arguments = values;
        instruction->json = true;
        return true;
    case JsonForm::Invalid:
        *error = NotStringArray;
        return false;
    case JsonForm::NotJson:
        break;
    }
    if (rest.isEmpty())
        return true;
    instruction->arguments = toList ? splitBlanks(rest) : QStringList { rest };
    return true;
}

// ENV and LABEL: `KEY value` (old form) or `KEY=value …`.
bool parseNameValue(const QString &rest, const QString &keyword, QChar escape,
                    DockerfileInstruction *instruction, QString *error)
{
    const QStringList words = scanWords(rest, escape, WordScan::Words);
    if (words.isEmpty())
        return true;
    if (!words.first().contains(QLatin1Char('='))) {
        const QStringList parts = splitBlanks(rest, 2);
        if (parts.size() < 2) {
            *error = QStringLiteral("%1 must have two arguments").arg(keyword);
            return false;
        }
        instruction->arguments = parts;
        return true;
    }
    for (const QString &word : words) {
        const qsizetype equals = word.indexOf(QLatin1Char('='));
        if (equals < 0) {
            *error = QStringLiteral(
                         "Syntax error - can't find = in \"%1\". Must be of the form: name=value")
                         .arg(word);
            return false;
        }
        instruction->arguments << word.left(equals) << word.mid(equals + 1);
    }
    return true;
}

bool isHeredocKeyword(const QString &keyword)
{
    return keyword == QLatin1String("RUN") || keyword == QLatin1String("COPY")
        || keyword == QLatin1String("ADD");
}

const QStringList &allKeywords()
{
    static const QStringList keywords {
        QStringLiteral("ADD"),    QStringLiteral("ARG"),        QStringLiteral("CMD"),
        QStringLiteral("COPY"),   QStringLiteral("ENTRYPOINT"), QStringLiteral("ENV"),
        QStringLiteral("EXPOSE"), QStringLiteral("FROM"),       QStringLiteral("HEALTHCHECK"),
        QStringLiteral("LABEL"),  QStringLiteral("MAINTAINER"), QStringLiteral("ONBUILD"),
        QStringLiteral("RUN"),    QStringLiteral("SHELL"),      QStringLiteral("STOPSIGNAL"),
        QStringLiteral("USER"),   QStringLiteral("VOLUME"),     QStringLiteral("WORKDIR"),
    };
    return keywords;
}

enum class FlagType
{
    Bool,
    String,
    Strings
};
struct FlagSpec
{
    const char *name;
    FlagType type;
};

QList<FlagSpec> flagSpecs(const QString &keyword)
{
    if (keyword == QLatin1String("COPY"))
        return { { "chown", FlagType::String },    { "from", FlagType::String },
                 { "chmod", FlagType::String },    { "link", FlagType::Bool },
                 { "exclude", FlagType::Strings }, { "parents", FlagType::Bool } };
    if (keyword == QLatin1String("ADD"))
        return { { "chown", FlagType::String },    { "chmod", FlagType::String },
                 { "link", FlagType::Bool },       { "keep-git-dir", FlagType::Bool },
                 { "checksum", FlagType::String }, { "unpack", FlagType::Bool },
                 { "exclude", FlagType::Strings } };
    if (keyword == QLatin1String("FROM"))
        return { { "platform", FlagType::String } };
    if (keyword == QLatin1String("RUN"))
        return { { "mount", FlagType::Strings },
                 { "network", FlagType::String },
                 { "security", FlagType::String },
                 { "device", FlagType::Strings } };
    if (keyword == QLatin1String("HEALTHCHECK"))
        return { { "interval", FlagType::String },
                 { "timeout", FlagType::String },
                 { "start-period", FlagType::String },
                 { "start-interval", FlagType::String },
                 { "retries", FlagType::String } };
    return {};
}

QString errExactlyOne(const QString &keyword)
{
    return QStringLiteral("%1 requires exactly one argument").arg(keyword);
}

QString errAtLeastOne(const QString &keyword)
{
    return QStringLiteral("%1 requires at least one argument").arg(keyword);
}

} // namespace

InstructionParser::InstructionParser(QChar escapeToken)
    : m_escape(escapeToken)
{ }

bool InstructionParser::parseLine(const QString &line, DockerfileInstruction *instruction,
                                  QString *error) const
{
    const QString trimmed = line.trimmed();
    const QStringList commandLine = splitBlanks(trimmed, 2);
    const QString writtenKeyword = commandLine.value(0);
    QString rest;
    QStringList rawFlags;
    if (commandLine.size() == 2) {
        rawFlags = scanWords(commandLine.at(1), m_escape, WordScan::Flags, &rest);
        rest = rest.trimmed();
    }

    instruction->keyword = writtenKeyword.toUpper();
    instruction->text = trimmed;
    instruction->argumentText = rest;
    for (const QString &raw : std::as_const(rawFlags)) {
        // scanWords(Flags) only collects words that start with --
        const QString body = raw.mid(2);
        const qsizetype equals = body.indexOf(QLatin1Char('='));
        DockerfileFlag flag;
        flag.name = equals < 0 ? body : body.left(equals);
        flag.hasValue = equals >= 0;
        flag.value = equals < 0 ? QString() : body.mid(equals + 1);
        instruction->flags.append(flag);
    }

    const QString &keyword = instruction->keyword;
    if (keyword == QLatin1String("ADD") || keyword == QLatin1String("COPY")
        || keyword == QLatin1String("VOLUME"))
        return parseMaybeJson(rest, true, instruction, error);
    if (keyword == QLatin1String("RUN") || keyword == QLatin1String("CMD")
        || keyword == QLatin1String("ENTRYPOINT") || keyword == QLatin1String("SHELL"))
        return parseMaybeJson(rest, false, instruction, error);
    if (keyword == QLatin1String("ARG")) {
        instruction->arguments = scanWords(rest, m_escape, WordScan::Words);
        return true;
    }
    if (keyword == QLatin1String("ENV") || keyword == QLatin1String("LABEL"))
        return parseNameValue(rest, keyword, m_escape, instruction, error);
    if (keyword == QLatin1String("FROM") || keyword == QLatin1String("EXPOSE")) {
        if (!rest.isEmpty())
            instruction->arguments = splitBlanks(rest);
        return true;
    }
    if (keyword == QLatin1String("MAINTAINER") || keyword == QLatin1String("STOPSIGNAL")
        || keyword == QLatin1String("USER") || keyword == QLatin1String("WORKDIR")) {
        if (!rest.isEmpty())
            instruction->arguments = QStringList { rest };
        return true;
    }
    if (keyword == QLatin1String("HEALTHCHECK")) {
        qsizetype separator = 0;
        while (separator < rest.size() && !rest.at(separator).isSpace())
            ++separator;
        if (separator == 0)
            return true;
        qsizetype next = separator;
        while (next < rest.size() && rest.at(next).isSpace())
            ++next;
        DockerfileInstruction command;
        if (!parseMaybeJson(rest.mid(next), false, &command, error))
            return false;
        instruction->arguments = QStringList { rest.left(separator) } + command.arguments;
        instruction->json = command.json;
        return true;
    }
    if (keyword == QLatin1String("ONBUILD")) {
        if (rest.isEmpty())
            return true;
        auto trigger = std::make_shared<DockerfileInstruction>();
        // A trigger that is itself ONBUILD is refused by validate(); not parsing it any
        // deeper keeps `ONBUILD ONBUILD ONBUILD …` from recursing without bound.
        const QString triggerKeyword = splitBlanks(rest, 2).value(0).toUpper();
        if (triggerKeyword == QLatin1String("ONBUILD")) {
            trigger->keyword = triggerKeyword;
            trigger->text = rest;
        } else if (!parseLine(rest, trigger.get(), error)) {
            return false;
        }
        instruction->arguments = QStringList { trigger->keyword } + trigger->arguments;
        instruction->json = trigger->json;
        instruction->trigger = trigger;
        return true;
    }
    return true; // unknown: refused by validate(), after every node-level error
}

bool InstructionParser::heredocsOf(const DockerfileInstruction &instruction, const QString &line,
                                   QList<DockerfileHeredoc> *heredocs, QString *error) const
{
    const DockerfileInstruction &carrier
        = instruction.keyword == QLatin1String("ONBUILD") && instruction.trigger
        ? *instruction.trigger
        : instruction;
    if (!isHeredocKeyword(carrier.keyword) || carrier.json || !line.contains(QLatin1String("<<")))
        return true;

    // BuildKit looks at every shell word of the line for <<[-]WORD (parser_heredoc:
    // heredocsFromLine and ParseHeredoc), with \ as the escape character whatever
    // `# escape=` says.
    ArgExpander::Options lineOptions;
    lineOptions.rawQuotes = true;
    lineOptions.rawEscapes = true;
    lineOptions.skipUnsetEnv = true;
    const QStringList words = ArgExpander(lineOptions).process(line, {}).words;

    static const QRegularExpression heredocWord(
        QStringLiteral("^([0-9]*)<<(-?)[\\t\\n\\f\\r ]*([^<]*)$"));
    ArgExpander::Options wordOptions;
    wordOptions.skipUnsetEnv = true;
    ArgExpander::Options rawWordOptions = wordOptions;
    rawWordOptions.rawQuotes = true;
    for (const QString &word : words) {
        const QRegularExpressionMatch match = heredocWord.match(word);
        if (!match.hasMatch() || match.captured(3).isEmpty())
            continue;
        const QString rest = match.captured(3);
        const ArgExpander::Result plain = ArgExpander(wordOptions).process(rest, {});
        if (!plain.ok()) {
            *error = plain.error;
            return false;
        }
        if (plain.words.size() != 1)
            continue; // `<<EOF bash` as one word is not a heredoc
        const ArgExpander::Result raw = ArgExpander(rawWordOptions).process(rest, {});
        if (!raw.ok()) {
            *error = raw.error;
            return false;
        }
        if (raw.words.size() != 1) {
            *error = QStringLiteral("internal lexing of heredoc produced inconsistent results: %1")
                         .arg(rest);
            return false;
        }
        auto quotes = [](const QString &text) {
            return text.count(QLatin1Char('\'')) + text.count(QLatin1Char('"'));
        };
        DockerfileHeredoc heredoc;
        heredoc.name = plain.words.first();
        heredoc.chomp = match.captured(2) == QLatin1String("-");
        heredoc.expand = quotes(heredoc.name) == quotes(raw.words.first());
        heredoc.fileDescriptor = match.captured(1).toInt();
        heredocs->append(heredoc);
    }
    return true;
}

bool InstructionParser::validateFlags(const DockerfileInstruction &instruction,
                                      QString *error) const
{
    if (instruction.flags.isEmpty())
        return true;
    const QList<FlagSpec> specs = flagSpecs(instruction.keyword);
    QStringList names;
    for (const FlagSpec &spec : specs)
        names.append(QLatin1String(spec.name));
    QStringList used;
    for (const DockerfileFlag &flag : instruction.flags) {
        const QString written = QStringLiteral("--") + flag.name;
        const qsizetype index = names.indexOf(flag.name);
        if (index < 0) {
            *error = QStringLiteral("unknown flag: %1").arg(written);
            const QString match = EditDistance::buildKitSuggestion(flag.name, names, true);
            if (!match.isEmpty())
                *error += QStringLiteral(" (did you mean %1?)").arg(match);
            return false;
        }
        const FlagType type = specs.at(index).type;
        if (used.contains(flag.name) && type != FlagType::Strings) {
            *error = QStringLiteral("duplicate flag specified: %1").arg(written);
            return false;
        }
        used.append(flag.name);
        if (type == FlagType::Bool) {
            if (flag.hasValue && flag.value.isEmpty()) {
                *error = QStringLiteral("missing a value on flag: %1").arg(written);
                return false;
            }
            const QString lower = flag.value.toLower();
            if (!lower.isEmpty() && lower != QLatin1String("true")
                && lower != QLatin1String("false")) {
                *error = QStringLiteral("expecting boolean value for flag %1, not: %2")
                             .arg(written, flag.value);
                return false;
            }
        } else if (!flag.hasValue) {
            *error = QStringLiteral("missing a value on flag: %1").arg(written);
            return false;
        }
    }
    return true;
}

bool InstructionParser::validate(const DockerfileInstruction &instruction, QString *error) const
{
    const QString &keyword = instruction.keyword;
    const QStringList &args = instruction.arguments;
    auto fail = [error](const QString &message) {
        *error = message;
        return false;
    };

    if (!allKeywords().contains(keyword)) {
        const QString written
            = instruction.text.section(QRegularExpression(QStringLiteral("[\\t\\v\\f\\r ]")), 0, 0);
        QString message = QStringLiteral("unknown instruction: %1").arg(written);
        const QString match = EditDistance::buildKitSuggestion(written, allKeywords(), false);
        if (!match.isEmpty())
            message += QStringLiteral(" (did you mean %1?)").arg(match);
        return fail(message);
    }

    if (keyword == QLatin1String("FROM")) {
        if (args.size() == 3 && args.at(1).compare(QLatin1String("as"), Qt::CaseInsensitive) == 0) {
            static const QRegularExpression validName(QStringLiteral("^[a-z][a-z0-9-_.]*$"));
            if (!validName.match(args.at(2).toLower()).hasMatch())
                return fail(QStringLiteral("invalid name for build stage: \"%1\", name can't "
                                           "start with a number or contain symbols")
                                .arg(args.at(2)));
        } else if (args.size() != 1) {
            return fail(QStringLiteral("FROM requires either one or three arguments"));
        }
        return validateFlags(instruction, error);
    }
    if (keyword == QLatin1String("ENV") || keyword == QLatin1String("LABEL")) {
        if (!validateFlags(instruction, error))
            return false;
        if (args.isEmpty())
            return fail(errAtLeastOne(keyword));
        for (qsizetype i = 0; i < args.size(); i += 2) {
            if (args.at(i).isEmpty())
                return fail(QStringLiteral("%1 names can not be blank").arg(keyword));
        }
        return true;
    }
    if (keyword == QLatin1String("COPY") || keyword == QLatin1String("ADD")) {
        if (args.size() < 2)
            return fail(QStringLiteral("%1 requires at least two arguments, but only one was "
                                       "provided. Destination could not be determined")
                            .arg(keyword));
        if (!validateFlags(instruction, error))
            return false;
        static const QRegularExpression heredoc(
            QStringLiteral("^[0-9]*<<-?[\\t\\n\\f\\r ]*[^<]+$"));
        if (!instruction.json && heredoc.match(args.last()).hasMatch())
            return fail(QStringLiteral("%1 cannot accept a heredoc as a destination").arg(keyword));
        return true;
    }
    if (keyword == QLatin1String("ONBUILD")) {
        if (args.isEmpty())
            return fail(errAtLeastOne(keyword));
        if (!validateFlags(instruction, error))
            return false;
        const QString trigger = args.first().toUpper();
        if (trigger == QLatin1String("ONBUILD"))
            return fail(QStringLiteral("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"));
        if (trigger == QLatin1String("MAINTAINER") || trigger == QLatin1String("FROM"))
            return fail(QStringLiteral("%1 isn't allowed as an ONBUILD trigger").arg(trigger));
        return true;
    }
    if (keyword == QLatin1String("WORKDIR") || keyword == QLatin1String("USER")
        || keyword == QLatin1String("MAINTAINER")) {
        if (args.size() != 1)
            return fail(errExactlyOne(keyword));
        return validateFlags(instruction, error);
    }
    if (keyword == QLatin1String("STOPSIGNAL")) {
        if (args.size() != 1)
            return fail(errExactlyOne(keyword));
        return true; // BuildKit does not look at STOPSIGNAL's flags
    }
    if (keyword == QLatin1String("RUN")) {
        if (!validateFlags(instruction, error))
            return false;
        const QStringList mounts = instruction.flagValues(QStringLiteral("mount"));
        for (const QString &mount : mounts) {
            if (!RunMount::parse(mount, error))
                return false;
        }
        if (instruction.hasFlag(QStringLiteral("network"))) {
            const QString network = instruction.flagValue(QStringLiteral("network"));
            if (network != QLatin1String("default") && network != QLatin1String("none")
                && network != QLatin1String("host"))
                return fail(QStringLiteral("invalid network mode \"%1\"").arg(network));
        }
        if (instruction.hasFlag(QStringLiteral("security"))) {
            const QString security = instruction.flagValue(QStringLiteral("security"));
            if (security != QLatin1String("sandbox") && security != QLatin1String("insecure"))
                return fail(QStringLiteral("security \"%1\" is not valid").arg(security));
        }
        return true;
    }
    if (keyword == QLatin1String("CMD") || keyword == QLatin1String("ENTRYPOINT"))
        return validateFlags(instruction, error);
    if (keyword == QLatin1String("SHELL")) {
        if (!validateFlags(instruction, error))
            return false;
        if (args.isEmpty())
            return fail(errAtLeastOne(keyword));
        if (!instruction.json)
            return fail(QStringLiteral("SHELL requires the arguments to be in JSON form"));
        return true;
    }
    if (keyword == QLatin1String("EXPOSE") || keyword == QLatin1String("VOLUME")) {
        if (args.isEmpty())
            return fail(errAtLeastOne(keyword));
        if (!validateFlags(instruction, error))
            return false;
        if (keyword == QLatin1String("VOLUME")) {
            for (const QString &volume : args) {
                if (volume.trimmed().isEmpty())
                    return fail(QStringLiteral("VOLUME specified can not be an empty string"));
            }
        }
        return true;
    }
    if (keyword == QLatin1String("ARG")) {
        if (args.isEmpty())
            return fail(errAtLeastOne(keyword));
        for (const QString &arg : args) {
            if (arg.startsWith(QLatin1Char('=')))
                return fail(QStringLiteral("ARG names can not be blank"));
        }
        return true;
    }
    if (keyword == QLatin1String("HEALTHCHECK")) {
        if (args.isEmpty())
            return fail(errAtLeastOne(keyword));
        const QString type = args.first().toUpper();
        if (type == QLatin1String("NONE")) {
            if (args.size() != 1)
                return fail(QStringLiteral("HEALTHCHECK NONE takes no arguments"));
            return true;
        }
        if (!validateFlags(instruction, error))
            return false;
        if (type != QLatin1String("CMD"))
            return fail(QStringLiteral("Unknown type \"%1\" in HEALTHCHECK (try CMD)").arg(type));
        if (args.size() < 2)
            return fail(QStringLiteral("Missing command after HEALTHCHECK CMD"));
        return true;
    }
    return true;
}

} // namespace Cachelab
