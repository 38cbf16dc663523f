// SPDX-License-Identifier: GPL-3.0-or-later
// RunTimeline, StepDurationPairs and RunHistorySeries on real recordings: every number
// a plot draws is checked against the parsed run or against the log's own text.
#include "core/dockerfile/DockerfileParser.h"
#include "core/models/RunListModel.h"
#include "core/plots/RunHistorySeries.h"
#include "core/plots/RunTimeline.h"
#include "core/plots/StepDurationPairs.h"
#include "core/progress/ProgressStreamParser.h"

#include <QFile>
#include <QTest>

using namespace Cachelab;

namespace {
const QString kRecordings = QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/recordings/");

Dockerfile mobyCache()
{
    DockerfileError error;
    auto dockerfile = DockerfileParser::parseFile(
        QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/moby-cache/Dockerfile"), {}, &error);
    if (!dockerfile)
        qFatal("%s", qPrintable(error.toString()));
    return *dockerfile;
}

BuildRun recording(const QString &name)
{
    QString error;
    auto run = ProgressStreamParser::readFile(kRecordings + name, &error);
    if (!run)
        qFatal("%s", qPrintable(error));
    return *run;
}

const TimelineBar *barNamed(const RunTimeline &timeline, const QString &prefix)
{
    for (const TimelineBar &bar : timeline.bars()) {
        if (bar.name.startsWith(prefix))
            return &bar;
    }
    return nullptr;
}

const StepDurationPair *pairLabelled(const QList<StepDurationPair> &pairs, const QString &prefix)
{
    for (const StepDurationPair &pair : pairs) {
        if (pair.label.startsWith(prefix))
            return &pair;
    }
    return nullptr;
}

StoredRun storedRecording(const QString &name, const QString &id, const QString &script)
{
    StoredRun stored;
    stored.id = id;
    stored.origin = StoredRun::Origin::Demo;
    stored.label = name;
    stored.script = script;
    QFile file(kRecordings + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(name));
    stored.log = file.readAll();
    return stored;
}
} // namespace

class TestPlotData : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Plain logs have no clock: the bars follow one another in log order, each as long
    // as its DONE time, and the timeline says it is approximate.
    void plainTimelineFollowsTheLogOrderAndDoneTimes()
    {
        const BuildRun run
            = recording(QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.log"));
        const RunTimeline timeline = RunTimeline::of(run);
        QVERIFY(timeline.approximate());
        QCOMPARE(timeline.bars().size(), run.vertices.size()); // 23 vertices, all named
        QCOMPARE(timeline.bars().size(), 23);

        double clock = 0;
        for (const BuildVertex &vertex : run.vertices) { // in order of first appearance
            const auto found = std::find_if(timeline.bars().cbegin(), timeline.bars().cend(),
                                            [&vertex](const TimelineBar &bar) {
                                                return bar.vertexId == vertex.id;
                                            });
            QVERIFY2(found != timeline.bars().cend(), qPrintable(vertex.name()));
            QCOMPARE(found->start, clock);
            QCOMPARE(found->seconds(), std::max(0.0, vertex.seconds));
            QCOMPARE(found->outcome, vertex.outcome());
            clock = found->end;
        }
        QCOMPARE(timeline.totalSeconds(), clock);

        // Straight from the log's text.
        const TimelineBar *assets = barNamed(timeline, QStringLiteral("[build-public 4/8]"));
        QVERIFY(assets);
        QCOMPARE(assets->group, QStringLiteral("build-public"));
        QCOMPARE(assets->stepIndex, 4);
        QCOMPARE(assets->outcome, VertexOutcome::Ran);
        QVERIFY(qFuzzyCompare(assets->seconds(), 0.1)); // "#10 DONE 0.1s"
        const TimelineBar *less = barNamed(timeline, QStringLiteral("[build-assets-less 4/4]"));
        QVERIFY(less && qFuzzyCompare(less->seconds(), 0.5)); // "#11 DONE 0.5s"
        const TimelineBar *from = barNamed(timeline, QStringLiteral("[build-node-modules 1/6]"));
        QVERIFY(from && qFuzzyCompare(from->seconds(), 0.2)); // the last DONE of #4 wins
        const TimelineBar *js = barNamed(timeline, QStringLiteral("[website-ssr 3/3]"));
        QVERIFY(js);
        QCOMPARE(js->outcome, VertexOutcome::Cached);
        QCOMPARE(js->seconds(), 0.0); // "#21 CACHED": no time
        const TimelineBar *cacheExport = barNamed(timeline, QStringLiteral("exporting cache"));
        QVERIFY(cacheExport && !cacheExport->isStep);
        QCOMPARE(cacheExport->group, RunTimeline::kBuildKitGroup);

        // Grouped by stage; within a stage in build order.
        QCOMPARE(timeline.groups().size(), 5);
        for (const QString &stage :
             { QStringLiteral("build-node-modules"), QStringLiteral("build-assets-less"),
               QStringLiteral("build-public"), QStringLiteral("website-ssr"),
               RunTimeline::kBuildKitGroup })
            QVERIFY2(timeline.groups().contains(stage), qPrintable(stage));
        QString group;
        QStringList seen;
        int index = 0;
        for (const TimelineBar &bar : timeline.bars()) {
            if (bar.group != group) {
                QVERIFY2(!seen.contains(bar.group), "a stage's bars are together");
                seen.append(bar.group);
                group = bar.group;
                index = 0;
            }
            QVERIFY(bar.stepIndex >= index);
            index = bar.stepIndex;
        }
    }

    // rawjson has each vertex's real start and completion.
    void rawJsonTimelineUsesTheRealTimes()
    {
        const BuildRun run
            = recording(QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.rawjson"));
        const RunTimeline timeline = RunTimeline::of(run);
        QVERIFY(!timeline.approximate());
        QDateTime origin;
        int started = 0;
        for (const BuildVertex &vertex : run.vertices) {
            if (!vertex.started.isValid())
                continue;
            ++started;
            if (!origin.isValid() || vertex.started < origin)
                origin = vertex.started;
        }
        QCOMPARE(timeline.bars().size(), started);
        for (const TimelineBar &bar : timeline.bars()) {
            const BuildVertex *vertex = run.vertexById(bar.vertexId);
            QVERIFY(vertex);
            QCOMPARE(bar.start, origin.msecsTo(vertex->started) / 1000.0);
            QCOMPARE(bar.end, origin.msecsTo(vertex->completed) / 1000.0);
        }
        // The log's own timestamps, to the millisecond QDateTime keeps (rounded): the
        // build definition is loaded first, from 07:15:58.050289865 to 58.121607689;
        // `COPY js js` (cached) from 07:16:00.029875898 to 00.081383663.
        const TimelineBar *definition
            = barNamed(timeline, QStringLiteral("[internal] load build definition"));
        QVERIFY(definition);
        QCOMPARE(definition->start, 0.0);
        QCOMPARE(definition->end, 0.072);
        const TimelineBar *js = barNamed(timeline, QStringLiteral("[website-ssr 3/3]"));
        QVERIFY(js);
        QCOMPARE(js->outcome, VertexOutcome::Cached);
        QCOMPARE(js->start, 1.980);
        QCOMPARE(js->end, 2.031);
        // Stages ran in parallel: the real build took less than its steps' sum.
        double sum = 0;
        for (const TimelineBar &bar : timeline.bars())
            sum += bar.seconds();
        QVERIFY(timeline.totalSeconds() < sum);
    }

    // build.sh's rebuild (A) against buildx's warm rebuild (B): the node modules were
    // rebuilt by build.sh only (#1515), the edited COPY ran in both.
    void durationsPairTheStepsOfTwoRuns()
    {
        const Dockerfile dockerfile = mobyCache();
        const BuildRun a = recording(QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.log"));
        const BuildRun b = recording(QStringLiteral("buildx-v0.38.2-04-rebuild-warm.log"));
        const QList<StepDurationPair> pairs = StepDurationPairs::of(dockerfile, a, b);
        int steps = 0;
        for (const DockerfileStage &stage : dockerfile.stages())
            steps += stage.needed ? int(stage.steps.size()) : 0;
        QCOMPARE(pairs.size(), steps);

        const StepDurationPair *react
            = pairLabelled(pairs, QStringLiteral("[build-node-modules 5/6]"));
        QVERIFY(react);
        QCOMPARE(react->stage, QStringLiteral("build-node-modules"));
        QCOMPARE(react->outcomeA, VertexOutcome::Ran);
        QVERIFY(qFuzzyCompare(react->secondsA, 0.2)); // "#16 DONE 0.2s"
        QCOMPARE(react->outcomeB, VertexOutcome::Cached);
        QCOMPARE(react->secondsB, -1.0); // "#14 CACHED"
        QVERIFY(react->differs());

        const StepDurationPair *assets = pairLabelled(pairs, QStringLiteral("[build-public 4/8]"));
        QVERIFY(assets);
        QCOMPARE(assets->outcomeA, VertexOutcome::Ran);
        QCOMPARE(assets->outcomeB, VertexOutcome::Ran);
        QVERIFY(qFuzzyCompare(assets->secondsA, 0.1));
        QVERIFY(qFuzzyCompare(assets->secondsB, 0.1));
        QVERIFY(!assets->differs());
        const StepDurationPair *js = pairLabelled(pairs, QStringLiteral("[website-ssr 3/3]"));
        QVERIFY(js && !js->differs());
        QCOMPARE(js->outcomeA, VertexOutcome::Cached);

        // Every pair's numbers are its vertex's.
        const RunStepMatcher matcher(dockerfile);
        const QList<StepResult> resultsA = matcher.results(a);
        int differing = 0;
        for (const StepResult &result : resultsA) {
            const auto pair = std::find_if(pairs.cbegin(), pairs.cend(), [&](const auto &p) {
                return p.step == result.step;
            });
            if (pair == pairs.cend())
                continue;
            QCOMPARE(pair->outcomeA.has_value(), result.seen());
            if (result.seen())
                QCOMPARE(pair->secondsA, a.vertexById(result.vertexId)->seconds);
            differing += pair->differs() ? 1 : 0;
        }
        // build-node-modules 2/6 to 6/6 and build-assets-less 3/4, 4/4, build-public 3/8
        // ran in A and were cached in B.
        QVERIFY2(differing >= 7, qPrintable(QString::number(differing)));
    }

    // The run list's runs, oldest first, with the numbers the run list shows.
    void historyFollowsTheRunList()
    {
        const Dockerfile dockerfile = mobyCache();
        RunListModel model;
        model.setDockerfile(dockerfile);
        StoredRun scriptRun
            = storedRecording(QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.log"),
                              QStringLiteral("2"), QStringLiteral("/p/build.sh"));
        scriptRun.origin = StoredRun::Origin::Script;
        scriptRun.result.started = QDateTime(QDate(2026, 11, 29), QTime(7, 15, 0), Qt::UTC);
        scriptRun.result.finished = scriptRun.result.started.addMSecs(12500);
        model.setRuns(
            { storedRecording(QStringLiteral("buildx-v0.38.2-04-rebuild-warm.log"),
                              QStringLiteral("3"), QStringLiteral("/p/build-with-buildx.sh")),
              storedRecording(QStringLiteral("buildctl-v0.34.2-01-cold.rawjson"),
                              QStringLiteral("1"), QString()),
              scriptRun });
        const QList<RunHistoryPoint> points = RunHistorySeries::of(model);
        QCOMPARE(points.size(), 3);
        QCOMPARE(points.at(0).runId, QStringLiteral("1"));
        QCOMPARE(points.at(1).runId, QStringLiteral("2"));
        QCOMPARE(points.at(2).runId, QStringLiteral("3"));
        QCOMPARE(points.at(0).script, QStringLiteral("buildctl-v0.34.2-01-cold.rawjson"));
        QCOMPARE(points.at(1).script, QStringLiteral("build.sh"));
        QCOMPARE(points.at(2).script, QStringLiteral("build-with-buildx.sh"));
        for (const RunHistoryPoint &point : points) {
            const RunListModel::Entry *entry = model.entryById(point.runId);
            QCOMPARE(point.hitRatio, entry->summary.hitRatio());
            QCOMPARE(point.exportedLayers, entry->summary.exportedLayers);
        }
        // The min-mode export of build.sh wrote 3 layers, buildx's mode=max 16 (#1515).
        QCOMPARE(points.at(1).exportedLayers, 3);
        QCOMPARE(points.at(2).exportedLayers, 16);
        QVERIFY(points.at(1).exportedCache);
        // A cold build hits nothing; build.sh's rebuild hit the cache for a few steps only.
        QCOMPARE(points.at(0).hitRatio, 0.0);
        QVERIFY(points.at(1).hitRatio > 0 && points.at(1).hitRatio < points.at(2).hitRatio);

        // Build time: a script run's wall clock; a rawjson log's first start to last
        // end; a plain log's DONE times added up (approximate).
        QCOMPARE(points.at(1).buildSeconds, 12.5);
        QVERIFY(!points.at(1).buildTimeApproximate);
        const BuildRun cold = recording(QStringLiteral("buildctl-v0.34.2-01-cold.rawjson"));
        QCOMPARE(points.at(0).buildSeconds, RunTimeline::of(cold).totalSeconds());
        QVERIFY(!points.at(0).buildTimeApproximate);
        QVERIFY(points.at(0).buildSeconds > 1);
        const BuildRun warm = recording(QStringLiteral("buildx-v0.38.2-04-rebuild-warm.log"));
        double done = 0;
        for (const BuildVertex &vertex : warm.vertices)
            done += std::max(0.0, vertex.seconds);
        QVERIFY(points.at(2).buildTimeApproximate);
        QVERIFY(qFuzzyCompare(points.at(2).buildSeconds, done));
    }
};

QTEST_GUILESS_MAIN(TestPlotData)
#include "tst_plotdata.moc"
