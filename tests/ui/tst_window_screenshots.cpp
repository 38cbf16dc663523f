// SPDX-License-Identifier: GPL-3.0-or-later
// The main window in the states a user meets first, at 1280×800 on the offscreen
// platform: first start, a live run (a real recording replayed through the runner), a
// finished run coloured, compare mode on the #1515 pair, the exported cache side by
// side. Each state is checked as well as drawn. Always written to the build tree; set
// CACHELAB_UPDATE_SCREENSHOTS=1 to write docs/screenshots/window-*.png as well.
#include "core/AppSettings.h"
#include "core/DataLocations.h"
#include "core/models/RunListModel.h"
#include "core/session/ProjectSession.h"
#include "ui/AppearanceTheme.h"
#include "ui/CacheLayersPanel.h"
#include "ui/dag/StageDagScene.h"
#include "ui/dag/StageDagView.h"
#include "ui/ExplainPanel.h"
#include "ui/LogView.h"
#include "ui/MainWindow.h"
#include "ui/plots/DurationsPlot.h"
#include "ui/plots/HistoryPlot.h"
#include "ui/plots/PlotsPanel.h"
#include "ui/plots/TimelinePlot.h"
#include "ui/ProjectOverviewPage.h"
#include "ui/RunsPanel.h"
#include "ui/ScriptsPanel.h"
#include "ui/SettingsDialog.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyle>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Cachelab;

class TestWindowScreenshots : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        // The same pictures whatever desktop the test runs on.
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(QApplication::style()->standardPalette());
        QStandardPaths::setTestModeEnabled(true);
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
        QSettings().clear();
    }

    void firstStart()
    {
        MainWindow window(m_store.path());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.overviewPage()->isVisible());
        save(window, QStringLiteral("window-first-start"));
    }

    // A real recording streamed through the runner, caught half-way.
    void liveRun()
    {
        QTemporaryDir dir;
        MainWindow window(m_store.path());
        window.show();
        QVERIFY(window.openProject(copyProject(dir)));
        window.session()->setReplayProgram(QStringLiteral(CACHELAB_EXECUTABLE));
        QSignalSpy finished(window.session(), &ProjectSession::runFinished);
        const QString recording
            = DataLocations::recordingsDir() + QStringLiteral("/buildx-v0.38.2-05-cold.log");
        QVERIFY(window.session()->startReplay(recording, 1.5));
        // Half-way: some steps done, one running.
        QTRY_VERIFY_WITH_TIMEOUT(stepsIn(window, StepState::Ran) >= 6
                                     && stepsIn(window, StepState::Running) >= 1,
                                 60000);
        QVERIFY(window.runHeaderText().startsWith(QLatin1String("Running replay of")));
        QVERIFY(!window.logPane()->text().isEmpty());
        save(window, QStringLiteral("window-live-run"));
        window.session()->cancel();
        QVERIFY(finished.wait(20000));
    }

    void finishedRun()
    {
        MainWindow window(m_store.path());
        window.show();
        QVERIFY(window.openDemo());
        window.runsPanel()->selectRun(
            QStringLiteral("demo-buildctl-v0.34.2-02-rebuild-after-edit.log"));
        // build.sh's rebuild after the edit: the intermediate stages ran again (#1515).
        QVERIFY(stepsIn(window, StepState::Ran) >= 10);
        QVERIFY(window.runHeaderText().contains(QLatin1String("exported 3 layer(s)")));
        save(window, QStringLiteral("window-finished-run"));
    }

    void compareThe1515Pair()
    {
        MainWindow window(m_store.path());
        window.show();
        QVERIFY(window.openDemo());
        QVERIFY(window.dagView()->dagScene()->isComparing());
        window.bottomTabs()->setCurrentIndex(1); // the step table, A against B
        save(window, QStringLiteral("window-demo-compare-1515"));
    }

    void exportedLayersSideBySide()
    {
        MainWindow window(m_store.path());
        window.show();
        QVERIFY(window.openDemo());
        window.bottomTabs()->setCurrentWidget(window.cacheLayersPanel());
        QVERIFY(window.cacheLayersPanel()->titleA().contains(QLatin1String("3 layer(s)")));
        QVERIFY(window.cacheLayersPanel()->titleB().contains(QLatin1String("16 layer(s)")));
        save(window, QStringLiteral("window-exported-layers"));
    }

    // Explain on build.sh's rebuild: the unexpected rebuilds outlined on the graph, the
    // cause and the evidence in the tab, the mod=max finding under the scripts.
    void explainThe1515Rebuild()
    {
        MainWindow window(m_store.path());
        window.show();
        QVERIFY(window.openDemo());
        window.runsPanel()->selectRun(
            QStringLiteral("demo-buildctl-v0.34.2-02-rebuild-after-edit.log"));
        window.bottomTabs()->setCurrentWidget(window.explainPanel());
        QVERIFY(window.explainPanel()->unexpectedCount() > 0);
        save(window, QStringLiteral("window-explain-1515"));
    }

    // The plots, in the bottom panel raised to half the window as a user drags it.
    void plotTimeline()
    {
        MainWindow window(m_store.path());
        window.show();
        QVERIFY(window.openDemo());
        window.runsPanel()->selectRun(
            QStringLiteral("demo-buildctl-v0.34.2-02-rebuild-after-edit.log"));
        showPlots(window, PlotsPanel::Timeline);
        QVERIFY(window.plotsPanel()->timelinePlot()->hasData());
        QVERIFY(window.plotsPanel()->timelinePlot()->timeline().approximate());
        save(window, QStringLiteral("plot-timeline"));
    }

    // A CI job's log (a real recording in GitHub Actions' wrapping, fixtures/ci-logs):
    // read through the wrapper, its timestamps on the timeline.
    void aGitHubActionsLog()
    {
        QTemporaryDir dir;
        MainWindow window(m_store.path());
        window.show();
        QVERIFY(window.openProject(copyProject(dir)));
        QString error;
        QVERIFY2(window.session()->importLog(
                     QStringLiteral(CACHELAB_SOURCE_DIR
                                    "/fixtures/ci-logs/buildctl-v0.34.2-02-rebuild-after-edit.github-actions.log"),
                     &error),
                 qPrintable(error));
        window.runsPanel()->selectRun(window.session()->runs()->entry(0)->stored.id);
        QVERIFY(stepsIn(window, StepState::Ran) >= 10);
        showPlots(window, PlotsPanel::Timeline);
        QVERIFY(window.plotsPanel()->timelinePlot()->hasData());
        // The wrapper's wall-clock times, not durations laid end to end.
        QVERIFY(!window.plotsPanel()->timelinePlot()->timeline().approximate());
        save(window, QStringLiteral("window-github-actions-log"));
    }

    void plotDurations()
    {
        MainWindow window(m_store.path());
        window.show();
        QVERIFY(window.openDemo()); // the #1515 pair: build.sh against buildx
        showPlots(window, PlotsPanel::Durations);
        QVERIFY(window.plotsPanel()->durationsPlot()->hasData());
        QVERIFY(window.plotsPanel()->durationsPlot()->differingCount() > 0);
        save(window, QStringLiteral("plot-durations"));
    }

    void plotHistory()
    {
        MainWindow window(m_store.path());
        window.show();
        QVERIFY(window.openDemo());
        showPlots(window, PlotsPanel::History);
        QTRY_COMPARE(window.plotsPanel()->historyPlot()->points().size(),
                     window.session()->runs()->rowCount());
        save(window, QStringLiteral("plot-history"));
    }

    // The same window in a dark palette: tints follow the palette, states keep their colours.
    void darkPalette()
    {
        AppearanceTheme::apply(AppSettings::Appearance::Dark);
        {
            MainWindow window(m_store.path());
            window.show();
            QVERIFY(window.openDemo());
            save(window, QStringLiteral("window-dark-compare-1515"));
        }
        AppearanceTheme::apply(AppSettings::Appearance::Light);
    }

    // Small and large screens: nothing cut at 1024×700, nothing lost at 2560×1440.
    void otherWindowSizes_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addRow("small") << QSize(1024, 700);
        QTest::addRow("large") << QSize(2560, 1440);
    }
    void otherWindowSizes()
    {
        QFETCH(QSize, size);
        MainWindow window(m_store.path());
        window.resize(size);
        window.show();
        QVERIFY(window.openDemo());
        QApplication::processEvents();
        QCOMPARE(window.size(), size);
        // Every dock and the graph keep a usable size.
        QVERIFY(window.dagView()->width() >= 300);
        QVERIFY(window.scriptsPanel()->width() >= 200);
        save(window, QStringLiteral("window-%1x%2").arg(size.width()).arg(size.height()), size);
    }

    void settingsDialog()
    {
        QTemporaryDir dir;
        QSettings file(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        AppSettings settings(&file);
        settings.setDockerRepo(QStringLiteral("localhost:5000/moby-cache"));
        settings.setBuildFlags(QStringLiteral("--network=host"));
        SettingsDialog dialog(&settings);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        save(dialog, QStringLiteral("settings-dialog"), dialog.size());
    }

    void aProjectThatCannotOpen()
    {
        MainWindow window(m_store.path());
        window.show();
        QVERIFY(!window.openProject(QStringLiteral("/nonexistent/project")));
        QVERIFY(!window.overviewPage()->problemText().isEmpty());
        save(window, QStringLiteral("window-bad-project"));
    }

private:
    static QString copyProject(const QTemporaryDir &dir)
    {
        const QString project = dir.filePath(QStringLiteral("moby-cache"));
        QProcess::execute(QStringLiteral("cp"),
                          { QStringLiteral("-r"), DataLocations::bundledProjectDir(), project });
        return project;
    }

    static void showPlots(MainWindow &window, PlotsPanel::View view)
    {
        window.bottomTabs()->setCurrentWidget(window.plotsPanel());
        window.plotsPanel()->setView(view);
        auto *dock = qobject_cast<QDockWidget *>(window.bottomTabs()->parentWidget());
        QVERIFY(dock);
        window.resizeDocks({ dock }, { 430 }, Qt::Vertical);
        QApplication::processEvents();
    }

    static int stepsIn(const MainWindow &window, StepState state)
    {
        const StageDagScene *scene = window.dagView()->dagScene();
        int count = 0;
        for (const StepRef &step : scene->steps())
            count += scene->stepState(step) == state ? 1 : 0;
        return count;
    }

    static void save(QWidget &window, const QString &name, const QSize &size = QSize(1280, 800))
    {
        QApplication::processEvents();
        const QImage image = window.grab().toImage();
        QCOMPARE(image.size(), size);
        QVERIFY(image.save(QDir::current().filePath(name + QStringLiteral(".png"))));
        if (qEnvironmentVariableIntValue("CACHELAB_UPDATE_SCREENSHOTS") == 1)
            QVERIFY(image.save(QStringLiteral(CACHELAB_SOURCE_DIR "/docs/screenshots/") + name
                               + QStringLiteral(".png")));
    }

    QTemporaryDir m_store;
};

QTEST_MAIN(TestWindowScreenshots)
#include "tst_window_screenshots.moc"
