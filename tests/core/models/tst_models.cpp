// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dockerfile/DockerfileParser.h"
#include "core/models/CacheLayerListModel.h"
#include "core/models/RunListModel.h"
#include "core/models/StepComparisonModel.h"
#include "core/progress/ProgressStreamParser.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QTest>

using namespace Cachelab;

namespace {
const QString kRecordings = QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/recordings/");

QByteArray readLog(const QString &name)
{
    QFile file(kRecordings + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(name));
    return file.readAll();
}

BuildRun parse(const QString &name)
{
    QString error;
    auto run = ProgressStreamParser::parseLog(readLog(name), name, &error);
    if (!run)
        qFatal("%s", qPrintable(error));
    return *run;
}

StoredRun stored(const QString &id, const QString &name, RunResult::Ending ending)
{
    StoredRun run;
    run.id = id;
    run.label = name;
    run.projectDir = QStringLiteral("/p");
    run.log = readLog(name);
    run.result.ending = ending;
    run.result.started = QDateTime::fromString(id.left(15), QStringLiteral("yyyyMMdd-HHmmss"));
    run.result.finished = run.result.started.addSecs(42);
    return run;
}
} // namespace

class TestModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void runList()
    {
        RunListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        StoredRun broken;
        broken.id = QStringLiteral("20261129-070000-000-0000");
        broken.label = broken.id;
        broken.error = QStringLiteral("run.json is corrupt: unterminated object");
        model.setRuns({ stored(QStringLiteral("20261129-071000-000-aaaa"),
                               QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.log"),
                               RunResult::Ending::Succeeded),
                        broken,
                        stored(QStringLiteral("20261129-072000-000-bbbb"),
                               QStringLiteral("buildx-v0.38.2-06-rebuild-pruned.log"),
                               RunResult::Ending::Succeeded) });
        QCOMPARE(model.rowCount(), 3);
        // Newest first.
        QCOMPARE(model.data(model.index(0, RunListModel::ScriptColumn)).toString(),
                 QStringLiteral("buildx-v0.38.2-06-rebuild-pruned.log"));
        QCOMPARE(model.data(model.index(0, RunListModel::StepsColumn)).toString(),
                 QStringLiteral("6 ran · 7 cached · 3 loaded"));
        QCOMPARE(model.data(model.index(0, RunListModel::LayersColumn)).toString(),
                 QStringLiteral("16 layer(s)"));
        QCOMPARE(model.data(model.index(0, RunListModel::DurationColumn)).toString(),
                 QStringLiteral("42.0 s"));
        QCOMPARE(model.data(model.index(1, RunListModel::LayersColumn)).toString(),
                 QStringLiteral("3 layer(s)"));
        QVERIFY(model.data(model.index(2, RunListModel::EndingColumn))
                    .toString()
                    .startsWith(QLatin1String("unreadable: run.json is corrupt")));
        QCOMPARE(model.entry(0)->summary.hitRatio(), 10.0 / 16.0);

        // A live run appears at the top and is then updated in place.
        StoredRun live = stored(QStringLiteral("20261129-073000-000-cccc"),
                                QStringLiteral("docker-20.10-inline-01-cold.log"),
                                RunResult::Ending::Succeeded);
        model.upsert(live, BuildRun());
        QCOMPARE(model.rowCount(), 4);
        model.upsert(live, parse(QStringLiteral("docker-20.10-inline-01-cold.log")));
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.data(model.index(0, RunListModel::LayersColumn)).toString(),
                 QStringLiteral("inline"));
    }

    // The revision a view keys what it derives from every run on (the window's history
    // series): it moves when a run is loaded, added, updated, and not on a mere read.
    void runListRevision()
    {
        RunListModel model;
        quint64 seen = model.revision();
        const auto moved = [&] {
            const bool changed = model.revision() != seen;
            seen = model.revision();
            return changed;
        };
        model.setRuns({ stored(QStringLiteral("20261129-071000-000-aaaa"),
                               QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.log"),
                               RunResult::Ending::Succeeded) });
        QVERIFY(moved());
        QVERIFY(model.entry(0)->loaded); // loaded on first use
        QVERIFY(moved());
        QVERIFY(model.entry(0)->loaded);
        QVERIFY(model.peekEntry(0));
        QVERIFY(!moved()); // read again: the same
        model.updateSummary(QStringLiteral("20261129-071000-000-aaaa"), RunSummary());
        QVERIFY(moved());
        model.upsert(stored(QStringLiteral("20261129-073000-000-cccc"),
                            QStringLiteral("docker-20.10-inline-01-cold.log"), RunResult::Ending::Succeeded),
                     BuildRun(), true);
        QVERIFY(moved());
        model.setDockerfile(std::nullopt, QByteArrayLiteral("another version"));
        QVERIFY(moved());
    }

    void stepComparisonOfThe1515Pair()
    {
        DockerfileError error;
        const auto dockerfile = DockerfileParser::parseFile(
            QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/moby-cache/Dockerfile"), {}, &error);
        QVERIFY(dockerfile);
        StepComparisonModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDockerfile(dockerfile);
        const BuildRun minMode
            = parse(QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.log"));
        const BuildRun maxMode = parse(QStringLiteral("buildx-v0.38.2-04-rebuild-warm.log"));
        model.setRuns(&minMode, &maxMode);
        QCOMPARE(model.rowCount(), 21);
        // build.sh reran build-assets-less 3-4, build-node-modules 3-6 and build-public 3/8;
        // the warm buildx rebuild had them cached: 7 steps differ (plus the shared WORKDIR).
        QStringList changed;
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.data(model.index(row, 0), StepComparisonModel::ChangedRole).toBool())
                changed.append(
                    model.data(model.index(row, StepComparisonModel::StepColumn)).toString());
        }
        QVERIFY2(changed.contains(QStringLiteral("[build-node-modules 6/6]")),
                 qPrintable(changed.join(QLatin1Char(','))));
        QVERIFY(changed.contains(QStringLiteral("[build-public 3/8]")));
        QVERIFY(!changed.contains(QStringLiteral("[build-public 4/8]"))); // ran in both
        QVERIFY(!changed.contains(QStringLiteral("[website-ssr 3/3]"))); // cached in both
        QCOMPARE(model.changedCount(), int(changed.size()));
        const QString markdown
            = model.toMarkdown(QStringLiteral("build.sh"), QStringLiteral("build-with-buildx.sh"));
        QVERIFY(markdown.startsWith(QLatin1String(
            "| Step | Instruction | build.sh | build-with-buildx.sh |\n|---|---|---|---|\n")));
        QVERIFY(markdown.contains(QLatin1String("| `[build-node-modules 6/6]` |")));
        QCOMPARE(markdown.count(QLatin1Char('\n')), 2 + 21);
    }

    void cacheLayersSideBySide()
    {
        const BuildRun minMode
            = parse(QStringLiteral("transcribed/issue1515-buildctl-export-min.log"));
        const BuildRun maxMode
            = parse(QStringLiteral("transcribed/issue1515-buildx-export-max.log"));
        CacheLayerListModel a;
        CacheLayerListModel b;
        QAbstractItemModelTester testerA(&a,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester testerB(&b,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
        a.setExports(minMode.cacheExport(), CacheLayerListModel::writeSeconds(minMode),
                     maxMode.cacheExport());
        b.setExports(maxMode.cacheExport(), CacheLayerListModel::writeSeconds(maxMode),
                     minMode.cacheExport());
        QCOMPARE(a.layerCount(), 3);
        QCOMPARE(b.layerCount(), 15);
        QCOMPARE(a.rowCount(), 3 + 2); // + config, manifest
        QCOMPARE(a.commonCount(), 1);
        QCOMPARE(b.commonCount(), 1);
        QCOMPARE(a.title(QStringLiteral("build.sh")),
                 QStringLiteral("build.sh — registry, 3 layer(s) (1 in common)"));
        const QString common = QStringLiteral(
            "sha256:df20fa9351a15782c64e6dddb2d4a6f50bf6d3688060a34c4014b0d9a752eb4c");
        const int row = a.rowOfDigest(common);
        QVERIFY(row >= 0 && b.rowOfDigest(common) >= 0);
        QVERIFY(a.data(a.index(row), CacheLayerListModel::CommonRole).toBool());
        QCOMPARE(a.data(a.index(row)).toString(),
                 QStringLiteral("= layer sha256:df20fa9351a1  0.5 s"));
        QVERIFY(!a.data(a.index(0), CacheLayerListModel::CommonRole).toBool());
    }
};

QTEST_GUILESS_MAIN(TestModels)
#include "tst_models.moc"
