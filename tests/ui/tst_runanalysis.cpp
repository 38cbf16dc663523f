// SPDX-License-Identifier: GPL-3.0-or-later
// One analysis per run: each finished run is matched to its Dockerfile once per Dockerfile
// version, however many views show it and however often. Counted, not timed: the run
// list's analyses and every RunStepMatcher::results() call in the process.
#include "core/analysis/RunStepMatcher.h"
#include "core/DataLocations.h"
#include "core/models/RunListModel.h"
#include "core/session/ProjectSession.h"
#include "ui/dag/StageDagView.h"
#include "ui/ExplainPanel.h"
#include "ui/MainWindow.h"
#include "ui/plots/PlotsPanel.h"
#include "ui/RunsPanel.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Cachelab;

class TestRunAnalysis : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
    }

    void eachRunIsMatchedOncePerDockerfileVersion()
    {
        MainWindow window(m_store.path());
        window.resize(1280, 800);
        window.show();
        const int matchesBefore = RunStepMatcher::matchCount();
        QVERIFY(window.openDemo());
        RunListModel *runs = window.session()->runs();
        const int count = runs->rowCount();
        QVERIFY(count >= 10);
        // Loaded on a worker thread, the shown pair at once: each run analysed once all the same.
        QTRY_VERIFY(!runs->isLoading());
        QCOMPARE(runs->analysesComputed(), count);
        QCOMPARE(RunStepMatcher::matchCount() - matchesBefore, count);

        // Every view, every run, alone and in pairs, in every tab.
        QTabWidget *tabs = window.bottomTabs();
        for (int row = 0; row < count; ++row) {
            const QString id = runs->entry(row)->stored.id;
            window.runsPanel()->selectRun(id);
            const QString other = runs->entry((row + 1) % count)->stored.id;
            window.runsPanel()->selectPair(id, other);
            for (int tab = 0; tab < tabs->count(); ++tab) {
                tabs->setCurrentIndex(tab);
                QApplication::processEvents();
            }
            for (auto view : { PlotsPanel::Timeline, PlotsPanel::Durations, PlotsPanel::History })
                window.plotsPanel()->setView(view);
            // A click on a step: its details for A and B.
            Q_EMIT window.dagView()->stepActivated(StepRef { 0, 1 });
            QVERIFY(!window.issueReportMarkdown().isEmpty());
        }
        QVERIFY(window.explainPanel()->unexpectedCount() >= 0);
        // Each run against its predecessor: explained once, whatever asked again.
        QCOMPARE(window.session()->explanationsComputed(), count);
        QCOMPARE(runs->analysesComputed(), count);
        QCOMPARE(RunStepMatcher::matchCount() - matchesBefore, count);

        // The same bundle again: the same Dockerfile version, nothing matched again.
        QVERIFY(window.openDemo());
        QTRY_VERIFY(!runs->isLoading());
        QCOMPARE(runs->analysesComputed(), count);
        QCOMPARE(RunStepMatcher::matchCount() - matchesBefore, count);
    }

    void aNewDockerfileVersionMatchesAgain()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("moby-cache"));
        QCOMPARE(QProcess::execute(QStringLiteral("cp"),
                                   { QStringLiteral("-r"), DataLocations::bundledProjectDir(), project }),
                 0);
        ProjectSession session(dir.filePath(QStringLiteral("store")));
        QVERIFY(session.open(project));
        const QString rec = DataLocations::recordingsDir();
        QVERIFY(session.importLog(rec + QStringLiteral("/buildctl-v0.34.2-01-cold.log")));
        QVERIFY(session.importLog(rec + QStringLiteral("/buildctl-v0.34.2-02-rebuild-after-edit.log")));
        RunListModel *runs = session.runs();
        QCOMPARE(runs->analysesComputed(), 2); // each import analysed as it is added
        QVERIFY(session.explain(runs->entry(0)->stored.id));
        QVERIFY(session.open(project)); // the same Dockerfile: kept
        QCOMPARE(runs->analysesComputed(), 2);
        // An edit of the Dockerfile is a new version: each run is matched again, once.
        QFile dockerfile(project + QStringLiteral("/Dockerfile"));
        QVERIFY(dockerfile.open(QIODevice::Append));
        dockerfile.write("# a comment changes the version\n");
        dockerfile.close();
        QVERIFY(session.open(project));
        // Without a window, a run is loaded when first used: both by explaining the newer.
        QCOMPARE(runs->analysesComputed(), 2);
        QVERIFY(session.explain(runs->entry(0)->stored.id));
        QCOMPARE(runs->analysesComputed(), 4);
        QVERIFY(session.explain(runs->entry(0)->stored.id));
        QCOMPARE(runs->analysesComputed(), 4);
    }

private:
    QTemporaryDir m_store;
};

QTEST_MAIN(TestRunAnalysis)
#include "tst_runanalysis.moc"
