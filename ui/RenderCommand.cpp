// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/RenderCommand.h"

#include "core/cli/BuildArgs.h"
#include "core/dockerfile/DockerfileParser.h"
#include "core/models/RunSummary.h"
#include "core/plots/RunHistorySeries.h"
#include "core/progress/ProgressStreamParser.h"
#include "ui/dag/StageDagScene.h"
#include "ui/plots/DurationsPlot.h"
#include "ui/plots/HistoryPlot.h"
#include "ui/plots/TimelinePlot.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QTextStream>

namespace Cachelab {

namespace {
// --view timeline|durations|history: a plot instead of the graph, drawn as the Plots
// tab draws it.
int renderPlot(const QString &view, const std::optional<Dockerfile> &dockerfile,
               const QStringList &logs, const QString &compare, const QString &out,
               QTextStream &err)
{
    QList<BuildRun> runs;
    for (const QString &path : logs + (compare.isEmpty() ? QStringList() : QStringList(compare))) {
        QString error;
        auto run = ProgressStreamParser::readFile(path, &error);
        if (!run) {
            err << "cachelab render: " << error << Qt::endl;
            return 1;
        }
        runs.append(*run);
    }
    QString error;
    bool saved = false;
    if (view == QLatin1String("timeline")) {
        TimelinePlot plot;
        plot.setRun(&runs.constFirst(), QFileInfo(logs.constFirst()).fileName());
        saved = plot.exportTo(out, &error);
    } else if (view == QLatin1String("durations")) {
        DurationsPlot plot;
        plot.setRuns(&*dockerfile, &runs.at(0), QFileInfo(logs.constFirst()).fileName(),
                     &runs.at(1), QFileInfo(compare).fileName());
        saved = plot.exportTo(out, &error);
    } else {
        QList<RunHistoryPoint> points;
        for (int i = 0; i < logs.size(); ++i) {
            const QString name = QFileInfo(logs.at(i)).fileName();
            points.append(RunHistorySeries::pointOf(
                name, name, {}, runs.at(i),
                RunSummary::of(runs.at(i), dockerfile ? &*dockerfile : nullptr)));
        }
        HistoryPlot plot;
        plot.setRuns(points);
        saved = plot.exportTo(out, &error);
    }
    if (!saved) {
        err << "cachelab render: " << error << Qt::endl;
        return 1;
    }
    return 0;
}
} // namespace

int RenderCommand::run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Draw the stage graph of a Dockerfile, coloured by a run "
                       "(or two runs compared), to a PNG or SVG file; or, with --view, a plot:\n"
                       "  timeline   the steps of --log on a time axis (no --dockerfile needed)\n"
                       "  durations  step times of --log (A) against --compare (B); needs "
                       "--dockerfile\n"
                       "  history    one point per --log (repeat it, oldest first): cache hits, "
                       "build time, exported layers; --dockerfile optional (step counts as the "
                       "graph's)"));
    parser.addHelpOption();
    const QCommandLineOption dockerfileOption(
        QStringLiteral("dockerfile"), QStringLiteral("The Dockerfile."), QStringLiteral("path"));
    const QCommandLineOption logOption(QStringLiteral("log"),
                                       QStringLiteral("A build log: colours the steps."),
                                       QStringLiteral("log"));
    const QCommandLineOption compareOption(QStringLiteral("compare"),
                                           QStringLiteral("A second log: each step shows A | B."),
                                           QStringLiteral("log"));
    const QCommandLineOption buildArgOption(QStringLiteral("build-arg"),
                                            QStringLiteral("A build argument (repeatable)."),
                                            QStringLiteral("name=value"));
    const QCommandLineOption targetOption(
        QStringLiteral("target"), QStringLiteral("The stage built."), QStringLiteral("stage"));
    const QCommandLineOption outOption(QStringLiteral("out"),
                                       QStringLiteral("Output file, .png or .svg."),
                                       QStringLiteral("file"));
    const QCommandLineOption viewOption(
        QStringLiteral("view"),
        QStringLiteral("graph (the default), timeline, durations or history."),
        QStringLiteral("view"), QStringLiteral("graph"));
    parser.addOptions({ dockerfileOption, logOption, compareOption, buildArgOption, targetOption,
                        outOption, viewOption });
    parser.addPositionalArgument(QStringLiteral("render"), QStringLiteral("The verb."));
    if (!parser.parse(arguments)) {
        err << "cachelab render: " << parser.errorText() << Qt::endl;
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    const QString view = parser.value(viewOption);
    static const QStringList views = { QStringLiteral("graph"), QStringLiteral("timeline"),
                                       QStringLiteral("durations"), QStringLiteral("history") };
    if (!views.contains(view)) {
        err << "cachelab render: --view wants graph, timeline, durations or history, got '" << view
            << "'" << Qt::endl;
        return 2;
    }
    // The graph and the step times follow the Dockerfile's steps; a timeline and a
    // history need only logs.
    const bool needsDockerfile
        = view == QLatin1String("graph") || view == QLatin1String("durations");
    if ((needsDockerfile && !parser.isSet(dockerfileOption)) || !parser.isSet(outOption)) {
        err << "cachelab render: "
            << (needsDockerfile ? "--dockerfile and --out are required" : "--out is required")
            << Qt::endl;
        return 2;
    }
    if (view != QLatin1String("graph") && !parser.isSet(logOption)) {
        err << "cachelab render: --view " << view << " needs --log" << Qt::endl;
        return 2;
    }
    if (view == QLatin1String("durations") && !parser.isSet(compareOption)) {
        err << "cachelab render: --view durations needs --compare" << Qt::endl;
        return 2;
    }
    if (parser.isSet(compareOption) && !parser.isSet(logOption)) {
        err << "cachelab render: --compare needs --log" << Qt::endl;
        return 2;
    }

    DockerfileParser::Options options;
    options.target = parser.value(targetOption);
    QString badArg;
    if (!BuildArgs::parse(parser.values(buildArgOption), &options.buildArgs, &badArg)) {
        err << "cachelab render: --build-arg wants NAME=value or NAME, got '" << badArg << "'" << Qt::endl;
        return 2;
    }
    DockerfileError dockerfileError;
    std::optional<Dockerfile> dockerfile;
    if (parser.isSet(dockerfileOption)) {
        dockerfile = DockerfileParser::parseFile(parser.value(dockerfileOption), options,
                                                 &dockerfileError);
        if (!dockerfile) {
            err << "cachelab render: " << dockerfileError.toString() << Qt::endl;
            return 1;
        }
    }
    if (view != QLatin1String("graph")) {
        const int status = renderPlot(view, dockerfile, parser.values(logOption),
                                      parser.value(compareOption), parser.value(outOption), err);
        if (status == 0)
            out << parser.value(outOption) << Qt::endl;
        return status;
    }
    std::optional<BuildRun> runA;
    std::optional<BuildRun> runB;
    QString error;
    if (parser.isSet(logOption)
        && !(runA = ProgressStreamParser::readFile(parser.value(logOption), &error))) {
        err << "cachelab render: " << error << Qt::endl;
        return 1;
    }
    if (parser.isSet(compareOption)
        && !(runB = ProgressStreamParser::readFile(parser.value(compareOption), &error))) {
        err << "cachelab render: " << error << Qt::endl;
        return 1;
    }
    if (!StageDagScene::renderToFile(*dockerfile, runA ? &*runA : nullptr, runB ? &*runB : nullptr,
                                     parser.value(outOption), &error)) {
        err << "cachelab render: " << error << Qt::endl;
        return 1;
    }
    out << parser.value(outOption) << Qt::endl;
    return 0;
}

} // namespace Cachelab
