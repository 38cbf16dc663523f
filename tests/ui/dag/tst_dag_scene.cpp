// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/analysis/RunStepMatcher.h"
#include "DagTestData.h"
#include "ui/dag/StageDagScene.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QPainterPath>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace Cachelab;

namespace {
using DagTestData::mobyCache;
using DagTestData::recording;

// An edge as the tests name it: "FROM alpine -> build-public", "COPY --from build-public
// -> website-ssr".
QString edgeName(StageDependency::Via via, const QString &from, const QString &to)
{
    return QStringLiteral("%1 %2 -> %3").arg(StageDependency::viaName(via), from, to);
}

QStringList sceneEdges(const StageDagScene &scene, const Dockerfile &dockerfile)
{
    QStringList names;
    for (const StageDagEdge &edge : scene.edges()) {
        const QString from = edge.fromStage >= 0 ? dockerfile.stages().at(edge.fromStage).name
                                                 : scene.imageLabel(edge.fromImage);
        names.append(edgeName(edge.via, from, dockerfile.stages().at(edge.toStage).name));
    }
    names.sort();
    return names;
}

// What the Dockerfile says, independently of the scene: FROM edges from base images and
// from stages, and every COPY --from / RUN --mount from= (several of a kind between the
// same two nodes make one edge).
QStringList expectedEdges(const Dockerfile &dockerfile)
{
    QStringList names;
    for (const DockerfileStage &stage : dockerfile.stages()) {
        if (stage.base.kind == StageBase::Kind::Image)
            names.append(edgeName(StageDependency::Via::From, stage.base.ref, stage.name));
        for (const StageDependency &dependency : stage.dependencies) {
            const QString from = dependency.stage >= 0
                ? dockerfile.stages().at(dependency.stage).name
                : dependency.image;
            names.append(edgeName(dependency.via, from, stage.name));
        }
    }
    names.removeDuplicates();
    names.sort();
    return names;
}

void verifyNoOverlap(const QList<QRectF> &rects)
{
    for (int i = 0; i < rects.size(); ++i) {
        QVERIFY(rects.at(i).isValid());
        for (int j = i + 1; j < rects.size(); ++j)
            QVERIFY2(!rects.at(i).intersects(rects.at(j)),
                     qPrintable(QStringLiteral("nodes %1 and %2 overlap").arg(i).arg(j)));
    }
}

QList<QRectF> nodeRects(const StageDagScene &scene, const Dockerfile &dockerfile)
{
    QList<QRectF> rects;
    for (int i = 0; i < dockerfile.stages().size(); ++i)
        rects.append(scene.stageRect(i));
    for (const QString &image : scene.imageNodes())
        rects.append(scene.imageRect(image));
    return rects;
}

StepRef ref(const Dockerfile &dockerfile, const char *stage, int number)
{
    return { dockerfile.stage(QLatin1String(stage))->index, number };
}

QString stepName(const Dockerfile &dockerfile, const StepRef &step)
{
    return QStringLiteral("%1 %2").arg(dockerfile.stages().at(step.stage).name).arg(step.number);
}

// RUN --mount from= a stage and an image, COPY --from an image, FROM a stage, scratch,
// and a stage that the target does not need.
const QByteArray kEdgeKinds = R"(FROM golang:1.22 AS build
WORKDIR /src
RUN --mount=type=cache,target=/root/.cache --mount=type=bind,from=busybox,target=/bb ls /bb
FROM build AS test
RUN --mount=type=bind,from=build,source=/src,target=/x true
FROM scratch AS final
COPY --from=build /src /out
COPY --from=alpine:3.19 /etc/os-release /
)";
} // namespace

class TestDagScene : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QApplication::setStyle(QStringLiteral("Fusion")); }

    // Every stage and every image gets a node, and no two nodes overlap.
    void mobyCacheNodes()
    {
        const Dockerfile dockerfile = mobyCache();
        StageDagScene scene;
        scene.setDockerfile(dockerfile);
        QVERIFY2(scene.layoutError().isEmpty(), qPrintable(scene.layoutError()));
        QCOMPARE(scene.layoutCount(), 1);
        QCOMPARE(scene.imageNodes(),
                 QStringList { QStringLiteral("docker.io/library/alpine:latest") });
        QCOMPARE(scene.imageLabel(scene.imageNodes().first()), QStringLiteral("alpine"));
        verifyNoOverlap(nodeRects(scene, dockerfile));
        // One row per step, in Dockerfile order.
        QList<StepRef> steps;
        for (const DockerfileStage &stage : dockerfile.stages()) {
            for (const DockerfileStep &step : stage.steps)
                steps.append({ stage.index, step.number });
        }
        QCOMPARE(scene.steps(), steps);
        QCOMPARE(steps.size(), 4 + 6 + 3 + 8 + 3);
        // Rows sit inside their stage's box, one below the other.
        for (const StepRef &step : steps)
            QVERIFY(scene.stageRect(step.stage).contains(scene.stepRect(step)));
        // Dependencies flow down to the target: the target is the lowest box.
        const QRectF target = scene.stageRect(dockerfile.targetIndex());
        for (int i = 0; i < dockerfile.stages().size(); ++i) {
            if (i != dockerfile.targetIndex() && dockerfile.stages().at(i).needed)
                QVERIFY(scene.stageRect(i).bottom() < target.top());
        }
        QCOMPARE(scene.effectiveOrientation(), StageDagScene::Orientation::TopToBottom);
        // The legend is drawn beside the graph, not over it.
        QVERIFY(scene.legendLines().contains(QStringLiteral("loaded from cache")));
    }

    void mobyCacheEdges()
    {
        const Dockerfile dockerfile = mobyCache();
        StageDagScene scene;
        scene.setDockerfile(dockerfile);
        const QStringList edges = sceneEdges(scene, dockerfile);
        QCOMPARE(edges, expectedEdges(dockerfile));
        QCOMPARE(edges,
                 (QStringList { QStringLiteral("COPY --from build-assets-less -> build-public"),
                                QStringLiteral("COPY --from build-node-modules -> build-php"),
                                QStringLiteral("COPY --from build-node-modules -> build-public"),
                                QStringLiteral("COPY --from build-public -> website-ssr"),
                                QStringLiteral("FROM alpine -> build-assets-less"),
                                QStringLiteral("FROM alpine -> build-node-modules"),
                                QStringLiteral("FROM alpine -> build-php"),
                                QStringLiteral("FROM alpine -> build-public"),
                                QStringLiteral("FROM alpine -> website-ssr") }));
        // Two COPY --from of build-node-modules in build-public: one edge, both lines.
        for (const StageDagEdge &edge : scene.edges()) {
            if (edge.fromStage == dockerfile.stage(QStringLiteral("build-node-modules"))->index
                && edge.toStage == dockerfile.stage(QStringLiteral("build-public"))->index)
                QCOMPARE(edge.lines, (QList<int> { 28, 29 }));
        }
        // Each edge runs from its source's box to its user's box.
        for (int i = 0; i < scene.edges().size(); ++i) {
            const StageDagEdge &edge = scene.edges().at(i);
            const QPainterPath path = scene.edgePath(i);
            const QRectF from = edge.fromStage >= 0 ? scene.stageRect(edge.fromStage)
                                                    : scene.imageRect(edge.fromImage);
            QVERIFY2(from.adjusted(-2, -2, 2, 2).contains(path.pointAtPercent(0)),
                     qPrintable(QStringLiteral("edge %1 starts at %2,%3 outside %4,%5 %6x%7")
                                    .arg(i)
                                    .arg(path.pointAtPercent(0).x())
                                    .arg(path.pointAtPercent(0).y())
                                    .arg(from.x())
                                    .arg(from.y())
                                    .arg(from.width())
                                    .arg(from.height())));
            QVERIFY(scene.stageRect(edge.toStage)
                        .adjusted(-2, -2, 2, 2)
                        .contains(path.pointAtPercent(1)));
        }
    }

    void edgeKinds()
    {
        const Dockerfile dockerfile = DagTestData::parse(kEdgeKinds);
        StageDagScene scene;
        scene.setDockerfile(dockerfile);
        QVERIFY2(scene.layoutError().isEmpty(), qPrintable(scene.layoutError()));
        QCOMPARE(sceneEdges(scene, dockerfile), expectedEdges(dockerfile));
        QCOMPARE(sceneEdges(scene, dockerfile),
                 (QStringList { QStringLiteral("COPY --from alpine:3.19 -> final"),
                                QStringLiteral("COPY --from build -> final"),
                                QStringLiteral("FROM build -> test"),
                                QStringLiteral("FROM golang:1.22 -> build"),
                                QStringLiteral("RUN --mount build -> test"),
                                QStringLiteral("RUN --mount busybox -> build") }));
        QCOMPARE(scene.imageNodes().size(), 3); // golang, busybox, alpine; scratch is none
        verifyNoOverlap(nodeRects(scene, dockerfile));

        // `test` is not needed by `final`: its rows say so, with or without a run.
        const StepRef testStep = ref(dockerfile, "test", 1);
        QCOMPARE(scene.stepState(testStep), StepState::NotNeeded);
        QCOMPARE(scene.stepState(ref(dockerfile, "build", 1)), StepState::NoRun);
        QVERIFY(scene.toolTipFor(testStep).contains(QLatin1String("not needed")));
    }

    void rowStatesMatchTheRun_data()
    {
        QTest::addColumn<QString>("log");
        for (const char *log : { "recordings/buildctl-v0.34.2-02-rebuild-after-edit.log",
                                 "recordings/buildctl-v0.34.2-01-cold.log",
                                 "recordings/buildx-v0.38.2-04-rebuild-warm.log",
                                 "recordings/buildx-v0.38.2-06-rebuild-pruned.log",
                                 "recordings/buildx-v0.38.2-06-rebuild-pruned.rawjson",
                                 "recordings/docker-20.10-inline-02-rebuild-after-edit.log",
                                 "recordings/docker-20.10-inline-03-failed-step.log",
                                 "edge-cases/plain-truncated.log" })
            QTest::addRow("%s", log) << QString::fromLatin1(log);
    }

    // Each row shows exactly what RunStepMatcher says the run did to its step.
    void rowStatesMatchTheRun()
    {
        QFETCH(QString, log);
        const Dockerfile dockerfile = mobyCache();
        const BuildRun run = DagTestData::fixtureRun(log);
        StageDagScene scene;
        scene.setDockerfile(dockerfile);
        scene.setRun(&run);
        const QList<StepResult> results = RunStepMatcher(dockerfile).results(run);
        QVERIFY(!results.isEmpty());
        QSet<StepRef> seen;
        for (const StepResult &result : results) {
            seen.insert(result.step);
            const StepState expected
                = result.seen() ? stepStateOf(result.outcome) : StepState::NotRun;
            QVERIFY2(scene.stepState(result.step) == expected,
                     qPrintable(stepName(dockerfile, result.step) + QStringLiteral(": ")
                                + stepStateWords(scene.stepState(result.step))
                                + QStringLiteral(" instead of ") + stepStateWords(expected)));
            const BuildVertex *vertex = run.vertexById(result.vertexId);
            QCOMPARE(scene.stepSeconds(result.step), vertex ? vertex->seconds : -1.0);
        }
        for (const StepRef &step : scene.steps()) {
            if (!seen.contains(step))
                QCOMPARE(scene.stepState(step), StepState::NotNeeded);
        }
    }

    // The #1515 symptom as the DAG shows it, step by step.
    void issue1515Rebuild()
    {
        const Dockerfile dockerfile = mobyCache();
        const BuildRun run
            = recording(QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.log"));
        StageDagScene scene;
        scene.setDockerfile(dockerfile);
        scene.setRun(&run);
        for (int i = 1; i <= 6; ++i)
            QCOMPARE(scene.stepState(ref(dockerfile, "build-node-modules", i)), StepState::Ran);
        for (int i = 1; i <= 4; ++i)
            QCOMPARE(scene.stepState(ref(dockerfile, "build-assets-less", i)), StepState::Ran);
        QCOMPARE(scene.stepState(ref(dockerfile, "website-ssr", 3)), StepState::Cached);
        QCOMPARE(scene.stepState(ref(dockerfile, "build-php", 2)), StepState::NotNeeded);

        const BuildRun pruned = recording(QStringLiteral("buildx-v0.38.2-06-rebuild-pruned.log"));
        scene.setRun(&pruned);
        QCOMPARE(scene.stepState(ref(dockerfile, "build-assets-less", 4)), StepState::Loaded);
        QCOMPARE(scene.stepState(ref(dockerfile, "build-node-modules", 5)), StepState::Cached);
        QCOMPARE(scene.stepState(ref(dockerfile, "build-public", 4)), StepState::Ran);
        QCOMPARE(scene.layoutCount(), 1);
    }

    void noRunIsNeutral()
    {
        const Dockerfile dockerfile = mobyCache();
        const BuildRun run = recording(QStringLiteral("buildctl-v0.34.2-01-cold.log"));
        StageDagScene scene;
        scene.setDockerfile(dockerfile);
        scene.setRun(&run);
        scene.setRun(nullptr);
        for (const StepRef &step : scene.steps()) {
            QCOMPARE(scene.stepState(step),
                     dockerfile.stages().at(step.stage).needed ? StepState::NoRun
                                                               : StepState::NotNeeded);
            QCOMPARE(scene.stepSeconds(step), -1.0);
        }
        QVERIFY(scene.legendLines().contains(QStringLiteral("No run selected")));
    }

    // Compare mode marks exactly the steps whose outcome differs between the two runs.
    void compareMarksDifferences()
    {
        const Dockerfile dockerfile = mobyCache();
        const BuildRun a
            = recording(QStringLiteral("docker-20.10-inline-02-rebuild-after-edit.log"));
        const BuildRun b = recording(QStringLiteral("buildx-v0.38.2-04-rebuild-warm.log"));
        StageDagScene scene;
        scene.setDockerfile(dockerfile);
        scene.setComparison(&a, &b);
        QVERIFY(scene.isComparing());

        // Independently of the scene: RunStepMatcher on both runs.
        const RunStepMatcher matcher(dockerfile);
        QHash<StepRef, StepResult> resultsB;
        for (const StepResult &result : matcher.results(b))
            resultsB.insert(result.step, result);
        QStringList expected;
        for (const StepResult &resultA : matcher.results(a)) {
            const StepResult resultB = resultsB.value(resultA.step);
            if (resultA.seen() != resultB.seen()
                || (resultA.seen() && resultA.outcome != resultB.outcome))
                expected.append(stepName(dockerfile, resultA.step));
        }
        QStringList marked;
        for (const StepRef &step : scene.steps()) {
            if (scene.stepDiffers(step))
                marked.append(stepName(dockerfile, step));
        }
        QCOMPARE(marked, expected);
        // What that is: the warm buildx cache had the two intermediate stages and the first
        // steps of build-public; the inline (min mode) cache did not.
        QCOMPARE(marked,
                 (QStringList {
                     QStringLiteral("build-assets-less 2"), QStringLiteral("build-assets-less 3"),
                     QStringLiteral("build-assets-less 4"), QStringLiteral("build-node-modules 2"),
                     QStringLiteral("build-node-modules 3"), QStringLiteral("build-node-modules 4"),
                     QStringLiteral("build-node-modules 5"), QStringLiteral("build-node-modules 6"),
                     QStringLiteral("build-public 2"), QStringLiteral("build-public 3") }));
        const StepRef workdir = ref(dockerfile, "build-node-modules", 2);
        QCOMPARE(scene.stepState(workdir, false), StepState::Ran);
        QCOMPARE(scene.stepState(workdir, true), StepState::Cached);
        const QString tip = scene.toolTipFor(workdir);
        QVERIFY(tip.contains(QLatin1String("docker-20.10-inline-02-rebuild-after-edit.log")));
        QVERIFY(tip.contains(QLatin1String("buildx-v0.38.2-04-rebuild-warm.log")));
        QVERIFY(scene.legendLines().contains(QStringLiteral("A and B differ")));

        // Back to one run: no halves, no markers; and no relayout either way.
        scene.setRun(&a);
        QVERIFY(!scene.isComparing());
        for (const StepRef &step : scene.steps())
            QVERIFY(!scene.stepDiffers(step));
        QCOMPARE(scene.layoutCount(), 1);
    }

    // A live build: the same BuildRun object grows and setRun() is called again and again.
    // Rows recolour; nothing moves and Graphviz does not run again.
    void liveRecolourDoesNotRelayout()
    {
        const Dockerfile dockerfile = mobyCache();
        QFile file(
            DagTestData::sourceDir()
            + QStringLiteral("/fixtures/recordings/buildctl-v0.34.2-02-rebuild-after-edit.log"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray log = file.readAll();

        StageDagScene scene;
        scene.setDockerfile(dockerfile);
        QList<QRectF> before;
        for (int i = 0; i < dockerfile.stages().size(); ++i)
            before.append(scene.stageRect(i));
        QList<QRectF> rowsBefore;
        for (const StepRef &step : scene.steps())
            rowsBefore.append(scene.stepRect(step));
        const QRectF sceneRect = scene.sceneRect();
        QSignalSpy relayouts(&scene, &StageDagScene::layoutChanged);

        ProgressStreamParser parser(QStringLiteral("live"));
        bool sawRunning = false;
        QElapsedTimer timer;
        timer.start();
        int updates = 0;
        for (qsizetype at = 0; at < log.size(); at += 97) {
            parser.feed(QByteArrayView(log).sliced(at, std::min<qsizetype>(97, log.size() - at)));
            scene.setRun(&parser.run());
            ++updates;
            for (const StepRef &step : scene.steps())
                sawRunning = sawRunning || scene.stepState(step) == StepState::Running;
        }
        parser.finish();
        scene.setRun(&parser.run());
        qInfo("%d recolours in %lld ms", updates, timer.elapsed());
        QVERIFY(sawRunning);

        QCOMPARE(relayouts.count(), 0);
        QCOMPARE(scene.layoutCount(), 1);
        for (int i = 0; i < dockerfile.stages().size(); ++i)
            QCOMPARE(scene.stageRect(i), before.at(i));
        QList<QRectF> rowsAfter;
        for (const StepRef &step : scene.steps())
            rowsAfter.append(scene.stepRect(step));
        QCOMPARE(rowsAfter, rowsBefore);
        QCOMPARE(scene.sceneRect().topLeft(), sceneRect.topLeft());

        // And it ends where the whole log does.
        const BuildRun whole
            = recording(QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.log"));
        StageDagScene reference;
        reference.setDockerfile(dockerfile);
        reference.setRun(&whole);
        for (const StepRef &step : scene.steps())
            QCOMPARE(scene.stepState(step), reference.stepState(step));
    }

    void unexpectedRebuilds()
    {
        const Dockerfile dockerfile = mobyCache();
        const BuildRun run
            = recording(QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.log"));
        StageDagScene scene;
        scene.setDockerfile(dockerfile);
        scene.setRun(&run);
        const QList<StepRef> unexpected { ref(dockerfile, "build-node-modules", 3),
                                          ref(dockerfile, "build-node-modules", 6) };
        scene.setUnexpectedSteps(unexpected);
        QCOMPARE(scene.unexpectedSteps(), unexpected);
        QVERIFY(scene.isUnexpected(unexpected.first()));
        QVERIFY(!scene.isUnexpected(ref(dockerfile, "build-public", 4)));
        // An outline of its own: the state underneath is still "ran".
        QCOMPARE(scene.stepState(unexpected.first()), StepState::Ran);
        QVERIFY(scene.toolTipFor(unexpected.first()).contains(QLatin1String("Unexpected rebuild")));
        // It survives a new run and a new layout of the same file.
        scene.setRun(nullptr);
        QVERIFY(scene.isUnexpected(unexpected.last()));
        scene.setDockerfile(dockerfile);
        QVERIFY(scene.isUnexpected(unexpected.last()));
        scene.setUnexpectedSteps({});
        QVERIFY(!scene.isUnexpected(unexpected.last()));
    }

    void selection()
    {
        const Dockerfile dockerfile = mobyCache();
        StageDagScene scene;
        scene.setDockerfile(dockerfile);
        const StepRef step = ref(dockerfile, "build-public", 4);
        QVERIFY(scene.selectStep(step));
        QCOMPARE(scene.selectedStep(), step);
        QCOMPARE(scene.stepAt(scene.stepRect(step).center()), step);
        QVERIFY(!scene.selectStep({ 0, 99 }));
        QCOMPARE(scene.selectedStep().stage, -1);
        QCOMPARE(scene.stepAt(QPointF(-1000, -1000)).stage, -1);
    }

    void toolTips()
    {
        const Dockerfile dockerfile = mobyCache();
        const BuildRun failed = recording(QStringLiteral("docker-20.10-inline-03-failed-step.log"));
        StageDagScene scene;
        scene.setDockerfile(dockerfile);
        QVERIFY(scene.toolTipFor(ref(dockerfile, "build-public", 5))
                    .contains(QLatin1String("No run selected")));
        scene.setRun(&failed);

        // The failed step: status in words, its output's last lines, BuildKit's raw name.
        const QString tip = scene.toolTipFor(ref(dockerfile, "build-public", 5));
        QVERIFY2(tip.contains(QLatin1String("<b>failed</b>")), qPrintable(tip));
        QVERIFY2(tip.contains(QLatin1String("bundling assets/js/file1.js")), qPrintable(tip));
        QVERIFY2(tip.contains(QLatin1String("[build-public 5/8] RUN echo")), qPrintable(tip));
        QVERIFY(tip.contains(QLatin1String("Dockerfile line 26")));
        QVERIFY(tip.contains(QLatin1String("exit code: 1")));

        const QString notRun = scene.toolTipFor(ref(dockerfile, "build-public", 7));
        QVERIFY2(notRun.contains(QLatin1String("<b>not run</b>")), qPrintable(notRun));
        QVERIFY(notRun.contains(QLatin1String("stopped before")));

        // A step that ran: seconds; and one BuildKit shared with another stage.
        const BuildRun run
            = recording(QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.log"));
        scene.setRun(&run);
        const QString ran = scene.toolTipFor(ref(dockerfile, "build-assets-less", 4));
        QVERIFY2(ran.contains(QLatin1String("<b>ran</b>, 0.5 s")), qPrintable(ran));
        QVERIFY(
            scene.toolTipFor(ref(dockerfile, "build-public", 1)).contains(QLatin1String("Shared")));
        QVERIFY(scene.toolTipFor({ 99, 1 }).isEmpty());
    }

    void exportPngAndSvg()
    {
        const Dockerfile dockerfile = mobyCache();
        const BuildRun run = recording(QStringLiteral("buildx-v0.38.2-06-rebuild-pruned.log"));
        StageDagScene scene;
        scene.setDockerfile(dockerfile);
        scene.setRun(&run);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());

        const QString png = dir.filePath(QStringLiteral("dag.png"));
        QString error;
        QVERIFY2(scene.exportPng(png, 1.5, &error), qPrintable(error));
        QFile pngFile(png);
        QVERIFY(pngFile.open(QIODevice::ReadOnly));
        QCOMPARE(pngFile.read(8), QByteArray("\x89PNG\r\n\x1a\n", 8));
        const QImage image(png);
        QCOMPARE(image.size(), (scene.sceneRect().size() * 1.5).toSize());

        const QString svg = dir.filePath(QStringLiteral("dag.svg"));
        QVERIFY2(scene.exportSvg(svg, &error), qPrintable(error));
        QFile svgFile(svg);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&svgFile);
        QStringList elements;
        bool sawStageName = false;
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::StartElement)
                elements.append(xml.name().toString());
            else if (xml.isCharacters() && xml.text().contains(QLatin1String("build-node-modules")))
                sawStageName = true;
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(elements.value(0), QStringLiteral("svg"));
        QVERIFY(sawStageName); // text stays text, searchable in the SVG

        QVERIFY(!scene.exportPng(dir.filePath(QStringLiteral("missing/dir/dag.png")), 1, &error));
        QVERIFY(!error.isEmpty());
    }

    void renderToFile()
    {
        const Dockerfile dockerfile = mobyCache();
        const BuildRun a
            = recording(QStringLiteral("docker-20.10-inline-02-rebuild-after-edit.log"));
        const BuildRun b = recording(QStringLiteral("buildx-v0.38.2-04-rebuild-warm.log"));
        QTemporaryDir dir;
        QString error;
        for (const QString &name :
             { QStringLiteral("compare.png"), QStringLiteral("compare.SVG") }) {
            const QString path = dir.filePath(name);
            QVERIFY2(StageDagScene::renderToFile(dockerfile, &a, &b, path, &error),
                     qPrintable(error));
            QVERIFY(QFileInfo(path).size() > 1000);
        }
        QFile svg(dir.filePath(QStringLiteral("compare.SVG")));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        QVERIFY(svg.readAll().contains("<svg"));
        QVERIFY(StageDagScene::renderToFile(dockerfile, nullptr, nullptr,
                                            dir.filePath(QStringLiteral("plain.png")), &error));
        QVERIFY(!StageDagScene::renderToFile(
            dockerfile, &a, nullptr, dir.filePath(QStringLiteral("no/such/dir.png")), &error));
    }

    // Fonts decide box sizes: a new font lays out again, a new palette only repaints.
    void fontAndPalette()
    {
        const Dockerfile dockerfile = mobyCache();
        StageDagScene scene;
        scene.setDockerfile(dockerfile);
        const QRectF small = scene.stageRect(0);
        QFont font = scene.font();
        font.setPointSizeF(font.pointSizeF() * 1.5);
        scene.setFont(font);
        QCOMPARE(scene.layoutCount(), 2);
        QVERIFY(scene.stageRect(0).height() > small.height() * 1.3);

        QPalette dark;
        dark.setColor(QPalette::Base, QColor(0x20, 0x20, 0x20));
        dark.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
        dark.setColor(QPalette::Window, QColor(0x30, 0x30, 0x30));
        dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
        scene.setPalette(dark);
        QCOMPARE(scene.layoutCount(), 2);
        QVERIFY(DagStyle::isDark(scene.palette()));
        const QImage image = scene.renderImage(1);
        QCOMPARE(image.pixelColor(1, 1), QColor(0x20, 0x20, 0x20));
        // Rows stay readable: the tint is lighter than the base, far darker than the text.
        const QColor tint = DagStyle::rowTint(StepState::Ran, dark);
        QVERIFY(tint.lightness() > 0x20 && tint.lightness() < 0x90);
    }

    // Colour and glyph: every run state has its own colour; neutral states have none.
    void paletteIsDistinct()
    {
        const QList<StepState> states {
            StepState::Running, StepState::Ran,    StepState::Cached,
            StepState::Loaded,  StepState::Failed, StepState::Canceled
        };
        QSet<QRgb> colours;
        QSet<QString> glyphs;
        for (StepState state : states) {
            colours.insert(DagStyle::stateColor(state).rgb());
            glyphs.insert(stepStateGlyph(state));
        }
        glyphs.insert(stepStateGlyph(StepState::NotRun));
        QCOMPARE(colours.size(), states.size());
        QCOMPARE(glyphs.size(), states.size() + 1);
        QVERIFY(!DagStyle::stateColor(StepState::NoRun).isValid());
        QCOMPARE(stepStateWords(StepState::Loaded), QStringLiteral("loaded from cache"));
    }

    // A generated 200-stage Dockerfile lays out (Graphviz, once) and nothing overlaps.
    void twoHundredStages()
    {
        QByteArray text;
        QRandomGenerator random(1515);
        for (int i = 0; i < 200; ++i) {
            if (i == 0 || random.bounded(3) == 0)
                text += "FROM alpine AS s" + QByteArray::number(i) + "\n";
            else
                text += "FROM s" + QByteArray::number(random.bounded(i)) + " AS s"
                    + QByteArray::number(i) + "\n";
            const int steps = 1 + int(random.bounded(6));
            for (int s = 0; s < steps; ++s)
                text += "RUN echo step " + QByteArray::number(s) + "\n";
            if (i > 2) {
                text += "COPY --from=s" + QByteArray::number(random.bounded(i)) + " /a /b\n";
                if (random.bounded(4) == 0)
                    text += "RUN --mount=type=bind,from=s" + QByteArray::number(random.bounded(i))
                        + ",target=/m true\n";
            }
        }
        const Dockerfile dockerfile = DagTestData::parse(text);
        QCOMPARE(dockerfile.stages().size(), 200);
        StageDagScene scene;
        QElapsedTimer timer;
        timer.start();
        scene.setDockerfile(dockerfile);
        qInfo("200 stages, %lld edges: laid out in %lld ms", qsizetype(scene.edges().size()),
              timer.elapsed());
        QVERIFY2(scene.layoutError().isEmpty(), qPrintable(scene.layoutError()));
        QCOMPARE(scene.layoutCount(), 1);
        verifyNoOverlap(nodeRects(scene, dockerfile));
        QCOMPARE(sceneEdges(scene, dockerfile), expectedEdges(dockerfile));
        const BuildRun run = recording(QStringLiteral("buildctl-v0.34.2-01-cold.log"));
        scene.setRun(&run); // a run of another file: every needed step "not run"
        QCOMPARE(scene.stepState({ dockerfile.targetIndex(), 1 }), StepState::NotRun);
    }
};

QTEST_MAIN(TestDagScene)
#include "tst_dag_scene.moc"
