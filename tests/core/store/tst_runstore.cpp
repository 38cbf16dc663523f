// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/RunStore.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Cachelab;

namespace {
StoredRun sampleRun(const QString &projectDir, const QString &label, const QDateTime &started)
{
    StoredRun run;
    run.origin = StoredRun::Origin::Script;
    run.projectDir = projectDir;
    run.dockerfile = projectDir + QStringLiteral("/Dockerfile");
    run.script = projectDir + QLatin1Char('/') + label;
    run.label = label;
    run.commandLine = run.script;
    run.environment = { QStringLiteral("DOCKER_REPO=localhost:5000/moby-cache"),
                        QStringLiteral("REGISTRY_TOKEN=***") };
    run.changedFiles = { QStringLiteral("assets/js/file1.js") };
    run.result.ending = RunResult::Ending::Failed;
    run.result.exitCode = 1;
    run.result.message = QStringLiteral("%1 exited with status 1").arg(label);
    run.result.started = started;
    run.result.finished = started.addSecs(12);
    run.log = "#1 [internal] load build definition from Dockerfile\n#1 DONE 0.0s\n";
    return run;
}

void corrupt(const QString &path, const QByteArray &content)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
}
} // namespace

class TestRunStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        QTemporaryDir root;
        RunStore store(root.path());
        const QDateTime started
            = QDateTime::fromString(QStringLiteral("2026-11-29T07:30:00.250"), Qt::ISODateWithMs);
        StoredRun run = sampleRun(QStringLiteral("/work/projects/moby-cache"),
                                  QStringLiteral("build.sh"), started);
        QString error;
        QVERIFY2(store.save(run, &error), qPrintable(error));
        QVERIFY(run.id.startsWith(QLatin1String("20261129-073000-250-")));

        const QList<StoredRun> runs = store.list(QStringLiteral("/work/projects/moby-cache"));
        QCOMPARE(runs.size(), 1);
        const StoredRun &loaded = runs.constFirst();
        QVERIFY2(loaded.error.isEmpty(), qPrintable(loaded.error));
        QCOMPARE(loaded.id, run.id);
        QCOMPARE(loaded.label, run.label);
        QCOMPARE(loaded.script, run.script);
        QCOMPARE(loaded.dockerfile, run.dockerfile);
        QCOMPARE(loaded.environment, run.environment);
        QCOMPARE(loaded.changedFiles, run.changedFiles);
        QCOMPARE(loaded.result.ending, RunResult::Ending::Failed);
        QCOMPARE(loaded.result.exitCode, 1);
        QCOMPARE(loaded.result.started, started);
        QCOMPARE(loaded.result.finished, started.addSecs(12));
        // Listed without its log (a store of thousands of runs lists in a moment); read
        // when the run is shown.
        QVERIFY(loaded.log.isEmpty());
        StoredRun withLog = loaded;
        QVERIFY(RunStore::readLog(withLog));
        QCOMPARE(withLog.log, run.log);
        QCOMPARE(store.latest(QStringLiteral("/work/projects/moby-cache"))->id, run.id);
        // Another project's runs are not mixed in.
        QVERIFY(store.list(QStringLiteral("/work/projects/other")).isEmpty());
    }

    void aCorruptRunIsListedWithItsErrorAndTheOthersLoad()
    {
        QTemporaryDir root;
        RunStore store(root.path());
        const QString project = QStringLiteral("/p/moby-cache");
        const QDateTime t0 = QDateTime::currentDateTime();
        QList<StoredRun> saved;
        for (int i = 0; i < 4; ++i) {
            StoredRun run = sampleRun(project, QStringLiteral("build-%1.sh").arg(i), t0.addSecs(i));
            QVERIFY(store.save(run));
            saved.append(run);
        }
        const QString folder
            = QFileInfo(
                  QDir(root.path()).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot).constFirst())
                  .absoluteFilePath();
        corrupt(folder + QLatin1Char('/') + saved.at(1).id + QStringLiteral("/run.json"),
                "{ \"formatVersion\": 1, \"id\": ");
        QVERIFY(QFile::remove(folder + QLatin1Char('/') + saved.at(2).id
                              + QStringLiteral("/build.log")));
        corrupt(folder + QLatin1Char('/') + saved.at(3).id + QStringLiteral("/run.json"),
                "{\"formatVersion\": 99}");

        const QList<StoredRun> runs = store.list(project);
        QCOMPARE(runs.size(), 4);
        QVERIFY(runs.at(0).error.isEmpty());
        QVERIFY2(runs.at(1).error.contains(QLatin1String("corrupt")), qPrintable(runs.at(1).error));
        QVERIFY2(runs.at(2).error.contains(QLatin1String("build.log is missing")),
                 qPrintable(runs.at(2).error));
        QVERIFY2(runs.at(3).error.contains(QLatin1String("unknown format version 99")),
                 qPrintable(runs.at(3).error));
        // "The previous run" skips what cannot be read.
        QCOMPARE(store.latest(project)->id, saved.at(0).id);
    }

    // Runs being saved (.incoming-ID) are not runs; one left by a killed save goes once it
    // is an hour old, a young one (another process saving now) stays.
    void incomingFoldersAreNotRunsAndStaleOnesAreCleaned()
    {
        QTemporaryDir root;
        RunStore store(root.path());
        StoredRun run
            = sampleRun(QStringLiteral("/p"), QStringLiteral("a.sh"), QDateTime::currentDateTime());
        QVERIFY(store.save(run));
        const QString project
            = QDir(root.path()).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot).constFirst().absoluteFilePath();
        const QString stale = project + QStringLiteral("/.incoming-20260101-000000-000-abcd");
        const QString young = project + QStringLiteral("/.incoming-20260101-000000-000-ef01");
        for (const QString &folder : { stale, young }) {
            QVERIFY(QDir().mkpath(folder));
            QFile log(folder + QStringLiteral("/build.log"));
            QVERIFY(log.open(QIODevice::WriteOnly));
        }
        const QDateTime twoHoursAgo = QDateTime::currentDateTime().addSecs(-7200);
        const struct timespec times[2] = { { twoHoursAgo.toSecsSinceEpoch(), 0 },
                                           { twoHoursAgo.toSecsSinceEpoch(), 0 } };
        QCOMPARE(utimensat(AT_FDCWD, QFile::encodeName(stale).constData(), times, 0), 0);

        const QList<StoredRun> runs = store.list(QStringLiteral("/p"));
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs.constFirst().id, run.id);
        QVERIFY(!QFileInfo::exists(stale));
        QVERIFY(QFileInfo::exists(young));
    }

    void removeDeletesOnlyThatRun()
    {
        QTemporaryDir root;
        RunStore store(root.path());
        StoredRun a
            = sampleRun(QStringLiteral("/p"), QStringLiteral("a.sh"), QDateTime::currentDateTime());
        StoredRun b = sampleRun(QStringLiteral("/p"), QStringLiteral("b.sh"),
                                QDateTime::currentDateTime().addSecs(1));
        QVERIFY(store.save(a));
        QVERIFY(store.save(b));
        QVERIFY(store.remove(a));
        const QList<StoredRun> runs = store.list(QStringLiteral("/p"));
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs.constFirst().label, QStringLiteral("b.sh"));
    }

    void anUnwritableRootSaysSo()
    {
        RunStore store(QStringLiteral("/proc/cachelab-cannot-write-here"));
        StoredRun run
            = sampleRun(QStringLiteral("/p"), QStringLiteral("a.sh"), QDateTime::currentDateTime());
        QString error;
        QVERIFY(!store.save(run, &error));
        QVERIFY(error.contains(QLatin1String("cannot")));
    }
};

QTEST_GUILESS_MAIN(TestRunStore)
#include "tst_runstore.moc"
