// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/DataLocations.h"
#include "core/models/RunListModel.h"
#include "core/models/StepComparisonModel.h"
#include "core/session/ProjectSession.h"
#include "ui/AboutDialog.h"
#include "ui/CacheLayersPanel.h"
#include "ui/dag/StageDagView.h"
#include "ui/MainWindow.h"
#include "ui/ProjectOverviewPage.h"
#include "ui/RunsPanel.h"
#include "ui/ScriptsPanel.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace Cachelab;

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        // Runs, settings and the working copy go to a test folder, not the user's.
        QStandardPaths::setTestModeEnabled(true);
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    }

    void startsWithWelcomeAndNoProject()
    {
        MainWindow window(m_store.path());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(!window.project().isValid());
        QVERIFY(window.scriptsPanel()->scriptNames().isEmpty());
        QCOMPARE(window.size(), QSize(1280, 800));
    }

    void opensTheBundledProject()
    {
        MainWindow window(m_store.path());
        QVERIFY(window.openProject(DataLocations::bundledProjectDir()));
        QCOMPARE(window.project().name(), QStringLiteral("moby-cache"));
        QCOMPARE(
            window.scriptsPanel()->scriptNames(),
            (QStringList { QStringLiteral("build-with-buildx.sh"),
                           QStringLiteral("build-with-docker.sh"), QStringLiteral("build.sh") }));
        // Its Dockerfile parsed, with its five stages: the graph is shown.
        QVERIFY(window.session()->dockerfile().has_value());
        QStringList stages;
        for (const auto &stage : window.session()->dockerfile()->stages())
            stages.append(stage.name);
        QCOMPARE(stages,
                 (QStringList { QStringLiteral("build-assets-less"),
                                QStringLiteral("build-node-modules"), QStringLiteral("build-php"),
                                QStringLiteral("build-public"), QStringLiteral("website-ssr") }));
        QVERIFY(window.dagView()->isVisibleTo(&window));
        QVERIFY(window.windowTitle().startsWith(QLatin1String("moby-cache")));
    }

    void aBadProjectSaysWhyAndKeepsTheCurrentOne()
    {
        MainWindow window(m_store.path());
        QTemporaryDir empty;
        QVERIFY(!window.openProject(empty.path()));
        QVERIFY2(window.overviewPage()->problemText().contains(QLatin1String("has no Dockerfile")),
                 qPrintable(window.overviewPage()->problemText()));

        QVERIFY(window.openProject(DataLocations::bundledProjectDir()));
        QVERIFY(!window.openProject(empty.filePath(QStringLiteral("missing"))));
        QCOMPARE(window.project().name(), QStringLiteral("moby-cache"));
        QVERIFY(window.statusBar()->currentMessage().contains(QLatin1String("does not exist")));
    }

    void theDemoComparesThe1515Pair()
    {
        MainWindow window(m_store.path());
        window.show();
        QVERIFY(window.openDemo());
        QVERIFY(window.session()->runs()->rowCount() >= 10);
        QCOMPARE(window.runsPanel()->selectedIds(),
                 (QStringList { QStringLiteral("demo-buildctl-v0.34.2-02-rebuild-after-edit.log"),
                                QStringLiteral("demo-buildx-v0.38.2-04-rebuild-warm.log") }));
        QVERIFY(window.stepModel()->changedCount() > 0);
        QVERIFY2(window.cacheLayersPanel()->titleA().contains(QLatin1String("3 layer(s)")),
                 qPrintable(window.cacheLayersPanel()->titleA()));
        QVERIFY2(window.cacheLayersPanel()->titleB().contains(QLatin1String("16 layer(s)")),
                 qPrintable(window.cacheLayersPanel()->titleB()));
        QVERIFY(window.runHeaderText().contains(QLatin1String("step(s) differ")));
        // The bundled project is never edited in place: the demo opens a working copy.
        QVERIFY(!window.project().absolutePath().startsWith(QStringLiteral(CACHELAB_SOURCE_DIR)));
    }

    // A script of the project run from the window: live progress, then a stored run.
    void aScriptRunsLiveAndIsKept()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("moby-cache"));
        QCOMPARE(QProcess::execute(
                     QStringLiteral("cp"),
                     { QStringLiteral("-r"), DataLocations::bundledProjectDir(), project }),
                 0);
        // A stand-in for the engine: prints a real recording slowly, as a build would.
        QFile fake(project + QStringLiteral("/fake-build.sh"));
        QVERIFY(fake.open(QIODevice::WriteOnly));
        fake.write(QStringLiteral("#!/bin/sh\nwhile IFS= read -r line; do printf '%s\\n' \"$line\" "
                                  ">&2; sleep 0.01; done < %1\n")
                       .arg(DataLocations::recordingsDir()
                            + QStringLiteral("/docker-20.10-inline-02-rebuild-after-edit.log"))
                       .toUtf8());
        fake.close();
        fake.setPermissions(fake.permissions() | QFile::ExeOwner);

        MainWindow window(m_store.path());
        window.show();
        QVERIFY(window.openProject(project));
        QSignalSpy finished(window.session(), &ProjectSession::runFinished);
        window.scriptsPanel()->runRequested(project + QStringLiteral("/fake-build.sh"));
        QTRY_VERIFY_WITH_TIMEOUT(
            window.runHeaderText().startsWith(QLatin1String("Running fake-build.sh")), 5000);
        QVERIFY(finished.wait(20000));
        QCOMPARE(window.session()->runs()->entry(0)->stored.label, QStringLiteral("fake-build.sh"));
        QCOMPARE(window.session()->runs()->entry(0)->summary.cached, 2);
        QVERIFY(window.runHeaderText().contains(QLatin1String("14 ran, 2 cached")));
        // Kept on disk: a new window on the same store lists it.
        MainWindow again(m_store.path());
        QVERIFY(again.openProject(project));
        QCOMPARE(again.session()->runs()->rowCount(), 1);
    }

    void aboutNamesEveryComponent()
    {
        const QString versions = AboutDialog::componentVersions();
        for (const char *component : { "cachelab", "Qt ", "Graphviz ", "QCustomPlot " })
            QVERIFY2(versions.contains(QLatin1String(component)), component);
        QVERIFY(!versions.contains(QLatin1String("Graphviz \n")));
    }

private:
    QTemporaryDir m_store;
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
