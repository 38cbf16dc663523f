// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/MainWindow.h"

#include "core/AppSettings.h"
#include "core/bundle/Bundle.h"
#include "core/lab/LabEngine.h"
#include "core/lab/LabRegistry.h"
#include "core/DataLocations.h"
#include "core/GrowingByteArray.h"
#include "core/Logging.h"
#include "core/models/HistoryRecordListModel.h"
#include "core/models/RunListModel.h"
#include "core/models/RunSummary.h"
#include "core/models/StepComparisonModel.h"
#include "core/registry/CacheInspection.h"
#include "core/plots/RunHistorySeries.h"
#include "core/progress/PlainRendering.h"
#include "core/project/RecentProjects.h"
#include "core/report/IssueReport.h"
#include "core/session/ProjectSession.h"
#include "core/store/RunStore.h"
#include "ui/AboutDialog.h"
#include "ui/BuilderHistoryPanel.h"
#include "ui/CacheLayersPanel.h"
#include "ui/dag/DagStyle.h"
#include "ui/dag/StageDagScene.h"
#include "ui/dag/StageDagView.h"
#include "ui/EnvironmentPanel.h"
#include "ui/ExportBundleDialog.h"
#include "ui/LabSetupDialog.h"
#include "ui/ExplainPanel.h"
#include "ui/LogView.h"
#include "ui/plots/PlotsPanel.h"
#include "ui/ProjectOverviewPage.h"
#include "ui/RegistryCachePanel.h"
#include "ui/RunsPanel.h"
#include "ui/ScriptsPanel.h"
#include "ui/SettingsDialog.h"
#include "ui/StepTablePanel.h"

#include <algorithm>
#include <memory>
#include <utility>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QIcon>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScrollBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QTabWidget>
#include <QTextBlock>
#include <QTextBrowser>
#include <QThread>
#include <QTimer>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>

namespace Cachelab {

namespace {
// The file the #1515 recipe edits between the two builds.
} // namespace

MainWindow::MainWindow(const QString &storeRoot, QWidget *parent)
    : QMainWindow(parent)
    , m_session(new ProjectSession(storeRoot.isEmpty() ? RunStore::defaultRoot() : storeRoot, this))
    , m_scripts(new ScriptsPanel(this))
    , m_runs(new RunsPanel(this))
    , m_history(new BuilderHistoryPanel(this))
    , m_overview(new ProjectOverviewPage(this))
    , m_dag(new StageDagView(this))
    , m_centre(new QStackedWidget(this))
    , m_tabs(new QTabWidget(this))
    , m_log(new LogView(this))
    , m_stepModel(new StepComparisonModel(this))
    , m_stepTable(new StepTablePanel(m_stepModel, this))
    , m_layers(new CacheLayersPanel(this))
    , m_explain(new ExplainPanel(this))
    , m_registry(new RegistryCachePanel(this))
    , m_plots(new PlotsPanel(this))
    , m_details(new QTextBrowser(this))
    , m_statusProject(new QLabel(this))
    , m_runHeader(new QLabel(this))
    , m_busy(new QProgressBar(this))
    , m_clock(new QTimer(this))
    , m_logFlush(new QTimer(this))
{
    setWindowTitle(tr("Cachelab"));
    setWindowIcon(QIcon(QStringLiteral(":/cachelab/icons/io.github.cachelab.Cachelab.svg")));
    m_centre->addWidget(m_overview);
    m_centre->addWidget(m_dag);
    // The run header sits above the graph: what is shown, and a live run's progress.
    auto *centre = new QWidget(this);
    auto *centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    centreLayout->setSpacing(2);
    auto *header = new QHBoxLayout;
    header->setContentsMargins(6, 2, 6, 0);
    header->addWidget(m_runHeader, 1);
    // A failed run while a lab piece is missing: the way to set it up, where the failure is.
    m_headerSetUpLab = new QPushButton(tr("Set Up Lab…"), this);
    m_headerSetUpLab->setObjectName(QStringLiteral("headerSetUpLab"));
    m_headerSetUpLab->setVisible(false);
    connect(m_headerSetUpLab, &QPushButton::clicked, this, &MainWindow::showLabSetup);
    header->addWidget(m_headerSetUpLab);
    header->addWidget(m_busy);
    centreLayout->addLayout(header);
    centreLayout->addWidget(m_centre, 1);
    setCentralWidget(centre);
    m_runHeader->setObjectName(QStringLiteral("runHeader"));
    // A long header must not widen the window's centre and squeeze the panels.
    m_runHeader->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_runHeader->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_log->setObjectName(QStringLiteral("logPane"));
    m_log->setAcceptDrops(false); // a dropped log is imported by the window, not pasted
    m_tabs->setObjectName(QStringLiteral("bottomTabs"));
    m_tabs->addTab(m_log, tr("Log"));
    m_tabs->addTab(m_stepTable, tr("Steps (A vs B)"));
    m_tabs->addTab(m_layers, tr("Exported cache (A | B)"));
    m_tabs->addTab(m_explain, tr("Explain"));
    m_tabs->addTab(m_registry, tr("Registry cache"));
    m_tabs->addTab(m_plots, tr("Plots"));
    m_details->setObjectName(QStringLiteral("stepDetails"));
    m_details->setPlaceholderText(tr("Click a step in the graph to see what happened to it."));

    m_busy->setRange(0, 0); // indeterminate: "busy"
    m_busy->setMaximumWidth(120);
    m_busy->setVisible(false);
    // Permanent, so that a temporary message (an error) never draws over it.
    statusBar()->addPermanentWidget(m_statusProject);
    m_statusProject->setText(tr("No project open"));
    m_clock->setInterval(250);
    connect(m_clock, &QTimer::timeout, this, &MainWindow::updateRunHeader);

    createDocks();
    createActions();
    // A store of thousands of runs: the list shows at once, each run's log is parsed and
    // analysed on a worker thread (or at once when it is selected first).
    m_session->runs()->setBackgroundLoading(true);
    m_runs->setModel(m_session->runs());

    connect(m_overview, &ProjectOverviewPage::openProjectRequested, this,
            &MainWindow::chooseProject);
    connect(m_overview, &ProjectOverviewPage::openExampleRequested, this, &MainWindow::openExample);
    connect(m_overview, &ProjectOverviewPage::openDemoRequested, this, &MainWindow::openDemo);
    connect(m_overview, &ProjectOverviewPage::openBundleRequested, this, &MainWindow::chooseBundle);
    connect(m_overview, &ProjectOverviewPage::setUpLabRequested, this, &MainWindow::showLabSetup);
    connect(m_scripts, &ScriptsPanel::runRequested, this, &MainWindow::runScript);
    connect(m_runs, &RunsPanel::selectionChanged, this, &MainWindow::showSelection);
    connect(m_history, &BuilderHistoryPanel::buildFetched, this, &MainWindow::importHistoryBuild);
    connect(m_dag, &StageDagView::stepActivated, this, &MainWindow::showStepDetails);
    connect(m_session, &ProjectSession::runStarted, this, &MainWindow::onRunStarted);
    connect(m_session, &ProjectSession::runUpdated, this, &MainWindow::onRunUpdated);
    connect(m_session, &ProjectSession::runFinished, this, &MainWindow::onRunFinished);
    // A cache read back in full is kept with the run that wrote it: a bundle carries it.
    connect(m_registry, &RegistryCachePanel::cacheRead, this, [this](const CacheInspection &read) {
        if (m_session->isReadOnly())
            return;
        QString error;
        const QString id
            = m_session->keepCacheRead(read.ref(), read.manifestBytes(), read.configBytes(), &error);
        if (id.isEmpty())
            qCInfo(lcUi) << "cache read not kept:" << error;
    });
    // Export Bundle follows whether there are runs (imports add some).
    connect(m_session->runs(), &QAbstractItemModel::rowsInserted, this, &MainWindow::updateActions);
    connect(m_session->runs(), &QAbstractItemModel::modelReset, this, &MainWindow::updateActions);
    // The history plot shows every run once all are loaded.
    connect(m_session->runs(), &RunListModel::loadingFinished, this, [this] {
        m_plots->setHistory(historySeries(), m_shownIds);
    });
    // Live output is appended in batches: one append per frame or so, not one per read.
    m_logFlush->setSingleShot(true);
    m_logFlush->setInterval(ProjectSession::LiveUpdateIntervalMs);
    connect(m_logFlush, &QTimer::timeout, this, &MainWindow::flushLiveLog);
    connect(m_session->runner(), &ScriptRunner::outputReceived, this,
            [this](const QByteArray &bytes) {
                // Live output goes to the log when the live run is the one shown.
                if (m_shownIds.size() == 1 && m_shownIds.constFirst() == m_session->liveRunId()) {
                    appendGrowing(m_pendingLog, bytes);
                    if (!m_logFlush->isActive())
                        m_logFlush->start();
                }
            });

    connect(m_overview, &ProjectOverviewPage::openRecentRequested, this, &MainWindow::openProject);
    m_overview->setRecentProjects(RecentProjects().paths());
    // Logs and project folders dropped anywhere on the window.
    setAcceptDrops(true);

    resize(1280, 800);
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::createDocks()
{
    auto *scriptsDock = new QDockWidget(tr("Scripts"), this);
    scriptsDock->setObjectName(QStringLiteral("scriptsDock"));
    scriptsDock->setWidget(m_scripts);
    auto *runsDock = new QDockWidget(tr("Runs"), this);
    runsDock->setObjectName(QStringLiteral("runsDock"));
    runsDock->setWidget(m_runs);
    auto *bottomDock = new QDockWidget(tr("Details"), this);
    bottomDock->setObjectName(QStringLiteral("bottomDock"));
    bottomDock->setWidget(m_tabs);
    bottomDock->setTitleBarWidget(new QWidget(bottomDock)); // the tabs are title enough
    auto *detailsDock = new QDockWidget(tr("Step details"), this);
    detailsDock->setObjectName(QStringLiteral("detailsDock"));
    detailsDock->setWidget(m_details);
    // A builder's remembered builds, beside the project's own runs; closed until asked for
    // (reading them runs buildx).
    m_historyDock = new QDockWidget(tr("Builder History"), this);
    m_historyDock->setObjectName(QStringLiteral("builderHistoryDock"));
    m_historyDock->setWidget(m_history);
    for (QDockWidget *dock : { scriptsDock, runsDock, bottomDock, detailsDock })
        dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    m_historyDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable
                               | QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::LeftDockWidgetArea, scriptsDock);
    addDockWidget(Qt::LeftDockWidgetArea, runsDock);
    addDockWidget(Qt::BottomDockWidgetArea, bottomDock);
    addDockWidget(Qt::RightDockWidgetArea, detailsDock);
    addDockWidget(Qt::LeftDockWidgetArea, m_historyDock);
    tabifyDockWidget(runsDock, m_historyDock);
    runsDock->raise();
    m_historyDock->hide();
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    resizeDocks({ scriptsDock, runsDock }, { 230, 370 }, Qt::Vertical);
    // The graph is the centre of the window: the panels get what they need, no more.
    resizeDocks({ scriptsDock, detailsDock }, { 290, 190 }, Qt::Horizontal);
    resizeDocks({ bottomDock }, { 200 }, Qt::Vertical);
}

void MainWindow::createActions()
{
    auto *fileMenu = menuBar()->addMenu(tr("&File"));
    auto *openAction
        = fileMenu->addAction(QIcon::fromTheme(QStringLiteral("document-open"),
                                               style()->standardIcon(QStyle::SP_DirOpenIcon)),
                              tr("&Open Project…"), this, &MainWindow::chooseProject);
    openAction->setShortcut(QKeySequence::Open);
    m_recentMenu = fileMenu->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    fillRecentMenu();
    fileMenu->addAction(tr("Open &Log…"), this, &MainWindow::chooseLog)
        ->setShortcut(QKeySequence(tr("Ctrl+L")));
    fileMenu->addAction(tr("Open &Bundle…"), this, &MainWindow::chooseBundle)
        ->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    fileMenu->addAction(tr("Open &Demo (recorded runs)"), this, &MainWindow::openDemo);
    fileMenu->addAction(tr("Import from Builder &History…"), this, &MainWindow::showBuilderHistory)
        ->setShortcut(QKeySequence(tr("Ctrl+H")));
    fileMenu->addSeparator();
    m_exportBundleAction
        = fileMenu->addAction(tr("Export B&undle…"), this, &MainWindow::exportBundle);
    m_exportAction
        = fileMenu->addAction(tr("&Export Graph as PNG/SVG…"), this, &MainWindow::exportDag);
    m_exportAction->setShortcut(QKeySequence(tr("Ctrl+E")));
    m_copyTableAction
        = fileMenu->addAction(tr("&Copy Step Table as Markdown"), this, &MainWindow::copyStepTable);
    fileMenu->addSeparator();
    fileMenu->addAction(tr("&Quit"), this, &QWidget::close)->setShortcut(QKeySequence::Quit);

    auto *runMenu = menuBar()->addMenu(tr("&Run"));
    m_runAction = runMenu->addAction(style()->standardIcon(QStyle::SP_MediaPlay),
                                     tr("&Run Selected Script"), this, [this] {
                                         runScript(m_scripts->selectedScript());
                                     });
    m_runAction->setShortcut(QKeySequence(tr("Ctrl+R")));
    m_cancelAction = runMenu->addAction(style()->standardIcon(QStyle::SP_MediaStop), tr("&Cancel"),
                                        this, [this] {
                                            m_session->cancel();
                                            updateRunHeader();
                                            updateActions();
                                        });
    m_cancelAction->setShortcut(QKeySequence(tr("Ctrl+.")));
    // Named after the project's scenario file in updateActions().
    m_editAction = runMenu->addAction(tr("&Edit Scenario File"), this, &MainWindow::editScenarioFile);
    m_replayAction
        = runMenu->addAction(style()->standardIcon(QStyle::SP_MediaSeekForward),
                             tr("Re&play a Recording…"), this, &MainWindow::replayRecording);
    runMenu->addSeparator();
    QAction *settingsAction = runMenu->addAction(tr("&Settings…"), this, &MainWindow::showSettings);
    settingsAction->setShortcut(QKeySequence::Preferences);
    if (settingsAction->shortcut().isEmpty())
        settingsAction->setShortcut(QKeySequence(tr("Ctrl+,")));

    auto *reportMenu = menuBar()->addMenu(tr("Re&port"));
    m_copyReportAction
        = reportMenu->addAction(tr("&Copy Report as Markdown"), this, &MainWindow::copyIssueReport);
    m_copyReportAction->setShortcut(QKeySequence(tr("Ctrl+Shift+C")));
    m_copyReportAction->setToolTip(
        tr("For a GitHub issue: versions, commands, steps, expected vs observed rebuilds, "
           "exported layers, cache flag findings and the graph as a PNG"));
    m_saveReportAction
        = reportMenu->addAction(tr("&Save Report…"), this, &MainWindow::saveIssueReport);

    auto *viewMenu = menuBar()->addMenu(tr("&View"));
    // The run list from the keyboard: newer, older, and the current run against the one
    // before it.
    QAction *previousRun = viewMenu->addAction(tr("&Newer Run"), this, [this] {
        m_runs->selectOffset(-1);
    });
    previousRun->setShortcut(QKeySequence(tr("Alt+Up")));
    QAction *nextRun = viewMenu->addAction(tr("&Older Run"), this, [this] {
        m_runs->selectOffset(1);
    });
    nextRun->setShortcut(QKeySequence(tr("Alt+Down")));
    QAction *compare = viewMenu->addAction(tr("&Compare with the Run Before"), this, [this] {
        m_runs->compareWithOlder();
    });
    compare->setShortcut(QKeySequence(tr("Ctrl+M")));
    viewMenu->addSeparator();
    QAction *historyAction = m_historyDock->toggleViewAction();
    historyAction->setText(tr("Builder &History"));
    viewMenu->addAction(historyAction);
    // Shown from the menu or the dock's tab: its list read then, not at start-up.
    connect(m_historyDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible && m_history->model()->rowCount() == 0 && !m_history->isBusy())
            m_history->refresh();
    });
    viewMenu->addSeparator();
    viewMenu->addAction(m_dag->zoomInAction());
    viewMenu->addAction(m_dag->zoomOutAction());
    viewMenu->addAction(m_dag->fitAction());

    auto *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("Check &Environment…"), this, &MainWindow::showEnvironmentCheck);
    helpMenu->addAction(tr("Set Up &Lab…"), this, &MainWindow::showLabSetup);
    helpMenu->addAction(tr("&About Cachelab"), this, &MainWindow::showAbout);

    auto *toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addAction(openAction);
    toolBar->addSeparator();
    toolBar->addAction(m_runAction);
    toolBar->addAction(m_cancelAction);
    toolBar->addAction(m_editAction);
    toolBar->addAction(m_replayAction);
    toolBar->addSeparator();
    toolBar->addAction(m_exportAction);
    toolBar->addAction(m_copyTableAction);
}

void MainWindow::showBuilderHistory()
{
    m_historyDock->show();
    m_historyDock->raise();
    // Wide enough for a record's name, status, time and steps side by side.
    resizeDocks({ m_historyDock }, { 460 }, Qt::Horizontal);
}

bool MainWindow::importHistoryBuild(const HistoryBuild &build)
{
    if (!m_session->isOpen() || m_session->isReadOnly()) {
        statusBar()->showMessage(
            tr("Open a project first: a build from the builder's history is kept as one of its runs."),
            10000);
        return false;
    }
    QString error;
    const QString id = m_session->importBuild(build, {}, &error);
    if (id.isEmpty()) {
        statusBar()->showMessage(tr("Cannot import build %1: %2").arg(build.record.id(), error), 20000);
        return false;
    }
    m_runs->selectRun(id);
    updateActions();
    statusBar()->showMessage(tr("Imported build %1 from the builder's history").arg(build.record.id()), 8000);
    return true;
}

ProjectFolder MainWindow::project() const
{
    return m_session->project();
}

bool MainWindow::openProject(const QString &directory)
{
    QString error;
    if (!m_session->open(directory, &error)) {
        qCWarning(lcUi) << "cannot open project:" << error;
        statusBar()->showMessage(tr("Cannot open project: %1").arg(error), 15000);
        if (!m_session->isOpen())
            m_overview->showWelcome(tr("Cannot open project: %1").arg(error));
        return false;
    }
    const ProjectFolder &project = m_session->project();
    RecentProjects().add(project.absolutePath());
    m_overview->setRecentProjects(RecentProjects().paths());
    showOpenedProject();
    return true;
}

bool MainWindow::openBundle(const QString &file)
{
    QString error;
    const std::optional<Bundle> bundle = Bundle::open(file, Bundle::defaultUnpackRoot(), &error);
    if (!bundle || !m_session->openBundle(*bundle, &error)) {
        qCWarning(lcUi) << "cannot open bundle:" << error;
        statusBar()->showMessage(tr("Cannot open the bundle: %1").arg(error), 15000);
        if (!m_session->isOpen())
            m_overview->showWelcome(tr("Cannot open the bundle: %1").arg(error));
        return false;
    }
    // The bundle says what to show first: a run, or a pair to compare.
    showOpenedProject(bundle->manifest().selection);
    statusBar()->showMessage(tr("Bundle %1: %n run(s), read-only", nullptr,
                                m_session->runs()->rowCount())
                                 .arg(QFileInfo(file).fileName()));
    return true;
}

void MainWindow::selectRuns(const QStringList &ids)
{
    QStringList pair = ids;
    if (pair == QStringList { QStringLiteral("latest") }) {
        pair.clear();
        if (m_session->runs()->rowCount() > 0) {
            const QString newest = m_session->runs()->entry(0)->stored.id;
            pair = { newest, m_session->predecessorOf(newest) };
            pair.removeAll(QString());
        }
    }
    if (pair.size() >= 2)
        m_runs->selectPair(pair.at(0), pair.at(1));
    else if (pair.size() == 1)
        m_runs->selectRun(pair.constFirst());
}

void MainWindow::showOpenedProject(const QStringList &selection)
{
    const ProjectFolder &project = m_session->project();
    updateScriptsPanel();
    if (const auto &bundle = m_session->bundle()) {
        m_statusProject->setText(tr("Bundle %1 — %2 (read-only)")
                                     .arg(QFileInfo(bundle->file()).fileName(), bundle->title()));
        setWindowTitle(tr("%1 — %2 — Cachelab")
                           .arg(bundle->title(), QFileInfo(bundle->file()).fileName()));
    } else {
        m_statusProject->setText(
            tr("Project %1 — %2")
                .arg(project.name(), QDir::toNativeSeparators(project.absolutePath())));
        setWindowTitle(tr("%1 — Cachelab").arg(project.name()));
    }

    m_stepModel->setDockerfile(m_session->dockerfile());
    if (m_session->dockerfile()) {
        m_dag->setDockerfile(*m_session->dockerfile());
        m_centre->setCurrentWidget(m_dag);
    } else {
        // Without a graph the Dockerfile itself is shown, with what is wrong with it.
        m_overview->showProject(project);
        m_centre->setCurrentWidget(m_overview);
        statusBar()->showMessage(
            tr("The Dockerfile cannot be parsed: %1").arg(m_session->dockerfileError()));
    }
    m_shownIds.clear();
    if (selection.size() >= 2)
        m_runs->selectPair(selection.at(0), selection.at(1));
    else if (selection.size() == 1)
        m_runs->selectRun(selection.constFirst());
    else if (m_session->runs()->rowCount() > 0)
        m_runs->selectRun(m_session->runs()->entry(0)->stored.id);
    else
        showSelection({});
    updateActions();
}

bool MainWindow::openExample()
{
    QString error;
    const QString copy = DataLocations::workingCopyOfBundledProject(&error);
    if (copy.isEmpty()) {
        statusBar()->showMessage(tr("Cannot copy the #1515 project: %1").arg(error), 15000);
        return false;
    }
    return openProject(copy);
}

bool MainWindow::openDemo()
{
    const QString demo = DataLocations::demoBundle();
    if (demo.isEmpty()) {
        statusBar()->showMessage(tr("The demo bundle is not installed"), 15000);
        return false;
    }
    return openBundle(demo);
}

void MainWindow::showLabSetup()
{
    auto *dialog = new LabSetupDialog(LabRegistry::defaultRoot(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &LabSetupDialog::finished, this, [this](bool ok) {
        if (ok) {
            statusBar()->showMessage(tr("The lab is ready: the scripts run on %1")
                                         .arg(LabEngine(LabRegistry::defaultRoot()).describe()),
                                     10000);
            updateRunHeader();
        }
    });
    dialog->show();
    dialog->start();
}

void MainWindow::chooseBundle()
{
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Open Bundle"), QDir::homePath(), tr("Cachelab bundles (*.cachelab)"));
    if (!file.isEmpty())
        openBundle(file);
}

void MainWindow::exportBundle()
{
    if (!m_session->isOpen())
        return;
    const QStringList selected = m_runs->selectedIds();
    ExportBundleDialog dialog(m_session->runs()->rowCount(), selected.size(),
                              m_session->bundle() ? m_session->bundle()->title()
                                                  : m_session->project().name(),
                              this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString suggested = QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                                  .filePath(m_session->project().name() + QStringLiteral(".cachelab"));
    const QString file = QFileDialog::getSaveFileName(this, tr("Export Bundle"), suggested,
                                                      tr("Cachelab bundles (*.cachelab)"));
    if (!file.isEmpty())
        exportBundleTo(file, dialog.selectedOnly() ? selected : QStringList(), dialog.title());
}

bool MainWindow::exportBundleTo(const QString &file, const QStringList &ids, const QString &title)
{
    BundleSource source = m_session->bundleSource(ids);
    if (!title.isEmpty())
        source.title = title;
    QString error;
    if (source.runs.isEmpty())
        error = tr("there are no finished runs to bundle");
    else if (BundleWriter::write(source, file, &error)) {
        statusBar()->showMessage(
            tr("Bundle %1 written: %n run(s)", nullptr, int(source.runs.size())).arg(file), 15000);
        return true;
    }
    statusBar()->showMessage(tr("Cannot export the bundle: %1").arg(error), 15000);
    return false;
}

void MainWindow::chooseProject()
{
    const QString directory = QFileDialog::getExistingDirectory(
        this, tr("Open Project"),
        m_session->isOpen() ? m_session->project().absolutePath() : QDir::homePath());
    if (!directory.isEmpty())
        openProject(directory);
}

void MainWindow::chooseLog()
{
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Open BuildKit Logs"), QString(),
        tr("BuildKit logs and builds (*.log *.txt *.rawjson *.json *.dockerbuild);;"
           "Docker Desktop builds (*.dockerbuild);;All files (*)"));
    if (paths.isEmpty())
        return;
    QString dockerfile;
    if (!m_session->isOpen()) {
        // A log is kept as a run of a project: the Dockerfile it was built from names one.
        dockerfile = QFileDialog::getOpenFileName(
            this, tr("Dockerfile of These Logs"), QFileInfo(paths.constFirst()).path(),
            tr("Dockerfiles (Dockerfile *.Dockerfile *.dockerfile);;All files (*)"));
        if (dockerfile.isEmpty())
            return;
    }
    importLogs(paths, dockerfile);
}

int MainWindow::importLogs(const QStringList &paths, const QString &dockerfile)
{
    if (!dockerfile.isEmpty() && !openProject(QFileInfo(dockerfile).path()))
        return 0;
    if (!m_session->isOpen()) {
        statusBar()->showMessage(
            tr("Open a project first (or drop its folder here): a log is kept as one of its runs."),
            10000);
        return 0;
    }
    QStringList errors;
    QStringList severalBuilds;
    QString lastId;
    int imported = 0;
    for (const QString &path : paths) {
        QString error;
        QStringList ids;
        if (m_session->importLog(path, &error, &ids)) {
            ++imported;
            if (!ids.isEmpty())
                lastId = ids.constLast();
            if (ids.size() > 1)
                severalBuilds.append(tr("%1 holds %2 builds, each a run of its own")
                                         .arg(QFileInfo(path).fileName())
                                         .arg(ids.size()));
        } else {
            errors.append(error);
        }
    }
    if (!lastId.isEmpty())
        m_runs->selectRun(lastId);
    // One clear line per log that could not be read; the others are kept regardless.
    if (!errors.isEmpty())
        statusBar()->showMessage(tr("Cannot open %n log(s): %1", nullptr, int(errors.size()))
                                     .arg(errors.join(QStringLiteral("; "))),
                                 20000);
    else if (!severalBuilds.isEmpty())
        statusBar()->showMessage(tr("Imported %n log(s): %1", nullptr, imported)
                                     .arg(severalBuilds.join(QStringLiteral("; "))),
                                 20000);
    else
        statusBar()->showMessage(tr("Imported %n log(s)", nullptr, imported), 8000);
    return imported;
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    const bool allLocal
        = !urls.isEmpty() && std::all_of(urls.begin(), urls.end(), [](const QUrl &url) {
              return url.isLocalFile();
          });
    if (allLocal)
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList logs;
    for (const QUrl &url : event->mimeData()->urls()) {
        const QString path = url.toLocalFile();
        if (QFileInfo(path).isDir())
            openProject(path); // a project folder
        else if (path.endsWith(QLatin1String(".cachelab")))
            openBundle(path);
        else if (QFileInfo(path).fileName() == QLatin1String("Dockerfile"))
            openProject(QFileInfo(path).path());
        else
            logs.append(path);
    }
    if (!logs.isEmpty())
        importLogs(logs);
    event->acceptProposedAction();
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList paths = RecentProjects().paths();
    for (const QString &path : paths) {
        QAction *action = m_recentMenu->addAction(
            tr("%1 — %2").arg(QFileInfo(path).fileName(), QDir::toNativeSeparators(path)), this,
            [this, path] {
                openProject(path);
            });
        action->setData(path);
    }
    if (paths.isEmpty())
        m_recentMenu->addAction(tr("No recent projects"))->setEnabled(false);
    m_recentMenu->addSeparator();
    m_recentMenu
        ->addAction(tr("&Clear List"), this,
                    [this] {
                        RecentProjects().clear();
                        m_overview->setRecentProjects({});
                    })
        ->setEnabled(!paths.isEmpty());
}

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.exec();
}

void MainWindow::showEnvironmentCheck()
{
    EnvironmentPanel panel(EnvironmentPanel::scriptEnvironment(), this);
    panel.exec();
}

void MainWindow::showSettings()
{
    AppSettings settings;
    SettingsDialog dialog(&settings, this);
    dialog.exec();
}

void MainWindow::restoreWindowState()
{
    const QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::runScript(const QString &scriptPath)
{
    if (scriptPath.isEmpty() || m_session->isRunning())
        return;
    m_log->clear();
    m_session->startScript(scriptPath, AppSettings().scriptEnvironment());
}

void MainWindow::replayRecording()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Replay a Recording"), DataLocations::recordingsDir(),
        tr("Plain BuildKit logs (*.log);;All files (*)"));
    if (path.isEmpty())
        return;
    m_log->clear();
    m_session->startReplay(path, AppSettings().replaySpeed());
}

void MainWindow::editScenarioFile()
{
    QString error;
    const QString file = m_session->editScenario(&error);
    if (!file.isEmpty())
        statusBar()->showMessage(
            tr("Appended a line to %1: the next run should rebuild only what copies it.").arg(file),
            10000);
    else
        statusBar()->showMessage(error, 15000);
}

void MainWindow::exportDag()
{
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Export Graph"), QStringLiteral("cachelab-dag.png"),
                                       tr("PNG image (*.png);;SVG drawing (*.svg)"));
    if (path.isEmpty())
        return;
    QString error;
    const bool saved = path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)
        ? m_dag->exportSvg(path, &error)
        : m_dag->exportPng(path, 2.0, &error);
    statusBar()->showMessage(
        saved ? tr("Saved %1").arg(path) : tr("Cannot save %1: %2").arg(path, error), 10000);
}

void MainWindow::copyStepTable()
{
    const auto *a
        = m_shownIds.isEmpty() ? nullptr : m_session->runs()->entryById(m_shownIds.constFirst());
    const auto *b
        = m_shownIds.size() < 2 ? nullptr : m_session->runs()->entryById(m_shownIds.at(1));
    QApplication::clipboard()->setText(m_stepModel->toMarkdown(a ? a->stored.label : tr("run A"),
                                                               b ? b->stored.label : tr("run B")));
    statusBar()->showMessage(tr("Step table copied as Markdown"), 5000);
}

void MainWindow::withToolVersions(std::function<void()> then)
{
    if (m_toolVersions) {
        then();
        return;
    }
    m_waitingForToolVersions.append(std::move(then));
    if (m_toolProbe)
        return;
    statusBar()->showMessage(tr("Reading the versions of docker, buildx and buildctl…"));
    // The worker touches nothing of the window, which may be closed and destroyed while
    // the tools take their time: it fills its own result, and the thread deletes itself
    // when it ends, whether the window is still there or not.
    auto result = std::make_shared<QList<ToolVersions::Tool>>();
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    QThread *probe = QThread::create([result, environment] {
        *result = ToolVersions::probe(environment, 3000);
    });
    connect(probe, &QThread::finished, probe, &QObject::deleteLater);
    // Queued to the GUI thread; dropped with the window if it is gone by then.
    connect(probe, &QThread::finished, this, [this, result] {
        m_toolVersions = *result;
        const QList<std::function<void()>> waiting = std::exchange(m_waitingForToolVersions, {});
        for (const std::function<void()> &then : waiting)
            then();
    });
    m_toolProbe = probe;
    probe->start();
}

QString MainWindow::issueReportMarkdown()
{
    IssueReport report = m_session->issueReport(m_shownIds);
    if (m_toolVersions)
        report.tools = *m_toolVersions;
    if (m_session->dockerfile())
        report.dagImage = m_dag->saveReportPicture(
            m_shownIds.isEmpty() ? m_session->project().name() : m_shownIds.constLast());
    return report.toMarkdown();
}

void MainWindow::copyIssueReport()
{
    withToolVersions([this] {
        copyIssueReportNow();
    });
}

void MainWindow::copyIssueReportNow()
{
    QApplication::clipboard()->setText(issueReportMarkdown());
    statusBar()->showMessage(tr("Report copied as Markdown (secrets masked); attach the graph "
                                "PNG named at its end"),
                             10000);
}

void MainWindow::saveIssueReport()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save Report"), QStringLiteral("cachelab-report.md"), tr("Markdown (*.md)"));
    if (path.isEmpty())
        return;
    withToolVersions([this, path] {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(issueReportMarkdown().toUtf8()) < 0
            || !file.commit()) {
            statusBar()->showMessage(tr("Cannot save %1: %2").arg(path, file.errorString()), 15000);
            return;
        }
        statusBar()->showMessage(tr("Saved %1").arg(path), 10000);
    });
}

void MainWindow::showSelection(const QStringList &ids)
{
    m_shownIds = ids.mid(0, 2);
    const auto *a
        = m_shownIds.isEmpty() ? nullptr : m_session->runs()->entryById(m_shownIds.constFirst());
    const auto *b
        = m_shownIds.size() < 2 ? nullptr : m_session->runs()->entryById(m_shownIds.at(1));
    const bool live = a && a->stored.id == m_session->liveRunId();
    m_runA = a && !live ? a->run : BuildRun();
    m_runB = b ? b->run : BuildRun();
    // Each finished run's analysis, made once by the run list: every view reads it.
    m_analysisA = a && !live ? a->analysis : RunAnalysisPtr();
    m_analysisB = b ? b->analysis : RunAnalysisPtr();
    // The live run is not copied: it grows, and the runner's own is always current.
    const BuildRun *runA = live ? &m_session->liveRun() : a ? &m_runA : nullptr;
    const BuildRun *runB = b ? &m_runB : nullptr;
    m_pendingLog.clear();
    m_logFlush->stop();
    if (live)
        m_log->setLog(m_session->runner()->log());
    else if (a && !a->stored.error.isEmpty())
        m_log->setMessage(tr("This run cannot be read: %1").arg(a->stored.error));
    else if (runA && runA->format == BuildRun::Format::RawJson)
        m_log->setLog(PlainRendering::of(*runA)); // one JSON object per line reads as nothing
    else
        m_log->setLog(a ? a->stored.log : QByteArray());
    if (runB)
        m_dag->setComparison(runA, runB, m_analysisA.get(), m_analysisB.get());
    else
        m_dag->setRun(runA, m_analysisA.get());
    m_stepModel->setRuns(runA, runB, m_analysisA.get(), m_analysisB.get());
    m_layers->setRuns(runA, a ? a->stored.label : QString(), runB, b ? b->stored.label : QString());
    updateExplanation();
    // The caches the shown runs imported (the #1515 scripts export to the same ref).
    QStringList refs;
    for (const BuildRun *run : { runA, runB }) {
        for (const QString &ref : run ? run->cacheImports() : QStringList()) {
            if (!refs.contains(ref))
                refs.append(ref);
        }
    }
    m_registry->setSuggestedRefs(refs);
    // A cache kept with run A (read back after it, or carried by a bundle) shows at once.
    if (a && !a->stored.cacheManifestFile.isEmpty()) {
        QFile manifest(a->stored.cacheManifestFile);
        QFile config(a->stored.cacheConfigFile);
        QString error;
        const auto kept = manifest.open(QIODevice::ReadOnly) && config.open(QIODevice::ReadOnly)
            ? CacheInspection::fromFiles(refs.value(0, tr("the cache")), manifest.readAll(),
                                         config.readAll(), &error)
            : std::nullopt;
        if (kept)
            m_registry->showKept(*kept, tr("as read back after %1 (kept with the run)")
                                            .arg(a->stored.label));
    }
    // Plots: A's timeline, A vs B step times, and every run of the project.
    m_plots->setRuns(m_session->dockerfile(), runA, a ? a->stored.label : QString(), runB,
                     b ? b->stored.label : QString(), historySeries(),
                     m_shownIds, m_analysisA.get(), m_analysisB.get());
    updateRunHeader();
}

const QList<RunHistoryPoint> &MainWindow::historySeries()
{
    // Every run's point, made again only when a run changed: with thousands of runs,
    // making it on each selection was a third of the selection's time.
    const RunListModel &runs = *m_session->runs();
    if (!m_historySeries || m_historyRevision != runs.revision()) {
        m_historySeries = RunHistorySeries::of(runs);
        m_historyRevision = runs.revision(); // after: making it may load a run
    }
    return *m_historySeries;
}

void MainWindow::onRunStarted(const QString &id)
{
    m_runs->selectRun(id);
    m_busy->setVisible(true);
    m_clock->start();
    updateActions();
}

void MainWindow::onRunUpdated(const QString &id)
{
    if (m_shownIds.size() != 1 || m_shownIds.constFirst() != id)
        return;
    // Same object, new content: the graph recolours without a new layout.
    m_dag->setRun(&m_session->liveRun());
    m_stepModel->setRuns(&m_session->liveRun(), nullptr);
    updateRunHeader();
    // The plots redraw whole: only when they are in view, and twice a second at most.
    if (m_tabs->currentWidget() == m_plots
        && (!m_livePlotClock.isValid() || m_livePlotClock.elapsed() >= 500)) {
        m_livePlotClock.start();
        const auto *live = m_session->runs()->entryById(id);
        m_plots->setRuns(m_session->dockerfile(), &m_session->liveRun(),
                         live ? live->stored.label : QString(), nullptr, QString(),
                         historySeries(), m_shownIds);
    }
}

void MainWindow::flushLiveLog()
{
    if (m_pendingLog.isEmpty())
        return;
    m_log->appendLines(m_pendingLog);
    m_pendingLog.clear();
}

void MainWindow::updateScriptsPanel()
{
    QHash<QString, QList<LintFinding>> findings;
    for (const ProjectScript &script : m_session->project().scripts())
        findings.insert(script.absolutePath, m_session->scriptFindings(script.absolutePath));
    m_scripts->setProject(m_session->project(), findings);
}

void MainWindow::onRunFinished(const QString &id, const RunResult &result)
{
    updateScriptsPanel(); // the session read the scripts' cache flags again
    flushLiveLog();
    m_clock->stop();
    m_busy->setVisible(false);
    statusBar()->showMessage(result.message, 20000);
    // From now on the stored copy is shown, not the runner's run (the next start resets it).
    if (m_shownIds.contains(id))
        showSelection(m_shownIds);
    updateActions();
}

void MainWindow::showStepDetails(const StepRef &step)
{
    if (!m_session->dockerfile() || step.stage < 0)
        return;
    const DockerfileStage &stage = m_session->dockerfile()->stages().at(step.stage);
    if (step.number < 1 || step.number > stage.steps.size())
        return;
    // The same step in the step table.
    for (int row = 0; row < m_stepModel->rowCount(); ++row) {
        const QModelIndex index = m_stepModel->index(row, 0);
        if (index.data(StepComparisonModel::StepRefRole).toPoint()
            == QPoint(step.stage, step.number)) {
            m_stepTable->table()->selectRow(row);
            m_stepTable->table()->scrollTo(index);
            break;
        }
    }
    // The details say what the step's tooltip says (one text, the graph's); the log pane
    // shows run A's lines of it.
    const StageDagScene *scene = m_dag->dagScene();
    m_details->setHtml(scene->toolTipFor(step) + xrayHtml(step));
    if (const StepResult a = scene->resultA(step); a.seen())
        showVertexInLog(a.vertexId);
}

QString MainWindow::xrayHtml(const StepRef &step) const
{
    // The shown run against the one it follows; a compared pair B against A.
    if (m_shownIds.isEmpty() || m_shownIds.constLast() == m_session->liveRunId())
        return {};
    const QString after = m_shownIds.constLast();
    const QString before = m_shownIds.size() == 2 ? m_shownIds.constFirst() : QString();
    QString html = QStringLiteral("<h4>%1</h4>").arg(tr("Cache-key X-ray"));
    if (const QString problem = m_session->xrayProblem(after, before); !problem.isEmpty())
        return html + QStringLiteral("<p style=\"color:gray\">%1</p>").arg(problem.toHtmlEscaped());
    QString unavailable;
    const QList<XrayCause> causes = m_session->xray(after, before, step, &unavailable);
    if (causes.isEmpty())
        return html + QStringLiteral("<p style=\"color:gray\">%1</p>").arg(unavailable.toHtmlEscaped());
    html += QStringLiteral("<ol>");
    for (qsizetype i = 0; i < causes.size(); ++i) {
        // The root cause, last, in bold: what to change to hit the cache.
        const QString text = causes.at(i).toText().toHtmlEscaped();
        html += i + 1 == causes.size() ? QStringLiteral("<li><b>%1</b></li>").arg(text)
                                       : QStringLiteral("<li>%1</li>").arg(text);
    }
    html += QStringLiteral("</ol>");
    // The key's inputs in both runs side by side, the differing rows tinted as a rebuilt
    // step is: what the causes above were read from.
    const QList<XrayInput> inputs = m_session->xrayInputs(after, before, step, nullptr);
    if (inputs.isEmpty())
        return html;
    const QString beforeId = before.isEmpty() ? m_session->predecessorOf(after) : before;
    const QString tint = DagStyle::rowTint(StepState::Ran, m_details->palette()).name();
    const auto cell = [](const QString &value) {
        return value.isEmpty() ? QStringLiteral("<i>—</i>") : value.left(300).toHtmlEscaped();
    };
    html += QStringLiteral("<p>%1</p>").arg(tr("Key inputs, before (run %1) and after (run %2):")
                                                .arg(beforeId, after)
                                                .toHtmlEscaped());
    html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\" width=\"100%\">"
                           "<tr><th align=\"left\">%1</th><th align=\"left\">%2</th><th align=\"left\">%3</th></tr>")
                .arg(tr("Key input"), tr("Before"), tr("After"));
    for (const XrayInput &input : inputs) {
        QString name = input.name.toHtmlEscaped();
        if (input.kind == XrayInput::Kind::Environment)
            name = tr("env %1").arg(name);
        html += QStringLiteral("<tr%1><td>%2</td><td>%3</td><td>%4</td></tr>")
                    .arg(input.differs() ? QStringLiteral(" style=\"background-color:%1\"").arg(tint) : QString(),
                         input.differs() ? QStringLiteral("<b>%1</b>").arg(name) : name, cell(input.before),
                         cell(input.after));
    }
    return html + QStringLiteral("</table>");
}

bool MainWindow::showVertexInLog(int vertexId)
{
    // Plain logs: the vertex's first line is its header "#N …". rawjson logs have no
    // such line; the step details show their output instead.
    return m_log->showVertex(vertexId);
}

void MainWindow::updateExplanation()
{
    // Each shown run against the run before it; a live run waits for its end.
    QList<ExplainPanel::Entry> entries;
    QList<StepRef> unexpected;
    const QStringList sides { QStringLiteral("A"), QStringLiteral("B") };
    for (int i = 0; i < m_shownIds.size(); ++i) {
        if (m_shownIds.at(i) == m_session->liveRunId())
            continue;
        if (const auto explanation = m_session->explain(m_shownIds.at(i))) {
            entries.append({ sides.at(i), *explanation });
            for (const StepRef &step : explanation->unexpectedSteps()) {
                if (!unexpected.contains(step))
                    unexpected.append(step);
            }
        }
    }
    m_explain->setExplanations(
        entries,
        !m_session->dockerfile()   ? tr("The Dockerfile cannot be parsed: nothing to explain.")
            : m_shownIds.isEmpty() ? tr("Select a run to see which of its rebuilds were expected.")
                                   : tr("A run going on is explained when it ends."));
    // Outlined on the graph, apart from the rebuilds the change explains.
    m_dag->dagScene()->setUnexpectedSteps(unexpected);
}

QString MainWindow::stepDetailsText() const
{
    return m_details->toPlainText();
}

QString MainWindow::runHeaderText() const
{
    return m_runHeader->text();
}

void MainWindow::updateRunHeader()
{
    m_headerSetUpLab->setVisible(false); // only beside a failed run (below)
    const auto *live = m_session->runs()->entryById(m_session->liveRunId());
    if (m_session->runner()->isCanceling()) {
        m_runHeader->setText(tr("Canceling %1 — stopping the script and every process it started…")
                                 .arg(live ? live->stored.label : QString()));
        return;
    }
    if (m_session->isRunning()) {
        // The live entry's counts: the same steps as the graph's legend, kept current by
        // the session at its update pace.
        const RunSummary summary = live ? live->summary : RunSummary();
        const int finished = summary.ran + summary.cached + summary.loaded + summary.failed;
        m_runHeader->setText(
            tr("Running %1 — %2 s — %3 of %4 steps done: %5 ran, %6 cached, %7 loaded")
                .arg(live ? live->stored.label : QString())
                .arg(m_session->runner()->elapsedMs() / 1000.0, 0, 'f', 1)
                .arg(finished)
                .arg(summary.steps)
                .arg(summary.ran)
                .arg(summary.cached)
                .arg(summary.loaded));
        return;
    }
    if (m_shownIds.isEmpty()) {
        m_runHeader->setText(m_session->isOpen()
                                 ? tr("Run a script, open a log, or open the demo to see a build.")
                                 : QString());
        return;
    }
    const auto *a = m_session->runs()->entryById(m_shownIds.constFirst());
    if (!a)
        return;
    const RunSummary &s = a->summary;
    QString text = tr("A: %1 — %2 ran, %3 cached, %4 loaded, exported %5")
                       .arg(a->stored.label)
                       .arg(s.ran)
                       .arg(s.cached)
                       .arg(s.loaded)
                       .arg(s.exporter == CacheExport::Exporter::Registry
                                ? tr("%n layer(s)", nullptr, s.exportedLayers)
                                : CacheExport::exporterName(s.exporter));
    // Why a run failed, in the script's own words (the first error line of its output).
    const bool failed = a->stored.origin == StoredRun::Origin::Script
        && (a->stored.result.ending == RunResult::Ending::Failed
            || a->stored.result.ending == RunResult::Ending::Crashed
            || a->stored.result.ending == RunResult::Ending::NotStarted);
    if (failed)
        text += tr(" — ✗ %1").arg(a->stored.result.message);
    const QString labRoot = LabRegistry::defaultRoot();
    m_headerSetUpLab->setVisible(failed && !m_session->isReadOnly()
                                 && (!LabRegistry(labRoot).isRunning()
                                     || LabEngine(labRoot).kind() == LabEngine::Kind::None));
    if (m_shownIds.size() > 1) {
        if (const auto *b = m_session->runs()->entryById(m_shownIds.at(1)))
            text += tr("\nB: %1 — %2 ran, %3 cached, %4 loaded — %5 step(s) differ from A")
                        .arg(b->stored.label)
                        .arg(b->summary.ran)
                        .arg(b->summary.cached)
                        .arg(b->summary.loaded)
                        .arg(m_stepModel->changedCount());
    }
    m_runHeader->setText(text);
}

void MainWindow::updateActions()
{
    const bool open = m_session->isOpen();
    const bool running = m_session->isRunning();
    const bool readOnly = m_session->isReadOnly();
    m_runAction->setEnabled(open && !running && !readOnly);
    m_cancelAction->setEnabled(running && !m_session->runner()->isCanceling());
    const QString scenario = open ? m_session->project().scenarioFile() : QString();
    m_editAction->setEnabled(!readOnly && !scenario.isEmpty());
    m_editAction->setText(scenario.isEmpty() ? tr("&Edit Scenario File") : tr("&Edit %1").arg(scenario));
    m_editAction->setToolTip(
        scenario.isEmpty()
            ? tr("The project names no scenario file (%1)").arg(ProjectFolder::settingsFileName())
            : tr("Append a line to %1, as the #1515 recipe does between two builds").arg(scenario));
    m_replayAction->setEnabled(open && !running);
    m_exportAction->setEnabled(open && m_session->dockerfile().has_value());
    m_copyTableAction->setEnabled(open && m_session->dockerfile().has_value());
    m_copyReportAction->setEnabled(open && !running);
    m_saveReportAction->setEnabled(open && !running);
    m_exportBundleAction->setEnabled(open && !running && m_session->runs()->rowCount() > 0);
    m_scripts->setRunning(running || readOnly);
}

} // namespace Cachelab
