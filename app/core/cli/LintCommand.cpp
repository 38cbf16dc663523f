// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cli/LintCommand.h"

#include "core/cli/CommandLine.h"
#include "core/dockerfile/DockerfileParser.h"
#include "core/lint/CacheFlagLint.h"

#include <optional>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace Cachelab {

namespace {

std::optional<Dockerfile> parseDockerfile(const QString &path, const QString &target,
                                          QString *error)
{
    DockerfileParser::Options options;
    options.target = target;
    DockerfileError parseError;
    std::optional<Dockerfile> dockerfile = DockerfileParser::parseFile(path, options, &parseError);
    if (!dockerfile)
        *error = parseError.toString();
    return dockerfile;
}

} // namespace

int LintCommand::run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const QString usage = QStringLiteral(
        "usage: cachelab lint [--dockerfile F] [--target T] [--format text|json] SCRIPT...");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Lint the cache flags of build scripts."));
    const QCommandLineOption dockerfileOption(
        QStringLiteral("dockerfile"),
        QStringLiteral(
            "The Dockerfile the scripts build (default: a Dockerfile beside each script)."),
        QStringLiteral("file"));
    const QCommandLineOption targetOption(QStringLiteral("target"),
                                          QStringLiteral("The build target stage."),
                                          QStringLiteral("stage"));
    const QCommandLineOption formatOption(QStringLiteral("format"), QStringLiteral("text or json."),
                                          QStringLiteral("format"), QStringLiteral("text"));
    const QCommandLineOption helpOption(QStringLiteral("help"), QStringLiteral("This help."));
    parser.addOptions({ dockerfileOption, targetOption, formatOption, helpOption });
    parser.addPositionalArgument(QStringLiteral("lint"), QStringLiteral("The verb."));
    parser.addPositionalArgument(QStringLiteral("SCRIPT"), QStringLiteral("Build scripts."));
    if (!parser.parse(arguments)) {
        err << "cachelab lint: " << parser.errorText() << Qt::endl << usage << Qt::endl;
        return 2;
    }
    if (parser.isSet(helpOption)) {
        out << usage << Qt::endl;
        return 0;
    }
    const QStringList scripts = parser.positionalArguments().mid(1);
    const QString format = parser.value(formatOption);
    if (!CommandLine::isOneOf(QStringLiteral("lint"), QStringLiteral("format"), format,
                              { QStringLiteral("text"), QStringLiteral("json") }, err)) {
        err << usage << Qt::endl;
        return 2;
    }
    if (scripts.isEmpty()) {
        err << "cachelab lint: no SCRIPT" << Qt::endl << usage << Qt::endl;
        return 2;
    }
    const QString target = parser.value(targetOption);

    std::optional<Dockerfile> given;
    if (parser.isSet(dockerfileOption)) {
        QString error;
        given = parseDockerfile(parser.value(dockerfileOption), target, &error);
        if (!given) {
            err << "cachelab lint: " << error << Qt::endl;
            return 1;
        }
    }

    int status = 0;
    QJsonArray findingsJson;
    QJsonArray flagsJson;
    for (const QString &script : scripts) {
        std::optional<Dockerfile> beside;
        const Dockerfile *dockerfile = given ? &*given : nullptr;
        if (!given) {
            const QString path = QFileInfo(script).dir().filePath(QStringLiteral("Dockerfile"));
            if (QFileInfo(path).isFile()) {
                QString error;
                beside = parseDockerfile(path, target, &error);
                if (beside)
                    dockerfile = &*beside;
                else // the lint still runs, without the multi-stage checks
                    err << "cachelab lint: " << error << Qt::endl;
            }
        }
        QString error;
        const QList<LintFinding> findings = CacheFlagLint::lintFile(script, dockerfile, &error);
        if (!error.isEmpty()) {
            err << "cachelab lint: " << error << Qt::endl;
            status = 1;
            continue;
        }
        for (const LintFinding &finding : findings) {
            if (finding.isProblem())
                status = 1;
            if (format == QLatin1String("json"))
                findingsJson.append(finding.toJson());
            else
                out << finding.toText() << Qt::endl;
        }
        if (format == QLatin1String("json")) {
            if (const std::optional<QString> text = CacheFlagLint::readScript(script, nullptr)) {
                for (const CacheFlag &flag : CacheFlagLint::flagsIn(*text, script))
                    flagsJson.append(flag.toJson());
            }
        }
    }
    if (format == QLatin1String("json"))
        out << QJsonDocument(QJsonObject { { QStringLiteral("findings"), findingsJson },
                                           { QStringLiteral("flags"), flagsJson } })
                   .toJson(QJsonDocument::Indented);
    out.flush();
    return status;
}

} // namespace Cachelab
