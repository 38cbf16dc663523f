// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/analysis/RunStepMatcher.h"
#include "core/dockerfile/DockerfileParser.h"
#include "core/progress/PlainProgressParser.h"
#include "core/progress/ProgressStreamParser.h"

#include <QDir>
#include <QRegularExpression>
#include <QTest>

using namespace Cachelab;

namespace {
const QString kSourceDir = QStringLiteral(CACHELAB_SOURCE_DIR);

Dockerfile mobyCache()
{
    DockerfileError error;
    auto dockerfile = DockerfileParser::parseFile(
        kSourceDir + QStringLiteral("/fixtures/moby-cache/Dockerfile"), {}, &error);
    if (!dockerfile)
        qFatal("%s", qPrintable(error.toString()));
    return *dockerfile;
}

BuildRun recording(const QString &name)
{
    QString error;
    auto run = ProgressStreamParser::readFile(
        kSourceDir + QStringLiteral("/fixtures/recordings/") + name, &error);
    if (!run)
        qFatal("%s", qPrintable(error));
    return *run;
}

// "stage i/n" -> what the run did ("ran", "cached", "loaded", ..., "not run").
QMap<QString, QString> outcomes(const Dockerfile &dockerfile, const BuildRun &run)
{
    QMap<QString, QString> byStep;
    const QList<StepResult> results = RunStepMatcher(dockerfile).results(run);
    for (const StepResult &result : results) {
        const DockerfileStage &stage = dockerfile.stages().at(result.step.stage);
        byStep.insert(
            QStringLiteral("%1 %2/%3").arg(stage.name).arg(result.step.number).arg(stage.stepCount),
            vertexOutcomeName(result.observed()));
    }
    return byStep;
}

QStringList stepsWith(const QMap<QString, QString> &outcomes, const QString &outcome)
{
    QStringList steps;
    for (auto it = outcomes.cbegin(); it != outcomes.cend(); ++it) {
        if (it.value() == outcome)
            steps.append(it.key());
    }
    return steps;
}
} // namespace

class TestRunStepMatcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Every step vertex of every recording of the #1515 project names a step of its
    // Dockerfile, with the same instruction text (a FROM may add the image's digest).
    void everyRecordedStepMatchesTheDockerfile_data()
    {
        QTest::addColumn<QString>("log");
        const QStringList logs
            = QDir(kSourceDir + QStringLiteral("/fixtures/recordings"))
                  .entryList({ QStringLiteral("*.log"), QStringLiteral("*.rawjson") }, QDir::Files);
        for (const QString &log : logs) {
            if (!log.contains(QLatin1String("failed-step"))) // built from an edited copy
                QTest::addRow("%s", qPrintable(log)) << log;
        }
    }

    void everyRecordedStepMatchesTheDockerfile()
    {
        QFETCH(QString, log);
        const Dockerfile dockerfile = mobyCache();
        const BuildRun run = recording(log);
        const RunStepMatcher matcher(dockerfile);
        int matched = 0;
        for (const BuildVertex *vertex : run.stepVertices()) {
            const DockerfileStep *step = matcher.labelledStep(*vertex);
            QVERIFY2(step, qPrintable(vertex->name()));
            const QString printed = vertex->step().instruction.section(QLatin1Char('@'), 0, 0);
            if (step->keyword == QLatin1String("FROM")) {
                // v0.8 prints the normalised name, current BuildKit the resolved one (+ digest).
                const StageBase &base = dockerfile.stages().at(step->stage).base;
                QVERIFY2(printed == QLatin1String("FROM ") + base.normalized
                             || printed == QLatin1String("FROM ") + base.resolved,
                         qPrintable(printed));
            } else {
                QCOMPARE(printed, step->text);
            }
            QVERIFY(!matcher.stepsOf(*vertex).isEmpty());
            ++matched;
        }
        QCOMPARE(matched, 16);
        // Every step of the stages the target needs is accounted for: nothing "not run".
        QVERIFY(stepsWith(outcomes(dockerfile, run), QStringLiteral("not run")).isEmpty());
    }

    // The varied real recordings against their projects' Dockerfiles, with the build
    // arguments and target each run used (fixtures/recordings/varied/README.md).
    void variedRecordingsMatchTheirProjects_data()
    {
        QTest::addColumn<QString>("log");
        const QStringList logs
            = QDir(kSourceDir + QStringLiteral("/fixtures/recordings/varied"))
                  .entryList({ QStringLiteral("*.log"), QStringLiteral("*.rawjson") }, QDir::Files);
        QVERIFY(logs.size() >= 20);
        for (const QString &log : logs)
            QTest::addRow("%s", qPrintable(log)) << log;
    }

    void variedRecordingsMatchTheirProjects()
    {
        QFETCH(QString, log);
        // <tool>-<version>-<project>-<nn>-<what>.log
        static const QRegularExpression name(
            QStringLiteral("^[a-z]+-[0-9.v]+-([a-z-]+)-(\\d\\d)-(.*)\\.(log|rawjson)$"));
        const auto match = name.match(log);
        QVERIFY2(match.hasMatch(), qPrintable(log));
        const QString project = match.captured(1);
        const QString what = match.captured(3);
        DockerfileParser::Options options;
        if (what == QLatin1String("build-arg-busybox"))
            options.buildArgs.insert(QStringLiteral("BASE"), QStringLiteral("busybox"));
        if (what == QLatin1String("target-deps"))
            options.target = QStringLiteral("deps");
        if (what == QLatin1String("failed-test"))
            options.buildArgs.insert(QStringLiteral("FAIL_TESTS"), QStringLiteral("1"));
        DockerfileError error;
        const auto dockerfile = DockerfileParser::parseFile(
            QStringLiteral("%1/fixtures/projects/%2/Dockerfile").arg(kSourceDir, project), options,
            &error);
        QVERIFY2(dockerfile, qPrintable(error.toString()));

        QString readError;
        const auto run = ProgressStreamParser::readFile(
            kSourceDir + QStringLiteral("/fixtures/recordings/varied/") + log, &readError);
        QVERIFY2(run, qPrintable(readError));
        const RunStepMatcher matcher(*dockerfile);
        int matched = 0;
        for (const BuildVertex *vertex : run->stepVertices()) {
            const DockerfileStep *step = matcher.labelledStep(*vertex);
            QVERIFY2(step, qPrintable(vertex->name()));
            if (step->keyword == QLatin1String("FROM"))
                continue;
            // A multi-platform build expands TARGETPLATFORM per platform: compare with the
            // Dockerfile as built for the vertex's target ("linux/amd64->arm64" targets arm64).
            QString platform = vertex->step().platform;
            if (const qsizetype arrow = platform.indexOf(QLatin1String("->")); arrow >= 0)
                platform = platform.left(platform.indexOf(QLatin1Char('/')) + 1)
                    + platform.mid(arrow + 2);
            if (!platform.isEmpty() && platform != options.platform) {
                DockerfileParser::Options forPlatform = options;
                forPlatform.buildPlatform = options.platform; // the machine that built it
                forPlatform.platform = platform;
                const auto other
                    = DockerfileParser::parseFile(dockerfile->path(), forPlatform, &error);
                QVERIFY(other);
                QCOMPARE(vertex->step().instruction,
                         other
                             ->step(step->prefix.isEmpty()
                                        ? QString()
                                        : dockerfile->stages().at(step->stage).name,
                                    step->number)
                             ->text);
                continue;
            }
            // Docker 20.10's BuildKit (before v0.17) printed ONBUILD triggers as plain steps.
            if (log.startsWith(QLatin1String("docker-20.10-")))
                QCOMPARE(vertex->name(), step->legacyLabel);
            else
                QCOMPARE(vertex->step().instruction, step->text);
            ++matched;
        }
        QVERIFY(matched > 0);
    }

    void buildxPrunedRebuildRanOnlyTheChangedSteps()
    {
        const auto result = outcomes(
            mobyCache(), recording(QStringLiteral("buildx-v0.38.2-06-rebuild-pruned.log")));
        QCOMPARE(result.size(), 4 + 6 + 8 + 3); // build-php is not needed: not listed
        QCOMPARE(stepsWith(result, QStringLiteral("ran")),
                 (QStringList {
                     QStringLiteral("build-assets-less 1/4"),
                     QStringLiteral("build-node-modules 1/6"), QStringLiteral("build-public 1/8"),
                     QStringLiteral("build-public 4/8"), QStringLiteral("build-public 5/8"),
                     QStringLiteral("build-public 6/8"), QStringLiteral("build-public 7/8"),
                     QStringLiteral("build-public 8/8"), QStringLiteral("website-ssr 1/3") }));
        QCOMPARE(stepsWith(result, QStringLiteral("loaded")),
                 (QStringList { QStringLiteral("build-assets-less 4/4"),
                                QStringLiteral("build-node-modules 6/6"),
                                QStringLiteral("build-public 3/8") }));
    }

    void minModeRebuildRanWholeStages()
    {
        for (const char *log : { "docker-20.10-inline-02-rebuild-after-edit.log",
                                 "buildctl-v0.34.2-02-rebuild-after-edit.log" }) {
            const auto result = outcomes(mobyCache(), recording(QLatin1String(log)));
            for (const char *step : { "build-assets-less 3/4", "build-assets-less 4/4",
                                      "build-node-modules 3/6", "build-node-modules 6/6",
                                      "build-public 3/8", "build-public 4/8", "build-public 8/8" })
                QVERIFY2(result.value(QLatin1String(step)) == QLatin1String("ran"), step);
            QCOMPARE(result.value(QStringLiteral("website-ssr 2/3")), QStringLiteral("cached"));
            QCOMPARE(result.value(QStringLiteral("website-ssr 3/3")), QStringLiteral("cached"));
        }
    }

    void sharedLeadingStepsStandForEveryStage()
    {
        const Dockerfile dockerfile = mobyCache();
        const BuildRun run
            = recording(QStringLiteral("docker-20.10-inline-02-rebuild-after-edit.log"));
        const BuildVertex *workdir
            = run.vertexById(5); // "[build-node-modules 2/6] WORKDIR /var/www/gdc"
        QVERIFY(workdir && workdir->name().contains(QLatin1String("WORKDIR")));
        const QList<StepRef> refs = RunStepMatcher(dockerfile).stepsOf(*workdir);
        // build-node-modules itself, then build-assets-less and build-public; website-ssr
        // has no WORKDIR and build-php is not needed.
        QCOMPARE(refs.size(), 3);
        QCOMPARE(refs.constFirst(), (StepRef { 1, 2 }));
        QVERIFY(refs.contains(StepRef { 0, 2 }));
        QVERIFY(refs.contains(StepRef { 3, 2 }));
        // The FROM vertex stands for the FROM of all four needed stages.
        QCOMPARE(RunStepMatcher(dockerfile).stepsOf(*run.vertexById(4)).size(), 4);
    }

    void bareFromAndOneStageFiles()
    {
        DockerfileError error;
        const auto dockerfile
            = DockerfileParser::parse("FROM alpine\nRUN echo hi\nCOPY --from=busybox /bin/sh /sh\n",
                                      QStringLiteral("Dockerfile"), {}, &error);
        QVERIFY2(dockerfile, qPrintable(error.toString()));
        const BuildRun run
            = PlainProgressParser::parse("#1 FROM docker.io/library/alpine:latest\n#1 DONE 0.1s\n\n"
                                         "#2 [stage-0 2/3] RUN echo hi\n#2 CACHED\n\n"
                                         "#3 [2/3] RUN echo hi\n#3 CACHED\n");
        const RunStepMatcher matcher(*dockerfile);
        QCOMPARE(matcher.stepsOf(run.vertices.at(0)), (QList<StepRef> { { 0, 1 } }));
        QCOMPARE(matcher.stepsOf(run.vertices.at(1)), (QList<StepRef> { { 0, 2 } }));
        QCOMPARE(matcher.stepsOf(run.vertices.at(2)),
                 (QList<StepRef> { { 0, 2 } })); // no stage name
        const QList<StepResult> results = matcher.results(run);
        QCOMPARE(results.size(), 3);
        QVERIFY(results.at(0).seen() && results.at(0).shared); // the bare FROM
        QCOMPARE(results.at(1).outcome, VertexOutcome::Cached);
        QVERIFY(!results.at(2).seen()); // COPY --from=busybox: not in this log
    }

    void aLogOfAnotherDockerfileMatchesNothingFalse()
    {
        const Dockerfile dockerfile = mobyCache();
        const BuildRun run = PlainProgressParser::parse(
            "#1 [app 2/3] RUN make\n#1 DONE 1.0s\n#2 [build-public 9/8] RUN x\n#2 DONE 0.1s\n");
        const RunStepMatcher matcher(dockerfile);
        QVERIFY(matcher.stepsOf(run.vertices.at(0)).isEmpty());
        QVERIFY(matcher.stepsOf(run.vertices.at(1)).isEmpty());
        QVERIFY(stepsWith(outcomes(dockerfile, run), QStringLiteral("ran")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRunStepMatcher)
#include "tst_runstepmatcher.moc"
