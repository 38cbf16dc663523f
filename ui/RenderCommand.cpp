// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/RenderCommand.h"

#include "core/cli/BuildArgs.h"
#include "core/dockerfile/DockerfileParser.h"
#include "core/progress/ProgressStreamParser.h"
#include "ui/dag/StageDagScene.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace Cachelab {

int RenderCommand::run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Draw the stage graph of a Dockerfile, coloured by a run "
                       "(or two runs compared), to a PNG or SVG file."));
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
    parser.addOptions(
        { dockerfileOption, logOption, compareOption, buildArgOption, targetOption, outOption });
    parser.addPositionalArgument(QStringLiteral("render"), QStringLiteral("The verb."));
    if (!parser.parse(arguments)) {
        err << "cachelab render: " << parser.errorText() << Qt::endl;
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    if (!parser.isSet(dockerfileOption) || !parser.isSet(outOption)) {
        err << "cachelab render: --dockerfile and --out are required" << Qt::endl;
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
        err << "cachelab render: --build-arg wants NAME=value, got '" << badArg << "'" << Qt::endl;
        return 2;
    }
    DockerfileError dockerfileError;
    const auto dockerfile
        = DockerfileParser::parseFile(parser.value(dockerfileOption), options, &dockerfileError);
    if (!dockerfile) {
        err << "cachelab render: " << dockerfileError.toString() << Qt::endl;
        return 1;
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
