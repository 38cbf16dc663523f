// SPDX-License-Identifier: GPL-3.0-or-later
// Stage graph layout time: Graphviz's dot computed in-process by GraphvizLayout, against
// `dot -Tsvg` run on the very same DOT text (what drawing the graph through the dot
// program would cost, process start included), printed as a ratio; then the whole
// StageDagScene::setDockerfile() for the same generated Dockerfile. Without a `dot`
// program the ratio is not measured. Fails only if a layout fails.
#include "core/dockerfile/DockerfileParser.h"
#include "ui/dag/GraphvizLayout.h"
#include "ui/dag/StageDagScene.h"

#include <algorithm>
#include <cstdio>
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>

using namespace Cachelab;

namespace {

// A Dockerfile of `count` stages shaped like real multi-stage files: most stages start
// from an image or an earlier stage, copy from one or two earlier stages, some mount one.
QByteArray generateDockerfile(int count)
{
    QRandomGenerator random(1515);
    QByteArray text;
    for (int i = 0; i < count; ++i) {
        const QByteArray name = "stage-" + QByteArray::number(i);
        if (i == 0 || random.bounded(3) == 0)
            text += "FROM alpine:3.19 AS " + name + "\n";
        else
            text += "FROM stage-" + QByteArray::number(random.bounded(i)) + " AS " + name + "\n";
        text += "WORKDIR /src\n";
        const int runs = 1 + int(random.bounded(5));
        for (int r = 0; r < runs; ++r)
            text
                += "RUN make step-" + QByteArray::number(r) + " && echo done > /tmp/" + name + "\n";
        for (int c = 0; i > 0 && c < 1 + int(random.bounded(2)); ++c)
            text += "COPY --from=stage-" + QByteArray::number(random.bounded(i)) + " /out /in/"
                + QByteArray::number(c) + "\n";
        if (i > 0 && random.bounded(5) == 0)
            text += "RUN --mount=type=bind,from=stage-" + QByteArray::number(random.bounded(i))
                + ",target=/m ls /m\n";
    }
    return text;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.at(values.size() / 2);
}

} // namespace

int main(int argc, char **argv)
{
    // The scene needs a QApplication, never a display.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({ QStringLiteral("stages"), QStringLiteral("Stages to generate."),
                       QStringLiteral("n"), QStringLiteral("200") });
    parser.addOption({ QStringLiteral("repeat"), QStringLiteral("Runs of each measurement."),
                       QStringLiteral("n"), QStringLiteral("5") });
    parser.process(app);
    const int stages = std::max(1, parser.value(QStringLiteral("stages")).toInt());
    const int repeat = std::max(1, parser.value(QStringLiteral("repeat")).toInt());

    DockerfileError error;
    const auto dockerfile = DockerfileParser::parse(generateDockerfile(stages),
                                                    QStringLiteral("Dockerfile"), {}, &error);
    if (!dockerfile) {
        std::fprintf(stderr, "generated Dockerfile does not parse: %s\n",
                     qPrintable(error.toString()));
        return 1;
    }

    // The scene's own layout, timed as a whole (boxes measured, Graphviz, items placed).
    QList<double> sceneTimes;
    StageDagScene scene;
    scene.setOrientation(StageDagScene::Orientation::TopToBottom);
    for (int i = 0; i < repeat; ++i) {
        QElapsedTimer timer;
        timer.start();
        scene.setDockerfile(*dockerfile);
        sceneTimes.append(timer.nsecsElapsed() / 1e6);
        if (!scene.layoutError().isEmpty()) {
            std::fprintf(stderr, "scene layout failed: %s\n", qPrintable(scene.layoutError()));
            return 1;
        }
    }

    // The same graph as the scene gives Graphviz: stage boxes of their real sizes.
    GraphvizLayout layout;
    for (int i = 0; i < dockerfile->stages().size(); ++i)
        layout.addNode(scene.stageRect(i).size());
    for (const QString &image : scene.imageNodes())
        layout.addNode(scene.imageRect(image).size());
    const QStringList images = scene.imageNodes();
    for (const StageDagEdge &edge : scene.edges()) {
        const int from = edge.fromStage >= 0
            ? edge.fromStage
            : int(dockerfile->stages().size() + images.indexOf(edge.fromImage));
        // As the scene weighs them: chains of FROM <stage> stay straight.
        const int weight = edge.via == StageDependency::Via::From && edge.fromStage >= 0 ? 4 : 1;
        layout.addEdge({ from, edge.toStage, weight });
    }
    QList<double> inProcess;
    for (int i = 0; i < repeat; ++i) {
        QElapsedTimer timer;
        timer.start();
        const GraphvizLayout::Result result = layout.layout();
        inProcess.append(timer.nsecsElapsed() / 1e6);
        if (!result.ok) {
            std::fprintf(stderr, "layout failed: %s\n", qPrintable(result.error));
            return 1;
        }
    }
    std::printf("graph: %d stages, %d nodes, %d edges\n", stages, layout.nodeCount(),
                layout.edgeCount());
    std::printf("StageDagScene::setDockerfile: %.1f ms (median of %d)\n", median(sceneTimes),
                repeat);
    std::printf("GraphvizLayout::layout (in-process dot): %.1f ms\n", median(inProcess));

    const QString dot = QStandardPaths::findExecutable(QStringLiteral("dot"));
    if (dot.isEmpty()) {
        std::printf("dot -Tsvg: not measured (no `dot` program; Debian: graphviz)\n");
        return 0;
    }
    const QByteArray text = layout.toDot();
    QList<double> external;
    for (int i = 0; i < repeat; ++i) {
        QProcess process;
        QElapsedTimer timer;
        timer.start();
        process.start(dot, { QStringLiteral("-Tsvg") });
        process.write(text);
        process.closeWriteChannel();
        if (!process.waitForFinished(600000) || process.exitCode() != 0) {
            std::fprintf(stderr, "%s -Tsvg failed: %s\n", qPrintable(dot),
                         process.readAllStandardError().constData());
            return 1;
        }
        process.readAllStandardOutput();
        external.append(timer.nsecsElapsed() / 1e6);
    }
    std::printf("dot -Tsvg (same DOT text, own process): %.1f ms\n", median(external));
    std::printf("ratio in-process / dot -Tsvg: %.2f\n", median(inProcess) / median(external));
    return 0;
}
