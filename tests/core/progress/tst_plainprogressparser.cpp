// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/analysis/RunStepMatcher.h"
#include "core/dockerfile/DockerfileParser.h"
#include "core/progress/PlainProgressParser.h"
#include "core/progress/ProgressStreamParser.h"

#include <QFile>
#include <QTemporaryFile>
#include <QTest>

using namespace Cachelab;

namespace {
BuildRun parseFixture(const char *relative)
{
    QString error;
    auto run = ProgressStreamParser::readFile(
        QStringLiteral(CACHELAB_SOURCE_DIR "/") + QLatin1String(relative), &error);
    if (!run)
        qFatal("%s", qPrintable(error));
    return *run;
}

const BuildVertex *byName(const BuildRun &run, const QString &prefix)
{
    for (const BuildVertex &vertex : run.vertices) {
        if (vertex.name().startsWith(prefix))
            return &vertex;
    }
    return nullptr;
}
} // namespace

class TestPlainProgressParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // The end of a vertex's output without copying it all (tooltips): the same bytes as
    // the end of the whole output, also when other vertices' lines came in between.
    void logTailIsTheEndOfTheLog()
    {
        QByteArray log = "#1 [a 1/2] RUN make\n#2 [b 1/2] RUN make\n";
        for (int i = 0; i < 300; ++i)
            log += "#" + QByteArray::number(i % 2 + 1) + " 0." + QByteArray::number(i) + " line "
                + QByteArray::number(i) + '\n';
        const BuildRun run = PlainProgressParser::parse(log);
        const QByteArray whole = run.vertices.at(0).log.toByteArray();
        QVERIFY(whole.size() > 1000);
        for (qsizetype bytes : { 0, 1, 7, 100, 999, 5000 })
            QCOMPARE(run.vertices.at(0).log.tail(bytes), whole.right(bytes));
    }

    void stepLabels_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("platform");
        QTest::addColumn<QString>("stage");
        QTest::addColumn<int>("index");
        QTest::addColumn<int>("total");
        QTest::addColumn<QString>("keyword");

        QTest::addRow("stage") << QStringLiteral("[build-public 4/8] COPY assets assets") << true
                               << QString() << QStringLiteral("build-public") << 4 << 8
                               << QStringLiteral("COPY");
        QTest::addRow("right-aligned index")
            << QStringLiteral("[build  3/11] RUN make") << true << QString()
            << QStringLiteral("build") << 3 << 11 << QStringLiteral("RUN");
        QTest::addRow("platform and stage")
            << QStringLiteral("[linux/arm64 app 2/3] RUN x") << true
            << QStringLiteral("linux/arm64") << QStringLiteral("app") << 2 << 3
            << QStringLiteral("RUN");
        QTest::addRow("one-stage file") << QStringLiteral("[2/3] RUN make") << true << QString()
                                        << QString() << 2 << 3 << QStringLiteral("RUN");
        QTest::addRow("platform, one stage")
            << QStringLiteral("[linux/amd64 1/2] FROM docker.io/library/alpine") << true
            << QStringLiteral("linux/amd64") << QString() << 1 << 2 << QStringLiteral("FROM");
        // Padding as older and newer printers do it (the issue's examples from CI logs).
        QTest::addRow("padded, one stage") << QStringLiteral("[ 4/13] RUN npm ci") << true << QString()
                                           << QString() << 4 << 13 << QStringLiteral("RUN");
        QTest::addRow("padded stage-0") << QStringLiteral("[stage-0  4/11] COPY . .") << true << QString()
                                        << QStringLiteral("stage-0") << 4 << 11 << QStringLiteral("COPY");
        QTest::addRow("platform, named stage, padded")
            << QStringLiteral("[linux/arm64 builder 2/5] RUN go build ./...") << true
            << QStringLiteral("linux/arm64") << QStringLiteral("builder") << 2 << 5 << QStringLiteral("RUN");
        QTest::addRow("onbuild i > n")
            << QStringLiteral("[app 4/3] RUN echo onbuild") << true << QString()
            << QStringLiteral("app") << 4 << 3 << QStringLiteral("RUN");
        QTest::addRow("bare FROM") << QStringLiteral("FROM docker.io/library/alpine:latest") << true
                                   << QString() << QString() << 0 << 0 << QStringLiteral("FROM");
        QTest::addRow("internal") << QStringLiteral("[internal] load build context") << false
                                  << QString() << QString() << 0 << 0 << QStringLiteral("");
        QTest::addRow("export") << QStringLiteral("exporting to image") << false << QString()
                                << QString() << 0 << 0 << QStringLiteral("");
        QTest::addRow("auth") << QStringLiteral(
            "[auth] library/alpine:pull token for registry-1.docker.io")
                              << false << QString() << QString() << 0 << 0 << QStringLiteral("");
    }

    void stepLabels()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        const StepLabel label = StepLabel::parse(name);
        QCOMPARE(label.valid, valid);
        if (!valid)
            return;
        QFETCH(QString, platform);
        QFETCH(QString, stage);
        QFETCH(int, index);
        QFETCH(int, total);
        QFETCH(QString, keyword);
        QCOMPARE(label.platform, platform);
        QCOMPARE(label.stage, stage);
        QCOMPARE(label.index, index);
        QCOMPARE(label.total, total);
        QCOMPARE(label.keyword(), keyword);
    }

    void statusLines_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("current");
        QTest::addColumn<QString>("total");
        QTest::addColumn<double>("seconds");
        QTest::addColumn<bool>("done");
        const QString digest = QStringLiteral(
            "sha256:27cfed8d59534cab469b5aacfc762df06ab539dd14842104da958ca0996172e3");
        QTest::addRow("writing layer done")
            << QStringLiteral("writing layer %1 2.1s done").arg(digest)
            << QStringLiteral("writing layer %1").arg(digest) << QString() << QString() << 2.1
            << true;
        QTest::addRow("writing layer bare") << QStringLiteral("writing layer %1").arg(digest)
                                            << QStringLiteral("writing layer %1").arg(digest)
                                            << QString() << QString() << -1.0 << false;
        QTest::addRow("download") << QStringLiteral("%1 1.06MB / 1.06MB 0.0s done").arg(digest)
                                  << digest << QStringLiteral("1.06MB") << QStringLiteral("1.06MB")
                                  << 0.0 << true;
        QTest::addRow("transfer") << QStringLiteral("transferring context: 1.43kB done")
                                  << QStringLiteral("transferring context:")
                                  << QStringLiteral("1.43kB") << QString() << -1.0 << true;
        QTest::addRow("seconds only")
            << QStringLiteral("exporting layers 0.3s done") << QStringLiteral("exporting layers")
            << QString() << QString() << 0.3 << true;
        QTest::addRow("free text")
            << QStringLiteral("pushing manifest for docker.io/bgaillard/test:1")
            << QStringLiteral("pushing manifest for docker.io/bgaillard/test:1") << QString()
            << QString() << -1.0 << false;
    }

    void statusLines()
    {
        QFETCH(QString, text);
        const StatusLine status = StatusLine::parse(text);
        QTEST(status.id, "id");
        QTEST(status.current, "current");
        QTEST(status.total, "total");
        QTEST(status.seconds, "seconds");
        QTEST(status.done, "done");
    }

    void dockerV08RebuildShowsThe1515Symptom()
    {
        const BuildRun run
            = parseFixture("fixtures/recordings/docker-20.10-inline-02-rebuild-after-edit.log");
        QCOMPARE(run.format, BuildRun::Format::Plain);
        QCOMPARE(run.vertices.size(), 23);
        // v0.8 numbers vertices as it meets digests: #21 is printed fourth.
        QCOMPARE(run.vertices.at(3).id, 21);
        QCOMPARE(run.vertices.at(3).digest,
                 QStringLiteral(
                     "sha256:ed706e0fadc4427dcce2a5a2c2335d91bd5f29b002388bfad1e3e3c2bd7eaea2"));
        QCOMPARE(run.cacheImports(),
                 QStringList { QStringLiteral("127.0.0.1:26338/moby-cache/test:1") });

        for (const char *ran : { "[build-node-modules 6/6]", "[build-assets-less 4/4]",
                                 "[build-public 4/8]", "[build-public 8/8]" }) {
            const BuildVertex *vertex = byName(run, QLatin1String(ran));
            QVERIFY2(vertex, ran);
            QCOMPARE(vertex->outcome(), VertexOutcome::Ran);
        }
        const BuildVertex *cached = byName(run, QStringLiteral("[website-ssr 3/3]"));
        QVERIFY(cached);
        QCOMPARE(cached->state, VertexState::Cached);
        QCOMPARE(cached->statuses().size(), 2); // "pulling sha256:…" twice, different blobs
        QVERIFY(!cached->loadedFromCache());

        const CacheExport exported = run.cacheExport();
        QCOMPARE(exported.exporter, CacheExport::Exporter::Inline);
        QVERIFY(exported.layers.isEmpty());
        QCOMPARE(run.pushedImages(),
                 QStringList { QStringLiteral("127.0.0.1:26338/moby-cache/test:1") });
        QVERIFY(!run.failed());
    }

    void aFailedCacheImportIsNotAFailedBuild()
    {
        const BuildRun run = parseFixture("fixtures/recordings/docker-20.10-inline-01-cold.log");
        const BuildVertex *import = byName(run, QStringLiteral("importing cache manifest"));
        QVERIFY(import);
        QCOMPARE(import->state, VertexState::Error);
        QCOMPARE(import->errorMessage(),
                 QStringLiteral("127.0.0.1:26338/moby-cache/test:1: not found"));
        QVERIFY(run.errors.isEmpty()); // docker push's lines are not errors
        QVERIFY(!run.failed());
        QCOMPARE(run.otherLines.size(), 8);
    }

    void dockerV08FailedStep()
    {
        const BuildRun run
            = parseFixture("fixtures/recordings/docker-20.10-inline-03-failed-step.log");
        QVERIFY(run.failed());
        const BuildVertex *failed = byName(run, QStringLiteral("[build-public 5/8]"));
        QVERIFY(failed);
        QCOMPARE(failed->outcome(), VertexOutcome::Failed);
        QCOMPARE(failed->logLines(),
                 (QStringList { QStringLiteral("bundling assets/js/file1.js"),
                                QStringLiteral("file1.js"), QStringLiteral("react") }));
        QCOMPARE(run.errorBlocks, QStringList { failed->name() });
        QCOMPARE(run.errors.size(), 1);
        QVERIFY(run.errors.constFirst().startsWith(QLatin1String("executor failed running")));
    }

    void transcribedReportExports()
    {
        const BuildRun min
            = parseFixture("fixtures/recordings/transcribed/issue1515-buildctl-export-min.log");
        QCOMPARE(min.cacheExport().exporter, CacheExport::Exporter::Registry);
        QCOMPARE(min.cacheExport().layers.size(), 3);
        QCOMPARE(min.cacheExport().manifest,
                 QStringLiteral(
                     "sha256:7e81f0794e7f73d06201b56c8fdd91467b337dd0edb207fb577133f55e79360a"));
        QCOMPARE(min.pushedImages(), QStringList { QStringLiteral("docker.io/bgaillard/test:1") });
        const BuildRun max
            = parseFixture("fixtures/recordings/transcribed/issue1515-buildx-export-max.log");
        QCOMPARE(max.cacheExport().layers.size(), 15); // distinct digests; the write-up says "16"
        // One layer is in both exports: the final stage's.
        QVERIFY(max.cacheExport().layers.contains(min.cacheExport().layers.at(1)));
    }

    // Windows paths in step names and output, CRLF: the steps read as written and match
    // the Dockerfile's (both hand-made, fixtures/edge-cases/README.md).
    void windowsPathsAndCrlf()
    {
        const BuildRun run = parseFixture("fixtures/edge-cases/plain-windows-paths.log");
        QCOMPARE(run.stepVertices().size(), 4);
        QCOMPARE(byName(run, QStringLiteral("[2/4]"))->name(), QStringLiteral("[2/4] WORKDIR C:\\app"));
        QCOMPARE(byName(run, QStringLiteral("[3/4]"))->name(), QStringLiteral("[3/4] COPY .\\src C:\\app\\src"));
        const BuildVertex *dir = byName(run, QStringLiteral("[4/4]"));
        QCOMPARE(dir->logLines().value(1), QStringLiteral(" Directory of C:\\app"));
        QCOMPARE(dir->state, VertexState::Done);
        QVERIFY(!run.failed());
        QCOMPARE(run.imageNames(), QStringList{QStringLiteral("docker.io/library/winapp:1")});
        DockerfileError error;
        const auto dockerfile = DockerfileParser::parseFile(
            QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/dockerfiles/windows.Dockerfile"), {}, &error);
        QVERIFY2(dockerfile, qPrintable(error.toString()));
        const RunStepMatcher matcher(*dockerfile);
        for (const BuildVertex *vertex : run.stepVertices()) {
            const DockerfileStep *step = matcher.labelledStep(*vertex);
            QVERIFY2(step, qPrintable(vertex->name()));
            if (step->keyword != QLatin1String("FROM"))
                QCOMPARE(vertex->name(), step->label);
        }
    }

    void loadedFromCacheIsToldFromRan()
    {
        const BuildRun run = parseFixture("fixtures/edge-cases/plain-loaded-from-cache.log");
        QCOMPARE(byName(run, QStringLiteral("[build-public 3/8]"))->outcome(),
                 VertexOutcome::Loaded);
        QCOMPARE(byName(run, QStringLiteral("[build-public 4/8]"))->outcome(), VertexOutcome::Ran);
        // A FROM downloads its base image without being a cache hit.
        QCOMPARE(byName(run, QStringLiteral("[build-public 1/8]"))->outcome(), VertexOutcome::Ran);
        QCOMPARE(byName(run, QStringLiteral("[build-node-modules 6/6]"))->outcome(),
                 VertexOutcome::Cached);
        // "writing layer" printed bare, then with "done": one layer each.
        QCOMPARE(run.cacheExport().layers.size(), 2);
        QCOMPARE(run.cacheExport().vertexName, QStringLiteral("exporting content cache"));
    }

    // Output lines of the last vertex take a fast path keyed on its "#N " prefix; every
    // other spelling of a vertex number takes the general one: the same result for ids
    // of any length, far apart ones, leading zeros and lines shorter than the prefix word.
    void vertexIdsOfEverySpelling()
    {
        const QByteArray log = "#1 [a] RUN x\n#1 0.1 a\n#01 0.2 b\n"
                               "#1234567 [b] RUN y\n#1234567 0.1 c\n#1234567 0.2 d\n"
                               "#999999999 [c] RUN z\n#999999999 0.1 e\n"
                               "#12 [d] RUN w\n#12 0.1\n#12 1.5 f\n#1 0.3 g\n";
        const BuildRun run = PlainProgressParser::parse(log);
        QCOMPARE(run.vertices.size(), 4);
        QCOMPARE(run.vertexById(1)->logLines(),
                 (QStringList { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("g") }));
        QCOMPARE(run.vertexById(1234567)->logLines(),
                 (QStringList { QStringLiteral("c"), QStringLiteral("d") }));
        QCOMPARE(run.vertexById(999999999)->logLines(), QStringList { QStringLiteral("e") });
        QCOMPARE(run.vertexById(12)->logLines(), (QStringList { QString(), QStringLiteral("f") }));
        QVERIFY(run.otherLines.isEmpty());
    }

    void lastTerminalLineWins()
    {
        const BuildRun run = parseFixture("fixtures/edge-cases/plain-suspend-and-repeats.log");
        QCOMPARE(run.vertices.size(), 7);
        const BuildVertex *suspended = run.vertexById(3);
        QCOMPARE(suspended->state, VertexState::Done);
        QCOMPARE(suspended->seconds, 2.1);
        QCOMPARE(suspended->logLineCount, 2);
        QCOMPARE(run.vertexById(5)->state, VertexState::Done); // CACHED then DONE
        QCOMPARE(run.vertexById(6)->state, VertexState::Cached); // DONE then CACHED
        QCOMPARE(run.vertexById(7)->seconds, 0.4); // DONE twice
        // A status printed at its start and again when done is one status.
        QCOMPARE(run.vertexById(1)->statuses().size(), 1);
        QVERIFY(run.vertexById(1)->statuses().constFirst().done);
    }

    void outputThatLooksLikeProgressStaysOutput()
    {
        const BuildRun run = parseFixture("fixtures/edge-cases/plain-tricky-output.log");
        QCOMPARE(run.vertices.size(), 3);
        const BuildVertex *vertex = run.vertexById(2);
        QCOMPARE(vertex->logLines(),
                 (QStringList {
                     QStringLiteral("output that arrived before its vertex was numbered"),
                     QStringLiteral("#7 [main] this is output, not a header"),
                     QStringLiteral("DONE 1.0s"),
                     QString(),
                     QStringLiteral("green text"),
                     QStringLiteral("progress 100%"),
                     QStringLiteral("------"),
                 }));
        QCOMPARE(vertex->state, VertexState::Done);
        QCOMPARE(vertex->seconds, 0.5);
        QVERIFY(!run.vertexById(7)); // never a vertex of its own
        QCOMPARE(run.vertexById(3)->warnings(),
                 QStringList { QStringLiteral("something odd about this step") });
        QCOMPARE(run.otherLines,
                 QStringList { QStringLiteral(
                     "some line from a wrapper script that is not BuildKit output") });
        QVERIFY(run.errors.isEmpty());
    }

    void buildxV012Failure()
    {
        const BuildRun run = parseFixture("fixtures/edge-cases/plain-v0.12-failed-buildx.log");
        QCOMPARE(run.builder,
                 QStringLiteral("building with \"lab\" instance using docker-container driver"));
        QCOMPARE(run.vertexById(8)->outcome(), VertexOutcome::Canceled);
        QCOMPARE(run.vertexById(9)->outcome(), VertexOutcome::Failed);
        QCOMPARE(run.vertexById(9)->logLines(), QStringList { QStringLiteral("compiling") });
        QCOMPARE(run.errorBlocks,
                 QStringList { QStringLiteral("[build 4/4] RUN echo compiling && false") });
        QCOMPARE(run.errors.size(), 1);
        QVERIFY(run.errors.constFirst().startsWith(QLatin1String("failed to solve: process")));
        QVERIFY(run.failed());
    }

    void truncatedLogKeepsWhatItHas()
    {
        const BuildRun run = parseFixture("fixtures/edge-cases/plain-truncated.log");
        QCOMPARE(run.vertices.size(), 2);
        QCOMPARE(run.vertexById(2)->state, VertexState::Running);
        QCOMPARE(run.vertexById(2)->logLines(),
                 (QStringList { QStringLiteral("cc -c main.c"), QStringLiteral("cc -c par") }));
    }

    void badInputIsRejectedClearly_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        QTest::addRow("empty") << QByteArray() << QStringLiteral("empty log");
        QTest::addRow("blank") << QByteArray("\n\n  \n") << QStringLiteral("empty log");
        QTest::addRow("binary") << QByteArray("\x7f"
                                              "ELF\x02\x01\x01\0\0\0\0",
                                              12)
                                << QStringLiteral("binary data");
        QByteArray random(4096, Qt::Uninitialized);
        quint32 seed = 12345; // a fixed LCG: the same bytes every run
        for (char &c : random) {
            seed = seed * 1664525u + 1013904223u;
            c = char(seed >> 24);
        }
        QTest::addRow("random bytes") << random << QStringLiteral("binary data");
        QTest::addRow("prose") << QByteArray("Hello,\nthis is a letter, not a build log.\n")
                               << QStringLiteral("not a BuildKit progress log");
        QTest::addRow("json that is not rawjson") << QByteArray("{\"hello\": 1}\n{\"world\": 2}\n")
                                                  << QStringLiteral("not a BuildKit progress log");
    }

    void badInputIsRejectedClearly()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!ProgressStreamParser::parseLog(content, QStringLiteral("bad.log"), &error));
        QVERIFY2(error.startsWith(QLatin1String("bad.log: ")) && error.contains(message),
                 qPrintable(error));
    }

    // A build may print a NUL (or another control byte) in its output: the log is read,
    // the line kept.
    void nulInOutputIsNotBinary()
    {
        const QByteArray log("#1 [internal] load build definition from Dockerfile\n#1 DONE 0.0s\n\n"
                             "#2 [1/2] RUN printf 'a\\0b\\n'\n#2 0.210 a\0b\n#2 DONE 0.3s\n", 121);
        QVERIFY(log.contains('\0'));
        QString error;
        const auto run = ProgressStreamParser::parseLog(log, QStringLiteral("nul.log"), &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->vertices.size(), 2);
        QCOMPARE(run->vertexById(2)->logLines().size(), 1);
        QVERIFY(run->vertexById(2)->logLines().constFirst().startsWith(QLatin1Char('a')));
    }

    void missingFileSaysSo()
    {
        QString error;
        QVERIFY(!ProgressStreamParser::readFile(QStringLiteral("/nonexistent/build.log"), &error));
        QVERIFY2(error.contains(QLatin1String("/nonexistent/build.log")), qPrintable(error));
    }

    // A vertex keeps its first span inline and the others behind a copy-on-write pointer
    // (core/progress/LogText.h): lines in a row, interleaved, and a copy that goes on
    // alone all read back as written.
    void logTextSpansAndCopies()
    {
        QExplicitlySharedDataPointer<LogArena> arena(new LogArena);
        LogText a(arena);
        LogText b(arena);
        QByteArray wantA;
        QByteArray wantB;
        for (int i = 0; i < 50; ++i) {
            const QByteArray line = "line " + QByteArray::number(i);
            // Three in a row for a, then one for b: a's spans break every fourth line.
            LogText &target = i % 4 == 3 ? b : a;
            QByteArray &want = i % 4 == 3 ? wantB : wantA;
            target.appendLine(line);
            want += (want.isEmpty() ? QByteArray() : QByteArray("\n")) + line;
        }
        QCOMPARE(a.toByteArray(), wantA);
        QCOMPARE(b.toByteArray(), wantB);
        QCOMPARE(a.size(), wantA.size());
        QCOMPARE(a.tail(12), wantA.right(12));
        QCOMPARE(b.tail(1000), wantB);

        // A copy shares the spans until one of them grows.
        LogText copy = a;
        a.appendLine("after the copy");
        b.appendLine("b again"); // a's next line is not contiguous with its last
        a.appendLine("and more");
        QCOMPARE(copy.toByteArray(), wantA);
        QCOMPARE(a.toByteArray(), wantA + "\nafter the copy\nand more");
        copy.appendLine("the copy's own");
        QCOMPARE(copy.toByteArray(), wantA + "\nthe copy's own");
        QCOMPARE(a.toByteArray(), wantA + "\nafter the copy\nand more");

        // One span only (the common case): no list at all, same answers.
        LogText single(arena);
        single.appendLine("x");
        QCOMPARE(single.toByteArray(), QByteArray("x"));
        QCOMPARE(single.tail(0), QByteArray());
        QVERIFY(LogText().isEmpty());
        QCOMPARE(LogText().toByteArray(), QByteArray());
    }

    void partlyReadableLogStillReports()
    {
        QString error;
        const auto run
            = ProgressStreamParser::parseLog("garbage line\n#1 [internal] load .dockerignore\n"
                                             "more garbage\n#1 DONE 0.1s\n",
                                             QStringLiteral("mixed.log"), &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->vertices.size(), 1);
        QCOMPARE(run->otherLines.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestPlainProgressParser)
#include "tst_plainprogressparser.moc"
