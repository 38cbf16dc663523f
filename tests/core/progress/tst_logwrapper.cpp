// SPDX-License-Identifier: GPL-3.0-or-later
// CI wrappers around plain progress (core/progress/LogWrapper): every recording of
// fixtures/recordings inside every wrapper of fixtures/ci-logs (made by its
// make-wrapped.py) parses to the same run, step for step, as the bare recording, and the
// wrapper's timestamps become the steps' times; fed in small chunks, as from a process, too.
// Hand-made lines check the detection's edges (a bare log is never taken for a wrapped one).
#include "core/models/RunListModel.h"
#include "core/progress/LogWrapper.h"
#include "core/progress/ProgressStreamParser.h"
#include "core/session/ProjectSession.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Cachelab;

namespace {
const QDateTime kBase(QDate(2024, 8, 18), QTime(10, 44, 11, 583), Qt::UTC);
constexpr qint64 kStepMs = 1370;

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

BuildRun parse(const QByteArray &log, const QString &source, qsizetype chunk = 0)
{
    ProgressStreamParser parser(source);
    if (chunk <= 0) {
        parser.feed(log);
    } else {
        for (qsizetype at = 0; at < log.size(); at += chunk)
            parser.feed(QByteArrayView(log).sliced(at, std::min(chunk, log.size() - at)));
    }
    return parser.takeRun();
}

// Line index (from 0) of each vertex's first line and last terminal line in a bare log.
void lineIndexes(const QByteArray &log, QHash<int, int> *first, QHash<int, int> *last)
{
    const QList<QByteArray> lines = log.split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        if (!line.startsWith('#'))
            continue;
        const int space = line.indexOf(' ');
        bool ok = false;
        const int id = line.mid(1, space - 1).toInt(&ok);
        if (!ok || id == 0)
            continue;
        if (!first->contains(id))
            first->insert(id, i);
        const QByteArray rest = line.mid(space + 1);
        if (rest.startsWith("DONE") || rest == "CACHED" || rest.startsWith("ERROR") || rest == "CANCELED")
            last->insert(id, i);
    }
}
} // namespace

class TestLogWrapper : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyRecordingInEveryWrapper_data()
    {
        QTest::addColumn<QString>("wrapped");
        QTest::addColumn<QString>("recording");
        QTest::addColumn<QString>("style");
        const QDir dir(QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/ci-logs"));
        const QStringList files = dir.entryList({ QStringLiteral("*.log") }, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 100);
        for (const QString &file : files) {
            if (file.startsWith(QLatin1String("job-")))
                continue; // several recordings in one log: oneJobSeveralBuilds()
            const QString recording = file.section(QLatin1Char('.'), 0, -3) + QStringLiteral(".log");
            const QString style = file.section(QLatin1Char('.'), -2, -2);
            QTest::newRow(qPrintable(file))
                << dir.filePath(file)
                << QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/recordings/") + recording << style;
        }
    }

    void everyRecordingInEveryWrapper()
    {
        QFETCH(QString, wrapped);
        QFETCH(QString, recording);
        QFETCH(QString, style);
        const QByteArray bareLog = readAll(recording);
        const QByteArray wrappedLog = readAll(wrapped);
        QVERIFY(!bareLog.isEmpty() && !wrappedLog.isEmpty());
        const BuildRun bare = parse(bareLog, recording);
        for (const qsizetype chunk : { qsizetype(0), qsizetype(7), qsizetype(4096) }) {
            const BuildRun run = parse(wrappedLog, wrapped, chunk);
            QCOMPARE(run.vertices.size(), bare.vertices.size());
            for (int i = 0; i < run.vertices.size(); ++i) {
                const BuildVertex &a = bare.vertices.at(i);
                const BuildVertex &b = run.vertices.at(i);
                QCOMPARE(b.id, a.id);
                QCOMPARE(b.name(), a.name());
                QCOMPARE(b.state, a.state);
                // The log's own duration; where it printed none, the wrapper's.
                if (a.seconds >= 0 || !b.completed.isValid())
                    QCOMPARE(b.seconds, a.seconds);
                else
                    QCOMPARE(b.seconds, b.started.msecsTo(b.completed) / 1000.0);
                QCOMPARE(b.statuses().size(), a.statuses().size());
                QCOMPARE(b.logLines(), a.logLines());
                QCOMPARE(b.errorMessage(), a.errorMessage());
            }
            QCOMPARE(run.errors, bare.errors);
            QCOMPARE(run.cacheExport().layers, bare.cacheExport().layers);
            QCOMPARE(run.cacheImports(), bare.cacheImports());
            if (style != QLatin1String("crlf"))
                QVERIFY2(!run.wrapper.isEmpty(), qPrintable(style));
        }

        // The wrapper's times: a vertex starts at its first line's and ends at its
        // terminal line's (line i of the recording is dated base + i steps).
        static const QStringList dated { QStringLiteral("github-actions"), QStringLiteral("azure"),
                                         QStringLiteral("rfc3339-nano"), QStringLiteral("gitlab"),
                                         QStringLiteral("jenkins-iso"), QStringLiteral("buildkite"),
                                         QStringLiteral("heroku"), QStringLiteral("timestamp-lines"),
                                         QStringLiteral("jenkins-time") };
        const BuildRun run = parse(wrappedLog, wrapped);
        if (!dated.contains(style)) {
            for (const BuildVertex &v : run.vertices)
                QVERIFY(!v.started.isValid());
            return;
        }
        QHash<int, int> first, last;
        lineIndexes(bareLog, &first, &last);
        for (const BuildVertex &v : run.vertices) {
            QDateTime start = kBase.addMSecs(first.value(v.id) * kStepMs);
            QDateTime end = kBase.addMSecs(last.value(v.id, -1) * kStepMs);
            if (style == QLatin1String("jenkins-time")) {
                // A clock without a date, to the second.
                const auto clock = [](const QDateTime &t) {
                    return QDateTime(QDate(2000, 1, 1), QTime(t.time().hour(), t.time().minute(), t.time().second()), Qt::UTC);
                };
                start = clock(start);
                end = clock(end);
            }
            QCOMPARE(v.started, start);
            if (last.contains(v.id))
                QCOMPARE(v.completed, end);
        }
    }

    // A CI job's log with buildx's booting stream and two builds: three runs, the builds
    // step for step as their recordings; readFile() gives the last.
    void oneJobSeveralBuilds()
    {
        const QString path = QStringLiteral(CACHELAB_SOURCE_DIR
                                            "/fixtures/ci-logs/job-booting-and-two-builds.github-actions.log");
        QString error;
        const auto runs = ProgressStreamParser::readFileRuns(path, &error);
        QVERIFY2(runs, qPrintable(error));
        QCOMPARE(runs->size(), 3);
        QCOMPARE(runs->at(0).vertices.size(), 1);
        QCOMPARE(runs->at(0).vertices.at(0).name(), QStringLiteral("[internal] booting buildkit"));
        QVERIFY(runs->at(2).source.endsWith(QLatin1String("(build 3 of 3)")));
        const char *recordings[] = { "buildctl-v0.34.2-01-cold", "buildx-v0.38.2-03-cold" };
        for (int i = 0; i < 2; ++i) {
            const BuildRun bare = *ProgressStreamParser::readFile(
                QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/recordings/%1.log").arg(QLatin1String(recordings[i])),
                &error);
            const BuildRun &run = runs->at(i + 1);
            QCOMPARE(run.vertices.size(), bare.vertices.size());
            for (int v = 0; v < run.vertices.size(); ++v) {
                QCOMPARE(run.vertices.at(v).name(), bare.vertices.at(v).name());
                QCOMPARE(run.vertices.at(v).state, bare.vertices.at(v).state);
                QVERIFY(run.vertices.at(v).started.isValid());
            }
            QCOMPARE(run.cacheExport().layers, bare.cacheExport().layers);
        }
        const auto last = ProgressStreamParser::readFile(path, &error);
        QVERIFY(last);
        QCOMPARE(last->vertices.size(), runs->at(2).vertices.size());
        QCOMPARE(last->source, path);
    }

    // Imported into a project, each build of the job's log is a run of its own, kept with
    // its own part of the log (buildx's "booting buildkit" stream goes with the build after
    // it), and read back from the store as it was parsed from the whole log.
    void importingAJobLog()
    {
        QTemporaryDir dir;
        QVERIFY(QFile::copy(QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/moby-cache/Dockerfile"),
                            dir.filePath(QStringLiteral("Dockerfile"))));
        const QString job = QStringLiteral(CACHELAB_SOURCE_DIR
                                           "/fixtures/ci-logs/job-booting-and-two-builds.github-actions.log");
        const auto wholeRuns = ProgressStreamParser::readFileRuns(job, nullptr);
        QVERIFY(wholeRuns);
        QCOMPARE(wholeRuns->size(), 3);
        QString error;
        QStringList ids;
        {
            ProjectSession session(dir.filePath(QStringLiteral("store")));
            QVERIFY(session.open(dir.path()));
            QVERIFY2(session.importLog(job, &error, &ids), qPrintable(error));
            QCOMPARE(ids.size(), 2);
        }
        ProjectSession session(dir.filePath(QStringLiteral("store")));
        QVERIFY(session.open(dir.path()));
        QCOMPARE(session.runs()->rowCount(), 2);
        for (int i = 0; i < 2; ++i) {
            const RunListModel::Entry *entry = session.runs()->entryById(ids.at(i));
            QVERIFY(entry);
            QVERIFY2(entry->stored.label.contains(QStringLiteral("(build %1 of 2").arg(i + 1)),
                     qPrintable(entry->stored.label));
            const BuildRun &expected = wholeRuns->at(i + 1);
            QCOMPARE(entry->run.vertices.size(), expected.vertices.size());
            for (qsizetype v = 0; v < expected.vertices.size(); ++v) {
                QCOMPARE(entry->run.vertices.at(v).name(), expected.vertices.at(v).name());
                QCOMPARE(entry->run.vertices.at(v).state, expected.vertices.at(v).state);
                QCOMPARE(entry->run.vertices.at(v).started, expected.vertices.at(v).started);
            }
            QVERIFY(entry->run.vertices.constFirst().started.isValid());
        }
        QCOMPARE(session.runs()->entryById(ids.at(1))->run.vertices.size(), 23);
        // Nothing of the log is lost: the two parts are the whole log.
        QFile whole(job);
        QVERIFY(whole.open(QIODevice::ReadOnly));
        QCOMPARE(session.runs()->entryById(ids.at(0))->stored.log + session.runs()->entryById(ids.at(1))->stored.log,
                 whole.readAll());
    }

    // Edges of the detection, on hand-made lines (labelled so: not recordings).
    void detection_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<bool>("wrapped");
        QTest::addColumn<int>("stamp");
        QTest::addRow("bare") << QByteArray("#1 [internal] load build definition from Dockerfile\n#1 DONE 0.0s\n")
                              << false << int(LogWrapper::Stamp::None);
        QTest::addRow("bare after script lines")
            << QByteArray("+ docker buildx build .\nUnable to find image\n#1 [internal] load\n") << false
            << int(LogWrapper::Stamp::None);
        QTest::addRow("output that holds times")
            << QByteArray("#5 0.123 2024-08-18T10:44:11Z started\n#5 0.124 10:44:12 done\n") << false
            << int(LogWrapper::Stamp::None);
        QTest::addRow("github 7 digits")
            << QByteArray("2024-08-18T10:44:11.5838896Z #1 [internal] load\n") << true
            << int(LogWrapper::Stamp::Rfc3339);
        QTest::addRow("offset zone")
            << QByteArray("2024-08-18T12:44:11+02:00 #1 [internal] load\n") << true << int(LogWrapper::Stamp::Rfc3339);
        QTest::addRow("jenkins time") << QByteArray("10:44:11 #1 [internal] load\n") << true
                                      << int(LogWrapper::Stamp::JenkinsTime);
        QTest::addRow("not a time") << QByteArray("99:99:99 #1 [internal] load\n") << false
                                    << int(LogWrapper::Stamp::None);
    }

    void detection()
    {
        QFETCH(QByteArray, head);
        QFETCH(bool, wrapped);
        QFETCH(int, stamp);
        const LogWrapper wrapper = LogWrapper::detect(head.split('\n'));
        QCOMPARE(wrapper.isWrapped(), wrapped);
        QCOMPARE(int(wrapper.stamp()), stamp);
    }

    void offsetsBecomeUtc()
    {
        LogWrapper wrapper = LogWrapper::detect({ QByteArray("2024-08-18T12:44:11.5+02:00 #1 [internal] load") });
        const LogWrapper::Line line = wrapper.unwrap("2024-08-18T12:44:11.5+02:00 #1 [internal] load");
        QCOMPARE(line.text, QByteArray("#1 [internal] load"));
        QCOMPARE(line.time(), QDateTime(QDate(2024, 8, 18), QTime(10, 44, 11, 500), Qt::UTC));
    }
};

QTEST_GUILESS_MAIN(TestLogWrapper)
#include "tst_logwrapper.moc"
