// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lint/BuildCommandFinder.h"

#include "core/lint/ShellScriptLexer.h"

#include <QRegularExpression>
#include <QSet>

namespace Cachelab {

namespace {

QSet<QString> setOf(const char *spaceSeparated)
{
    const QStringList list
        = QString::fromLatin1(spaceSeparated).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    return QSet<QString>(list.cbegin(), list.cend());
}

QString baseName(const QString &word)
{
    return word.mid(word.lastIndexOf(QLatin1Char('/')) + 1);
}

bool isAssignment(const ShellWord &word)
{
    static const QRegularExpression assignment(
        QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*(\\[[^]]*\\])?\\+?="));
    return assignment.match(word.text).hasMatch();
}

// "${flags[@]}", "$@": extra words only known at run time; usually options.
bool isListExpansion(const QString &word)
{
    return word == QLatin1String("$@") || word == QLatin1String("$*")
        || (word.startsWith(QLatin1String("${")) && word.endsWith(QLatin1Char('}'))
            && (word.contains(QLatin1String("[@]")) || word.contains(QLatin1String("[*]"))));
}

// Skips the options of a program that come before its subcommand (`docker -H x buildx`,
// `buildctl --addr x build`): those in `withValue` take the next word unless written
// `--opt=value`.
qsizetype skipOptions(const QList<ShellWord> &words, qsizetype i, const QSet<QString> &withValue)
{
    while (i < words.size() && words.at(i).text.startsWith(QLatin1Char('-'))) {
        const QString &word = words.at(i).text;
        i += (!word.contains(QLatin1Char('=')) && withValue.contains(word)) ? 2 : 1;
    }
    return i;
}

const QSet<QString> &dockerGlobalOptionsWithValue()
{
    static const QSet<QString> set
        = setOf("-H --host -c --context --config -l --log-level --tlscacert --tlscert --tlskey");
    return set;
}

const QSet<QString> &buildctlGlobalOptionsWithValue()
{
    static const QSet<QString> set = setOf(
        "--addr --tlsservername --tlscacert --tlscert --tlskey --tlsdir --log-format --timeout");
    return set;
}

bool isBuildctl(const QString &word)
{
    const QString name = baseName(word);
    return name == QLatin1String("buildctl") || name == QLatin1String("buildctl-daemonless.sh");
}

// `buildctl [global options] build`: the index of the first build argument, or -1.
qsizetype buildctlBuildArguments(const QList<ShellWord> &words, qsizetype i)
{
    i = skipOptions(words, i, buildctlGlobalOptionsWithValue());
    if (i < words.size()
        && (words.at(i).text == QLatin1String("build") || words.at(i).text == QLatin1String("b")))
        return i + 1;
    return -1;
}

// `docker run [options] IMAGE [command]`, where the container's command is a buildctl
// build: through `--entrypoint buildctl-daemonless.sh` (BuildKit's README) or as the
// command after the image. The index of the first build argument, or -1.
qsizetype buildctlInDockerRun(const QList<ShellWord> &words, qsizetype i)
{
    static const QSet<QString> booleanOptions = setOf(
        "--rm --privileged --init --read-only --interactive --tty --detach --publish-all "
        "--no-healthcheck --oom-kill-disable --sig-proxy --disable-content-trust --quiet --help "
        "--use-api-socket");
    static const QString booleanShort = QStringLiteral("dPiqt");
    QString entrypoint;
    while (i < words.size()) {
        const QString &word = words.at(i).text;
        if (word == QLatin1String("--")) {
            ++i;
            break;
        }
        if (isListExpansion(word)) {
            ++i;
            continue;
        }
        if (word.startsWith(QLatin1String("--"))) {
            const qsizetype equals = word.indexOf(QLatin1Char('='));
            const QString name = equals < 0 ? word : word.left(equals);
            QString value;
            if (equals >= 0) {
                value = word.mid(equals + 1);
                ++i;
            } else if (booleanOptions.contains(word)) {
                ++i;
            } else {
                value = i + 1 < words.size() ? words.at(i + 1).text : QString();
                i += 2;
            }
            if (name == QLatin1String("--entrypoint"))
                entrypoint = value;
            continue;
        }
        if (word.startsWith(QLatin1Char('-')) && word.size() > 1) {
            bool allBoolean = true;
            for (qsizetype k = 1; k < word.size(); ++k)
                allBoolean = allBoolean && booleanShort.contains(word.at(k));
            // -v x, -e x, -w x ...; -eFOO=1 carries its value
            i += (allBoolean || word.size() > 2) ? 1 : 2;
            continue;
        }
        break;
    }
    if (i >= words.size())
        return -1;
    ++i; // the image
    if (isBuildctl(entrypoint))
        return buildctlBuildArguments(words, i);
    if (i < words.size() && isBuildctl(words.at(i).text))
        return buildctlBuildArguments(words, i + 1);
    return -1;
}

struct Recognised
{
    BuildCommand::Tool tool = BuildCommand::Tool::Buildx;
    qsizetype firstArgument = -1;
};

// The tool and where its build arguments start; firstArgument -1 when not a build.
Recognised recogniseTool(const QList<ShellWord> &words, QStringList *pushed)
{
    static const QSet<QString> prefixes
        = setOf("sudo env exec command time nohup then do else elif if while until ! { xargs");
    qsizetype i = 0;
    while (i < words.size()) {
        const ShellWord &word = words.at(i);
        if (isAssignment(word)) {
            ++i;
        } else if (prefixes.contains(word.text)) {
            const bool takesOptions
                = word.text == QLatin1String("sudo") || word.text == QLatin1String("env");
            ++i;
            while (takesOptions && i < words.size()
                   && words.at(i).text.startsWith(QLatin1Char('-')))
                ++i;
        } else {
            break;
        }
    }
    if (i >= words.size())
        return {};
    const QString program = baseName(words.at(i).text);
    ++i;
    if (isBuildctl(program))
        return { BuildCommand::Tool::Buildctl, buildctlBuildArguments(words, i) };
    if (program == QLatin1String("docker-buildx") || program == QLatin1String("buildx")) {
        i = skipOptions(words, i, setOf("--builder"));
        if (i < words.size() && words.at(i).text == QLatin1String("build"))
            return { BuildCommand::Tool::Buildx, i + 1 };
        return {};
    }
    if (program != QLatin1String("docker"))
        return {};
    i = skipOptions(words, i, dockerGlobalOptionsWithValue());
    if (i >= words.size())
        return {};
    const QString sub = words.at(i).text;
    const QString subSub = i + 1 < words.size() ? words.at(i + 1).text : QString();
    if (sub == QLatin1String("build"))
        return { BuildCommand::Tool::DockerBuild, i + 1 };
    if ((sub == QLatin1String("image") || sub == QLatin1String("builder"))
        && subSub == QLatin1String("build"))
        return { BuildCommand::Tool::DockerBuild, i + 2 };
    if (sub == QLatin1String("buildx")) {
        i = skipOptions(words, i + 1, setOf("--builder"));
        if (i < words.size()
            && (words.at(i).text == QLatin1String("build")
                || words.at(i).text == QLatin1String("b")))
            return { BuildCommand::Tool::Buildx, i + 1 };
        return {};
    }
    if (sub == QLatin1String("run"))
        return { BuildCommand::Tool::Buildctl, buildctlInDockerRun(words, i + 1) };
    if (sub == QLatin1String("container") && subSub == QLatin1String("run"))
        return { BuildCommand::Tool::Buildctl, buildctlInDockerRun(words, i + 2) };
    const bool push = sub == QLatin1String("push")
        || (sub == QLatin1String("image") && subSub == QLatin1String("push"));
    if (push && pushed) {
        for (qsizetype k = sub == QLatin1String("push") ? i + 1 : i + 2; k < words.size(); ++k) {
            if (!words.at(k).text.startsWith(QLatin1Char('-')))
                pushed->append(words.at(k).text);
        }
    }
    return {};
}

const QSet<QString> &optionsWithValue(BuildCommand::Tool tool)
{
    static const QSet<QString> buildctl = setOf(
        "--export-cache --import-cache --output -o --opt --local --frontend --progress --trace "
        "--secret --ssh --metadata-file --registry-auth-tlscontext --source-policy-file "
        "--ref-file --allow");
    static const QSet<QString> docker = setOf(
        "--cache-to --cache-from --build-arg -t --tag --target -o --output -f --file --platform "
        "--progress --label --secret --ssh --network --builder --build-context --iidfile "
        "--metadata-file --add-host --allow --attest --sbom --provenance --annotation "
        "--cgroup-parent --shm-size --ulimit --call --isolation -m --memory --memory-swap "
        "--cpu-shares -c --cpuset-cpus --cpuset-mems --cpu-period --cpu-quota --security-opt");
    return tool == BuildCommand::Tool::Buildctl ? buildctl : docker;
}

BuildOutput outputOf(const QString &raw, int line)
{
    BuildOutput output;
    output.line = line;
    output.raw = raw;
    QList<CacheFlag> parsed = CacheFlag::fromValue(CacheFlag::Kind::Export, raw);
    const CacheFlag &first = parsed.first();
    if (!raw.contains(QLatin1Char('='))) { // `-o dir`: the local exporter
        output.attributes.insert(QStringLiteral("type"), QStringLiteral("local"));
        output.attributes.insert(QStringLiteral("dest"), raw);
    } else {
        output.attributes = first.attributes;
    }
    return output;
}

bool isTrue(const QString &value)
{
    // Go's strconv.ParseBool, which BuildKit applies to BUILDKIT_INLINE_CACHE
    static const QSet<QString> truths = setOf("1 t T TRUE true True");
    return truths.contains(value);
}

} // namespace

std::optional<BuildCommand> BuildCommandFinder::recognise(const ShellCommand &command,
                                                          const QString &path)
{
    const QList<ShellWord> &words = command.words;
    const Recognised recognised = recogniseTool(words, nullptr);
    if (recognised.firstArgument < 0)
        return std::nullopt;
    BuildCommand build;
    build.tool = recognised.tool;
    build.line = command.line();
    const QSet<QString> &withValue = optionsWithValue(build.tool);
    const bool buildctl = build.tool == BuildCommand::Tool::Buildctl;

    const auto addCacheFlags
        = [&](CacheFlag::Kind kind, const QString &flagName, const QString &value, int line) {
              const QList<CacheFlag> flags = CacheFlag::fromValue(kind, value);
              for (CacheFlag flag : flags) {
                  flag.tool = build.toolName();
                  flag.file = path;
                  flag.line = line;
                  flag.flag = flagName;
                  build.cacheFlags.append(flag);
              }
          };

    for (qsizetype i = recognised.firstArgument; i < words.size(); ++i) {
        const ShellWord &word = words.at(i);
        if (word.text == QLatin1String("--"))
            break;
        if (!word.text.startsWith(QLatin1Char('-')))
            continue; // the context, a list expansion, ...
        const qsizetype equals = word.text.indexOf(QLatin1Char('='));
        QString name = word.text;
        QString value;
        bool hasValue = false;
        if (word.text.startsWith(QLatin1String("--")) && equals > 0) {
            name = word.text.left(equals);
            value = word.text.mid(equals + 1);
            hasValue = true;
        } else if (withValue.contains(name)) {
            if (i + 1 < words.size()) {
                value = words.at(i + 1).text;
                hasValue = true;
                ++i;
            }
        }
        const bool exportFlag = buildctl ? name == QLatin1String("--export-cache")
                                         : name == QLatin1String("--cache-to");
        const bool importFlag = buildctl ? name == QLatin1String("--import-cache")
                                         : name == QLatin1String("--cache-from");
        if (exportFlag || importFlag) {
            // A flag with nothing after it still counts: the lint says its value is missing.
            addCacheFlags(exportFlag ? CacheFlag::Kind::Export : CacheFlag::Kind::Import, name,
                          hasValue ? value : QString(), word.line);
        } else if (!hasValue) {
            if (!buildctl && name == QLatin1String("--push"))
                build.pushFlag = true;
        } else if (name == QLatin1String("--output") || name == QLatin1String("-o")) {
            build.outputs.append(outputOf(value, word.line));
        } else if (!buildctl && (name == QLatin1String("-t") || name == QLatin1String("--tag"))) {
            build.tags.append(value);
        } else if (!buildctl && name == QLatin1String("--target")) {
            build.target = value;
        } else if (!buildctl && name == QLatin1String("--build-arg")) {
            const qsizetype argEquals = value.indexOf(QLatin1Char('='));
            if (value.left(argEquals) == QLatin1String("BUILDKIT_INLINE_CACHE") && argEquals > 0
                && isTrue(value.mid(argEquals + 1))) {
                CacheFlag flag;
                flag.kind = CacheFlag::Kind::InlineBuildArg;
                flag.tool = build.toolName();
                flag.file = path;
                flag.line = word.line;
                flag.flag = name;
                flag.raw = value;
                flag.attributes.insert(QStringLiteral("type"), QStringLiteral("inline"));
                build.cacheFlags.append(flag);
            }
        } else if (buildctl && name == QLatin1String("--opt")) {
            if (value.startsWith(QLatin1String("target=")))
                build.target = value.mid(7);
            else if (value.startsWith(QLatin1String("build-arg:BUILDKIT_INLINE_CACHE="))
                     && isTrue(value.mid(value.indexOf(QLatin1Char('=')) + 1)))
                build.ignoredInlineBuildArgLine = word.line;
        }
    }
    return build;
}

ScriptBuilds BuildCommandFinder::find(const QString &scriptText, const QString &path)
{
    ScriptBuilds result;
    const ShellScript script = ShellScriptLexer::lex(scriptText);
    result.problems = script.problems;
    for (const ShellCommand &command : script.commands) {
        std::optional<BuildCommand> build = recognise(command, path);
        if (build) {
            build->index = int(result.builds.size());
            for (CacheFlag &flag : build->cacheFlags)
                flag.command = build->index;
            result.builds.append(*build);
        } else {
            recogniseTool(command.words, &result.pushedImages);
        }
    }
    return result;
}

} // namespace Cachelab
