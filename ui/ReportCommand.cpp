// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ReportCommand.h"

#include "core/cli/ExplainCommand.h"
#include "core/models/StepComparisonModel.h"
#include "core/report/IssueReport.h"
#include "ui/dag/StageDagScene.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QTextStream>

namespace Cachelab {

int ReportCommand::run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Write the Markdown for a GitHub issue about a cache that was not used: versions, "
        "commands, step tables, expected vs observed rebuilds, exported layers, cache flags."));
    parser.addHelpOption();
    const QCommandLineOption dockerfileOption(QStringLiteral("dockerfile"),
                                              QStringLiteral("The Dockerfile both runs built."),
                                              QStringLiteral("path"));
    const QCommandLineOption beforeOption(
        QStringLiteral("before"), QStringLiteral("The earlier run's log."), QStringLiteral("log"));
    const QCommandLineOption afterOption(
        QStringLiteral("after"), QStringLiteral("The later run's log."), QStringLiteral("log"));
    const QCommandLineOption changedOption(QStringLiteral("changed"),
                                           QStringLiteral("A context file changed in between "
                                                          "(repeatable)."),
                                           QStringLiteral("path"));
    const QCommandLineOption scriptOption(QStringLiteral("script"),
                                          QStringLiteral("A script that made the runs "
                                                         "(repeatable)."),
                                          QStringLiteral("path"));
    const QCommandLineOption dagOption(QStringLiteral("dag-png"),
                                       QStringLiteral("Draw the two runs' stage graph to this "
                                                      "PNG file and name it in the report."),
                                       QStringLiteral("file"));
    const QCommandLineOption noToolsOption(
        QStringLiteral("no-tools"),
        QStringLiteral("Leave out the versions of docker, buildx and buildctl."));
    const QCommandLineOption beforeDebugOption(QStringLiteral("before-cache-debug"),
                                               QStringLiteral("The builder's cache debug store after the run before."),
                                               QStringLiteral("file"));
    const QCommandLineOption afterDebugOption(QStringLiteral("after-cache-debug"),
                                              QStringLiteral("The same after the run reported."),
                                              QStringLiteral("file"));
    parser.addOptions({ dockerfileOption, beforeOption, afterOption, changedOption, scriptOption,
                        dagOption, noToolsOption, beforeDebugOption, afterDebugOption });
    parser.addPositionalArgument(QStringLiteral("report"), QStringLiteral("The verb."));
    if (!parser.parse(arguments)) {
        err << "cachelab report: " << parser.errorText() << Qt::endl;
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    if (!parser.isSet(dockerfileOption) || !parser.isSet(afterOption)) {
        err << "cachelab report: --dockerfile and --after are needed" << Qt::endl;
        return 2;
    }

    ExplainCommand::Input input;
    input.dockerfile = parser.value(dockerfileOption);
    input.before = parser.value(beforeOption);
    input.after = parser.value(afterOption);
    input.changed = parser.values(changedOption);
    input.scripts = parser.values(scriptOption);
    input.beforeCacheDebug = parser.value(beforeDebugOption);
    input.afterCacheDebug = parser.value(afterDebugOption);
    ExplainCommand::Output explained;
    QString error;
    int status = 1;
    if (!ExplainCommand::explain(input, &explained, &error, &status)) {
        err << "cachelab report: " << error << Qt::endl;
        return status;
    }
    const Dockerfile &dockerfile = *explained.dockerfile;
    const BuildRun *before = explained.before ? &*explained.before : nullptr;
    const BuildRun &after = *explained.after;

    IssueReport report;
    if (!parser.isSet(noToolsOption))
        report.tools = ToolVersions::probe();
    const auto addRun = [&](const QString &side, const BuildRun &run) {
        IssueReport::Run entry;
        entry.side = side;
        entry.label = QFileInfo(run.source).fileName();
        entry.commandLine = QStringLiteral("(from the log %1)").arg(entry.label);
        entry.ending = run.failed() ? QStringLiteral("failed") : QStringLiteral("succeeded");
        entry.summary = RunSummary::of(run, &dockerfile);
        report.runs.append(entry);
    };
    if (before)
        addRun(QStringLiteral("A"), *before);
    addRun(before ? QStringLiteral("B") : QStringLiteral("A"), after);
    StepComparisonModel steps;
    steps.setDockerfile(dockerfile);
    steps.setRuns(before ? before : &after, before ? &after : nullptr);
    report.stepTable = steps.toMarkdown(report.runs.constFirst().label,
                                        before ? report.runs.at(1).label : QString());
    report.explanations.append(explained.explanation);
    report.findings = explained.explanation.findings;
    if (parser.isSet(dagOption)) {
        const QString png = parser.value(dagOption);
        if (!StageDagScene::renderToFile(dockerfile, before ? before : &after,
                                         before ? &after : nullptr, png, &error)) {
            err << "cachelab report: " << error << Qt::endl;
            return 1;
        }
        report.dagImage = QFileInfo(png).absoluteFilePath();
    }
    out << report.toMarkdown();
    return 0;
}

} // namespace Cachelab
