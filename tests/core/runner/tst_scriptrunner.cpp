// SPDX-License-Identifier: GPL-3.0-or-later
// The runner on real processes: streaming, exit statuses, scripts that cannot run, and
// cancel ending the whole process group (no orphan left).
#include "core/runner/ScriptRunner.h"

#include <cerrno>
#include <csignal>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Cachelab;

namespace {
QString writeScript(const QTemporaryDir &dir, const QString &name, const QByteArray &body,
                    bool executable = true)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write("#!/bin/sh\n" + body);
    file.close();
    QFile::Permissions permissions = QFile::ReadOwner | QFile::WriteOwner;
    if (executable)
        permissions |= QFile::ExeOwner;
    file.setPermissions(permissions);
    return path;
}

// Processes whose command line holds `marker`: the script's children, wherever they are.
int processesWith(const QString &marker)
{
    int count = 0;
    const QStringList pids
        = QDir(QStringLiteral("/proc")).entryList({ QStringLiteral("[0-9]*") }, QDir::Dirs);
    for (const QString &pid : pids) {
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (cmdline.open(QIODevice::ReadOnly) && cmdline.readAll().contains(marker.toUtf8()))
            ++count;
    }
    return count;
}

RunResult runToEnd(ScriptRunner &runner, const RunRequest &request)
{
    QSignalSpy finished(&runner, &ScriptRunner::finished);
    runner.start(request);
    if (!finished.wait(20000))
        qFatal("the run did not finish");
    return finished.constFirst().constFirst().value<RunResult>();
}
} // namespace

class TestScriptRunner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void streamsProgressAsItArrives()
    {
        QTemporaryDir dir;
        const QString script
            = writeScript(dir, QStringLiteral("build.sh"),
                          "echo '#1 [internal] load build definition from Dockerfile' >&2\n"
                          "echo '#1 DONE 0.0s' >&2\n"
                          "sleep 0.3\n"
                          "printf '\\n#2 [app 2/3] RUN make\\n#2 0.100 building\\n' >&2\n"
                          "sleep 0.3\n"
                          "echo '#2 DONE 0.4s' >&2\n"
                          "echo \"progress=$BUILDKIT_PROGRESS repo=$DOCKER_REPO pwd=$(pwd)\"\n");
        ScriptRunner runner;
        QSignalSpy updates(&runner, &ScriptRunner::runUpdated);
        QSignalSpy started(&runner, &ScriptRunner::started);
        QSignalSpy finished(&runner, &ScriptRunner::finished);
        QVERIFY(runner.start(
            { dir.path(),
              script,
              {},
              { { QStringLiteral("DOCKER_REPO"), QStringLiteral("localhost:5000/x") } },
              {} }));
        QVERIFY(started.wait(5000));
        // Live: the first vertex is there while the script still runs.
        QTRY_VERIFY_WITH_TIMEOUT(runner.run().vertices.size() == 1, 5000);
        QVERIFY(runner.isRunning());
        QVERIFY(finished.wait(10000));
        QVERIFY(updates.size() >= 2);

        const RunResult result = finished.constFirst().constFirst().value<RunResult>();
        QCOMPARE(result.ending, RunResult::Ending::Succeeded);
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.message.contains(QLatin1String("build.sh finished successfully")));
        QCOMPARE(runner.run().vertices.size(), 2);
        QCOMPARE(runner.run().vertices.at(1).state, VertexState::Done);
        QCOMPARE(runner.run().vertices.at(1).logLines(),
                 QStringList { QStringLiteral("building") });
        QVERIFY2(
            runner.log().contains(QByteArray(QByteArray("progress=plain repo=localhost:5000/x pwd=")
                                             + dir.path().toUtf8())),
            runner.log().constData());
        QVERIFY(result.finished >= result.started);
        QVERIFY(runner.environmentForDisplay().contains(
            QStringLiteral("DOCKER_REPO=localhost:5000/x")));
    }

    void endingsAreExplained_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("executable");
        QTest::addColumn<int>("ending");
        QTest::addColumn<QString>("message");
        QTest::addRow("non-zero exit")
            << QByteArray("echo 'ERROR: failed to solve' >&2\nexit 3\n") << true
            << int(RunResult::Ending::Failed) << QStringLiteral("exited with status 3");
        QTest::addRow("not executable")
            << QByteArray("exit 0\n") << false << int(RunResult::Ending::NotStarted)
            << QStringLiteral("is not executable: run chmod +x");
        QTest::addRow("killed from outside")
            << QByteArray("kill -9 $$\n") << true << int(RunResult::Ending::Crashed)
            << QStringLiteral("was killed by a signal");
        QTest::addRow("bad interpreter")
            << QByteArray() << true << int(RunResult::Ending::NotStarted)
            << QStringLiteral("could not be started");
    }

    void endingsAreExplained()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, executable);
        QFETCH(int, ending);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QString script = writeScript(dir, QStringLiteral("build.sh"), body, executable);
        if (body.isEmpty()) {
            QFile file(script);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("#!/no/such/interpreter\n");
        }
        ScriptRunner runner;
        const RunResult result = runToEnd(runner, { dir.path(), script, {}, {}, {} });
        QCOMPARE(int(result.ending), ending);
        QVERIFY2(result.message.contains(message), qPrintable(result.message));
    }

    void aMissingScriptSaysSo()
    {
        ScriptRunner runner;
        QSignalSpy finished(&runner, &ScriptRunner::finished);
        QVERIFY(!runner.start(
            { QDir::tempPath(), QStringLiteral("/nonexistent/build.sh"), {}, {}, {} }));
        QVERIFY(finished.wait(2000));
        const RunResult result = finished.constFirst().constFirst().value<RunResult>();
        QCOMPARE(result.ending, RunResult::Ending::NotStarted);
        QVERIFY(result.message.contains(QLatin1String("does not exist")));
    }

    void cancelEndsTheWholeProcessGroup()
    {
        QTemporaryDir dir;
        const QString marker = QUuid::createUuid().toString(QUuid::WithoutBraces);
        // A script with a child, a grandchild in a subshell, and a child that ignores
        // SIGTERM (as a stubborn tool might): all must be gone after cancel.
        // The marker is in the helper's path, so in its command line (sleep rejects
        // extra arguments, so it cannot carry the marker itself).
        const QString sleeper = writeScript(dir, marker + QStringLiteral("-sleeper"),
                                            "[ \"$1\" = stubborn ] && trap '' TERM\nsleep 300\n");
        const QString script = writeScript(dir, QStringLiteral("build.sh"),
                                           QStringLiteral("%1 child &\n"
                                                          "( %1 grandchild ) &\n"
                                                          "%1 stubborn &\n"
                                                          "echo '#1 [app 1/2] RUN sleep' >&2\n"
                                                          "wait\n")
                                               .arg(sleeper)
                                               .toUtf8());
        ScriptRunner runner;
        runner.setCancelGracePeriod(1000);
        QSignalSpy finished(&runner, &ScriptRunner::finished);
        QVERIFY(runner.start({ dir.path(), script, {}, {}, {} }));
        // The group is known as soon as start() returns, before started() arrives.
        const qint64 group = runner.processGroup();
        QVERIFY(group > 1);
        QTRY_COMPARE_WITH_TIMEOUT(processesWith(marker), 3, 5000);
        runner.cancel();
        // The script ends at once; the run lasts until its whole group has ended (the
        // one that ignores SIGTERM goes at the end of the grace period).
        QTRY_VERIFY(processesWith(marker) < 3);
        QVERIFY(runner.isRunning());
        QVERIFY(finished.wait(10000));
        const RunResult result = finished.constFirst().constFirst().value<RunResult>();
        QCOMPARE(result.ending, RunResult::Ending::Canceled);
        QCOMPARE(result.message,
                 QStringLiteral("Canceled: build.sh and the processes it started were stopped"));
        QCOMPARE(processesWith(marker), 0);
        QVERIFY(::kill(pid_t(-group), 0) != 0 && errno == ESRCH);
        QVERIFY(!runner.isRunning());
    }

    void destroyingARunningRunnerLeavesNoProcess()
    {
        QTemporaryDir dir;
        const QString marker = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString sleeper
            = writeScript(dir, marker + QStringLiteral("-sleeper"), "sleep 300\n");
        const QString script = writeScript(dir, QStringLiteral("build.sh"),
                                           QStringLiteral("%1 &\nwait\n").arg(sleeper).toUtf8());
        {
            ScriptRunner runner;
            QSignalSpy started(&runner, &ScriptRunner::started);
            runner.start({ dir.path(), script, {}, {}, {} });
            QVERIFY(started.wait(5000));
            QTRY_COMPARE_WITH_TIMEOUT(processesWith(marker), 1, 5000);
        }
        QTRY_COMPARE_WITH_TIMEOUT(processesWith(marker), 0, 5000);
    }

    void aNewRunIgnoresTheOldOne()
    {
        QTemporaryDir dir;
        const QString first = writeScript(dir, QStringLiteral("first.sh"),
                                          "echo '#1 first' >&2\necho '#1 DONE 0.1s' >&2\n");
        const QString second = writeScript(dir, QStringLiteral("second.sh"),
                                           "echo '#1 second' >&2\necho '#1 CACHED' >&2\n");
        ScriptRunner runner;
        runToEnd(runner, { dir.path(), first, {}, {}, {} });
        const RunResult result = runToEnd(runner, { dir.path(), second, {}, {}, {} });
        QCOMPARE(result.ending, RunResult::Ending::Succeeded);
        QCOMPARE(runner.run().vertices.size(), 1);
        QCOMPARE(runner.run().vertices.constFirst().name(), QStringLiteral("second"));
        QVERIFY(!runner.log().contains("first"));
    }

    void secretsNeverReachTheLog()
    {
        QTemporaryDir dir;
        const QString script
            = writeScript(dir, QStringLiteral("build.sh"),
                          "echo \"logging in with $REGISTRY_TOKEN\"\n"
                          "echo 'pulling https://bob:hunter2hunter2@registry.example/v2/'\n");
        ScriptRunner runner;
        runToEnd(runner,
                 { dir.path(),
                   script,
                   {},
                   { { QStringLiteral("REGISTRY_TOKEN"), QStringLiteral("s3cr3t-t0ken-value") } },
                   {} });
        QVERIFY(!runner.log().contains("s3cr3t-t0ken-value"));
        QVERIFY(!runner.log().contains("hunter2hunter2"));
        QVERIFY(runner.log().contains("logging in with ***"));
        QVERIFY(runner.environmentForDisplay().contains(QStringLiteral("REGISTRY_TOKEN=***")));
    }
};

QTEST_GUILESS_MAIN(TestScriptRunner)
#include "tst_scriptrunner.moc"
