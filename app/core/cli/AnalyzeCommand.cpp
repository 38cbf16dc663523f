// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cli/AnalyzeCommand.h"

#include "core/analysis/RunStepMatcher.h"
#include "core/cli/BuildArgs.h"
#include "core/cli/CommandLine.h"
#include "core/dockerfile/DockerfileParser.h"
#include "core/progress/ProgressStreamParser.h"
#include "core/report/AnalysisReport.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTextStream>

namespace Cachelab {

int AnalyzeCommand::run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Show what each BuildKit build run did: every step's "
                       "outcome and time, the cache it imported and exported."));
    parser.addHelpOption();
    const QCommandLineOption formatOption(QStringLiteral("format"),
                                          QStringLiteral("Output format: text or json."),
                                          QStringLiteral("format"), QStringLiteral("text"));
    const QCommandLineOption dockerfileOption(
        QStringLiteral("dockerfile"),
        QStringLiteral(
            "The Dockerfile the runs built: joins each step to its line, and lists the target's "
            "steps with what each run did to them."),
        QStringLiteral("path"));
    const QCommandLineOption buildArgOption(
        QStringLiteral("build-arg"), QStringLiteral("A build argument the runs used (repeatable)."),
        QStringLiteral("name=value"));
    const QCommandLineOption targetOption(
        QStringLiteral("target"), QStringLiteral("The stage the runs built (default: the last)."),
        QStringLiteral("stage"));
    parser.addOptions({ formatOption, dockerfileOption, buildArgOption, targetOption });
    parser.addPositionalArgument(QStringLiteral("analyze"), QStringLiteral("The verb."));
    parser.addPositionalArgument(QStringLiteral("LOG"),
                                 QStringLiteral("BuildKit plain or rawjson progress logs."),
                                 QStringLiteral("LOG…"));

    if (const std::optional<int> status = CommandLine::parse(parser, QStringLiteral("analyze"), arguments, out, err))
        return *status;
    const QString format = parser.value(formatOption);
    if (!CommandLine::isOneOf(QStringLiteral("analyze"), QStringLiteral("format"), format,
                              {QStringLiteral("text"), QStringLiteral("json")}, err))
        return 2;
    QStringList logs = parser.positionalArguments();
    logs.removeFirst(); // the verb
    if (logs.isEmpty()) {
        err << "cachelab analyze: no LOG given (try 'cachelab analyze --help')" << Qt::endl;
        return 2;
    }

    std::optional<Dockerfile> dockerfile;
    if (parser.isSet(dockerfileOption)) {
        DockerfileParser::Options options;
        options.target = parser.value(targetOption);
        QString badArg;
        if (!BuildArgs::parse(parser.values(buildArgOption), &options.buildArgs, &badArg)) {
            err << "cachelab analyze: --build-arg wants NAME=value or NAME, got '" << badArg << "'"
                << Qt::endl;
            return 2;
        }
        DockerfileError error;
        dockerfile = DockerfileParser::parseFile(parser.value(dockerfileOption), options, &error);
        if (!dockerfile) {
            err << "cachelab analyze: " << error.toString() << Qt::endl;
            return 1;
        }
    } else if (parser.isSet(targetOption) || parser.isSet(buildArgOption)) {
        err << "cachelab analyze: --target and --build-arg need --dockerfile" << Qt::endl;
        return 2;
    }

    // A log that cannot be read is reported and skipped; the others are still analysed.
    int status = 0;
    QList<BuildRun> runs;
    for (const QString &log : std::as_const(logs)) {
        QString error;
        // Each build of the log: a CI job's log may hold several.
        std::optional<QList<BuildRun>> logRuns = ProgressStreamParser::readFileRuns(log, &error);
        if (!logRuns) {
            err << "cachelab analyze: " << error << Qt::endl;
            status = 1;
            continue;
        }
        runs.append(std::move(*logRuns));
    }
    if (dockerfile) {
        // A log of another project says so, instead of a table of steps that never ran.
        const RunStepMatcher matcher(*dockerfile);
        for (const BuildRun &run : std::as_const(runs)) {
            const QString warning = RunStepMatcher::coverageWarning(
                matcher.coverage(run), QFileInfo(run.source).fileName(), QFileInfo(dockerfile->path()).fileName());
            if (!warning.isEmpty())
                err << "cachelab analyze: warning: " << warning << Qt::endl;
        }
    }
    const Dockerfile *file = dockerfile ? &*dockerfile : nullptr;
    if (format == QLatin1String("json")) {
        // Streamed to stdout: a million vertices never become one document in memory.
        out.flush();
        QFile stdoutFile;
        if (!stdoutFile.open(stdout, QIODevice::WriteOnly))
            return 1;
        AnalysisReport::writeJson(&stdoutFile, file, runs);
    } else {
        AnalysisReport::writeText(out, file, runs);
    }
    return status;
}

} // namespace Cachelab
