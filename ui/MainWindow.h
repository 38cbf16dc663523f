// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/analysis/RunAnalysis.h"
#include "core/plots/RunHistorySeries.h"
#include "core/progress/BuildRun.h"
#include "core/ProjectFolder.h"
#include "core/report/ToolVersions.h"

#include <functional>
#include <optional>
#include <QElapsedTimer>
#include <QMainWindow>
#include <QPointer>
#include <QThread>

class QAction;
class QCloseEvent;
class QDragEnterEvent;
class QDockWidget;
class QDropEvent;
class QMenu;
class QLabel;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTextBrowser;
class QTimer;

namespace Cachelab {

class CacheLayersPanel;
class ExplainPanel;
class PlotsPanel;
class RegistryCachePanel;
class LogView;
class ProjectOverviewPage;
class ProjectSession;
class RunsPanel;
class BuilderHistoryPanel;
class ScriptsPanel;
class StageDagView;
class StepComparisonModel;
class StepTablePanel;
struct HistoryBuild;
struct RunResult;
struct StepRef;

// The lab: scripts and run history on the left, the stage graph in the middle coloured
// by the selected run (or two runs, compared), and below it the log, the step table and
// the exported cache layers side by side.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // storeRoot: where runs are kept (empty: the user's data folder).
    explicit MainWindow(const QString &storeRoot = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens a project folder; on failure keeps the current project and shows why
    // (no modal dialog: this also runs from the command line and in tests).
    bool openProject(const QString &directory);
    ProjectFolder project() const;
    // A working copy of the bundled #1515 project (in the user's data folder: the bundled
    // one may be read-only, and the scenario edits a file).
    bool openExample();
    // The demo bundle (the real recordings of the #1515 project), the #1515 pair compared.
    bool openDemo();
    // A .cachelab bundle, read-only, showing what the bundle selects first. On failure
    // keeps what was open and says why in the status bar.
    bool openBundle(const QString &file);
    // Selects runs in the runs panel: A, or A compared with B; {"latest"}: the newest run
    // compared with the run before it of the same script.
    void selectRuns(const QStringList &ids);
    // Writes the runs `ids` (all when empty), with the runs they follow, as a bundle.
    bool exportBundleTo(const QString &file, const QStringList &ids = {},
                        const QString &title = {});

    ProjectSession *session() const { return m_session; }
    ScriptsPanel *scriptsPanel() const { return m_scripts; }
    ProjectOverviewPage *overviewPage() const { return m_overview; }
    RunsPanel *runsPanel() const { return m_runs; }
    BuilderHistoryPanel *builderHistoryPanel() const { return m_history; }
    QDockWidget *builderHistoryDock() const { return m_historyDock; }
    // View → Builder History: the dock shown, its list read (once per showing).
    void showBuilderHistory();
    // A build of a builder's history kept as a run of the open project and selected.
    bool importHistoryBuild(const HistoryBuild &build);
    StageDagView *dagView() const { return m_dag; }
    StepComparisonModel *stepModel() const { return m_stepModel; }
    CacheLayersPanel *cacheLayersPanel() const { return m_layers; }
    ExplainPanel *explainPanel() const { return m_explain; }
    RegistryCachePanel *registryCachePanel() const { return m_registry; }
    PlotsPanel *plotsPanel() const { return m_plots; }
    QTabWidget *bottomTabs() const { return m_tabs; }
    QString runHeaderText() const;
    QString stepDetailsText() const; // the Step details panel, as plain text
    LogView *logPane() const { return m_log; }
    QAction *cancelAction() const { return m_cancelAction; }
    // Logs kept as runs of the open project (File → Open Log, drag and drop). Without a
    // project, dockerfile names the project (its folder); returns how many were imported.
    int importLogs(const QStringList &paths, const QString &dockerfile = {});
    // The log pane's cursor moves to the first line of the vertex; false if it has none.
    bool showVertexInLog(int vertexId);
    // The GitHub issue report of the shown runs (Report → Copy as Markdown); the stage
    // graph is saved as a PNG beside the app's data and named in it. The tool versions
    // are in it once withToolVersions() has probed them.
    QString issueReportMarkdown();
    // Runs `then` on the GUI thread once the versions of docker, buildx and buildctl are
    // known: probed once, on a worker thread (the tools may take seconds to answer). A
    // window destroyed meanwhile is never called back; the probe ends and goes on its own.
    void withToolVersions(std::function<void()> then);
    // The version probe going on, if any (it deletes itself when it ends).
    QThread *toolVersionsProbe() const { return m_toolProbe; }

    // The size, position and panel layout of the last session (main() calls it; tests and
    // screenshots keep the 1280×800 default).
    void restoreWindowState();

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createDocks();
    void chooseProject();
    void chooseLog();
    void chooseBundle();
    void showLabSetup();
    void exportBundle();
    // The opened project's graph and runs, showing `selection` (default: the newest run).
    void showOpenedProject(const QStringList &selection = {});
    void showAbout();
    void showEnvironmentCheck();
    void showSettings();
    void runScript(const QString &scriptPath);
    void replayRecording();
    void editScenarioFile();
    void exportDag();
    void copyStepTable();
    void copyIssueReport();
    void copyIssueReportNow();
    void saveIssueReport();
    void showSelection(const QStringList &ids);

    void onRunStarted(const QString &id);
    void onRunUpdated(const QString &id);
    void onRunFinished(const QString &id, const RunResult &result);
    void flushLiveLog();
    void showStepDetails(const StepRef &step);
    QString xrayHtml(const StepRef &step) const; // the details' X-ray section
    void updateRunHeader();
    const QList<RunHistoryPoint> &historySeries();
    void updateExplanation();
    void updateScriptsPanel();
    void updateActions();
    void fillRecentMenu();

    ProjectSession *m_session;
    ScriptsPanel *m_scripts;
    RunsPanel *m_runs;
    BuilderHistoryPanel *m_history;
    QDockWidget *m_historyDock = nullptr;
    ProjectOverviewPage *m_overview;
    StageDagView *m_dag;
    QStackedWidget *m_centre;
    QTabWidget *m_tabs;
    LogView *m_log;
    StepComparisonModel *m_stepModel;
    StepTablePanel *m_stepTable;
    CacheLayersPanel *m_layers;
    ExplainPanel *m_explain;
    RegistryCachePanel *m_registry;
    PlotsPanel *m_plots;
    QTextBrowser *m_details;
    QLabel *m_statusProject;
    QLabel *m_runHeader;
    QPushButton *m_headerSetUpLab = nullptr;
    QProgressBar *m_busy;
    QTimer *m_clock;
    QTimer *m_logFlush;
    QByteArray m_pendingLog; // live output not yet in the log pane
    QElapsedTimer m_livePlotClock; // the last redraw of the plots during a live run

    QMenu *m_recentMenu = nullptr;
    QAction *m_runAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_replayAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_copyTableAction = nullptr;
    QAction *m_copyReportAction = nullptr;
    QAction *m_saveReportAction = nullptr;
    QAction *m_exportBundleAction = nullptr;
    std::optional<QList<ToolVersions::Tool>> m_toolVersions; // probed once: it runs docker
    QPointer<QThread> m_toolProbe; // while the versions are being probed
    QList<std::function<void()>> m_waitingForToolVersions; // run once they are known

    // Copies of the shown runs: the DAG and models point at these, never into a model
    // that may move its rows.
    QStringList m_shownIds;
    std::optional<QList<RunHistoryPoint>> m_historySeries; // historySeries(), of the runs at
    quint64 m_historyRevision = 0; // this RunListModel::revision()
    BuildRun m_runA;
    BuildRun m_runB;
    RunAnalysisPtr m_analysisA;
    RunAnalysisPtr m_analysisB;
};

} // namespace Cachelab
