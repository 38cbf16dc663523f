// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/DataLocations.h"
#include "core/bundle/Bundle.h"
#include "core/session/ProjectSession.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Cachelab;

class TestProjectSession : public QObject
{
    Q_OBJECT
private:
    QString copyProject(const QTemporaryDir &dir)
    {
        const QString project = dir.filePath(QStringLiteral("moby-cache"));
        if (QProcess::execute(QStringLiteral("cp"),
                              { QStringLiteral("-r"), DataLocations::bundledProjectDir(), project })
            != 0)
            qFatal("cannot copy the project");
        return project;
    }

private Q_SLOTS:
    void replayStreamsARecordingThroughTheRunner()
    {
        QTemporaryDir dir;
        QTemporaryDir store;
        ProjectSession session(store.path());
        QVERIFY(session.open(copyProject(dir)));
        session.setReplayProgram(QStringLiteral(CACHELAB_EXECUTABLE));
        QSignalSpy updated(&session, &ProjectSession::runUpdated);
        QSignalSpy finished(&session, &ProjectSession::runFinished);
        QVERIFY(session.startReplay(DataLocations::recordingsDir()
                                        + QStringLiteral("/buildx-v0.38.2-06-rebuild-pruned.log"),
                                    20));
        QVERIFY(finished.wait(30000));
        QVERIFY(updated.size() > 2); // it arrived in pieces, as a live build does
        const RunResult result = finished.constFirst().at(1).value<RunResult>();
        QCOMPARE(result.ending, RunResult::Ending::Succeeded);
        const auto *entry = session.runs()->entry(0);
        QVERIFY(entry->stored.label.startsWith(QLatin1String("replay of buildx-v0.38.2-06")));
        QCOMPARE(entry->summary.loaded, 3);
        QCOMPARE(entry->summary.exportedLayers, 16);
        // A replay is a demo: not written to the project's history.
        QVERIFY(session.store().list(session.project().absolutePath()).isEmpty());
    }

    // The scripts' cache flags are read when the project opens, with paths relative to it.
    void scriptsAreLintedWhenOpened()
    {
        QTemporaryDir dir;
        QTemporaryDir store;
        ProjectSession session(store.path());
        const QString project = copyProject(dir);
        QVERIFY(session.open(project));
        const QList<LintFinding> findings
            = session.scriptFindings(project + QStringLiteral("/build.sh"));
        QVERIFY(!findings.isEmpty());
        QCOMPARE(findings.constFirst().file, QStringLiteral("build.sh"));
        QCOMPARE(findings.constFirst().code, QStringLiteral("unknown-key"));
        QCOMPARE(findings.constFirst().line, 39);
        QVERIFY(
            session.scriptFindings(project + QStringLiteral("/build-with-buildx.sh")).isEmpty());
    }

    void changedFilesAreRecordedBetweenRuns()
    {
        QTemporaryDir dir;
        QTemporaryDir store;
        const QString project = copyProject(dir);
        QFile script(project + QStringLiteral("/quick.sh"));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("#!/bin/sh\necho '#1 [internal] load build definition from Dockerfile' "
                     ">&2\necho '#1 DONE 0.0s' >&2\n");
        script.close();
        script.setPermissions(script.permissions() | QFile::ExeOwner);

        ProjectSession session(store.path());
        QVERIFY(session.open(project));
        QSignalSpy finished(&session, &ProjectSession::runFinished);
        QVERIFY(session.startScript(project + QStringLiteral("/quick.sh")));
        QVERIFY(finished.wait(10000));
        QVERIFY(
            session.appendLine(QStringLiteral("assets/js/file1.js"), QStringLiteral("// edited")));
        QVERIFY(session.startScript(project + QStringLiteral("/quick.sh")));
        QVERIFY(finished.wait(10000));

        const QList<StoredRun> runs = session.store().list(project);
        QCOMPARE(runs.size(), 2);
        QVERIFY(runs.at(0).changedFiles.isEmpty()
                || !runs.at(0).changedFiles.contains(QStringLiteral("assets/js/file1.js")));
        QCOMPARE(runs.at(1).changedFiles, QStringList { QStringLiteral("assets/js/file1.js") });
        QString error;
        QVERIFY(
            !session.appendLine(QStringLiteral("no/such/file.js"), QStringLiteral("x"), &error));
        QVERIFY(error.contains(QLatin1String("no such file")));
    }

    void importAndDemo()
    {
        QTemporaryDir dir;
        QTemporaryDir store;
        ProjectSession session(store.path());
        QVERIFY(session.open(copyProject(dir)));
        QString error;
        QVERIFY2(session.importLog(DataLocations::recordingsDir()
                                       + QStringLiteral("/docker-20.10-inline-03-failed-step.log"),
                                   &error),
                 qPrintable(error));
        QCOMPARE(session.runs()->entry(0)->stored.result.ending, RunResult::Ending::Failed);
        QCOMPARE(session.store().list(session.project().absolutePath()).size(), 1);
        QFile garbage(dir.filePath(QStringLiteral("garbage.log")));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write("this is not a build log\n");
        garbage.close();
        QVERIFY(!session.importLog(garbage.fileName(), &error));
        QVERIFY(error.contains(QLatin1String("not a BuildKit progress log")));

        // The demo bundle opens read-only: its runs, no script run, no import, no edit.
        const QString projectDir = session.project().absolutePath();
        QTemporaryDir unpack;
        const auto demo = Bundle::open(DataLocations::demoBundle(), unpack.path(), &error);
        QVERIFY2(demo, qPrintable(error));
        QVERIFY2(session.openBundle(*demo, &error), qPrintable(error));
        QVERIFY(session.isReadOnly());
        QVERIFY(session.runs()->rowCount() >= 10);
        QVERIFY(!session.importLog(DataLocations::recordingsDir()
                                       + QStringLiteral("/buildx-v0.38.2-03-cold.log"),
                                   &error));
        QVERIFY(!session.startScript(session.project().scripts().constFirst().absolutePath));
        QVERIFY(!session.appendLine(QStringLiteral("assets/js/file1.js"), QStringLiteral("x"), &error));
        QCOMPARE(session.predecessorOf(QStringLiteral("demo-buildctl-v0.34.2-02-rebuild-after-edit.log")),
                 QStringLiteral("demo-buildctl-v0.34.2-01-cold.log"));
        QVERIFY(session.open(projectDir));
        QVERIFY(!session.isReadOnly());
        QCOMPARE(session.runs()->rowCount(), 1);
        // A Dockerfile that does not parse leaves the project usable, with the reason.
        QFile dockerfile(session.project().dockerfilePath());
        QVERIFY(dockerfile.open(QIODevice::WriteOnly));
        dockerfile.write("FROM alpine\nFROBNICATE\n");
        dockerfile.close();
        QVERIFY(session.open(session.project().absolutePath()));
        QVERIFY(!session.dockerfile());
        QVERIFY2(session.dockerfileError().contains(QLatin1String("Dockerfile:2")),
                 qPrintable(session.dockerfileError()));
    }
};

QTEST_GUILESS_MAIN(TestProjectSession)
#include "tst_projectsession.moc"
