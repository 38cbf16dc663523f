// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/MainWindow.h"

#include "core/DataLocations.h"
#include "core/Logging.h"
#include "ui/AboutDialog.h"
#include "ui/ProjectOverviewPage.h"
#include "ui/ScriptsPanel.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QIcon>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QToolBar>

namespace Cachelab {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_scripts(new ScriptsPanel(this))
    , m_overview(new ProjectOverviewPage(this))
    , m_statusProject(new QLabel(this))
{
    setWindowTitle(tr("Cachelab"));
    setWindowIcon(QIcon(QStringLiteral(":/cachelab/icons/io.github.cachelab.Cachelab.svg")));
    setCentralWidget(m_overview);

    auto *scriptsDock = new QDockWidget(tr("Scripts"), this);
    scriptsDock->setObjectName(QStringLiteral("scriptsDock"));
    scriptsDock->setWidget(m_scripts);
    scriptsDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, scriptsDock);
    resizeDocks({ scriptsDock }, { 240 }, Qt::Horizontal);

    // Permanent, so that a temporary message (an error) never draws over it.
    statusBar()->addPermanentWidget(m_statusProject);
    m_statusProject->setText(tr("No project open"));

    createActions();
    connect(m_overview, &ProjectOverviewPage::openProjectRequested, this,
            &MainWindow::chooseProject);
    connect(m_overview, &ProjectOverviewPage::openExampleRequested, this, [this] {
        openProject(DataLocations::bundledProjectDir());
    });
    resize(1280, 800);
}

void MainWindow::createActions()
{
    auto *fileMenu = menuBar()->addMenu(tr("&File"));
    auto *openAction = fileMenu->addAction(QIcon::fromTheme(QStringLiteral("document-open")),
                                           tr("&Open Project…"), this, &MainWindow::chooseProject);
    openAction->setShortcut(QKeySequence::Open);
    fileMenu->addSeparator();
    auto *quitAction = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quitAction->setShortcut(QKeySequence::Quit);

    auto *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About Cachelab"), this, &MainWindow::showAbout);

    auto *toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addAction(openAction);
}

bool MainWindow::openProject(const QString &directory)
{
    QString error;
    const ProjectFolder project = ProjectFolder::open(directory, &error);
    if (!project.isValid()) {
        qCWarning(lcUi) << "cannot open project:" << error;
        statusBar()->showMessage(tr("Cannot open project: %1").arg(error));
        if (!m_project.isValid())
            m_overview->showWelcome(tr("Cannot open project: %1").arg(error));
        return false;
    }
    m_project = project;
    m_scripts->setProject(project);
    m_overview->showProject(project);
    m_statusProject->setText(
        tr("Project %1 — %2")
            .arg(project.name(), QDir::toNativeSeparators(project.absolutePath())));
    setWindowTitle(tr("%1 — Cachelab").arg(project.name()));
    return true;
}

void MainWindow::chooseProject()
{
    const QString directory = QFileDialog::getExistingDirectory(
        this, tr("Open Project"),
        m_project.isValid() ? m_project.absolutePath() : QDir::homePath());
    if (!directory.isEmpty())
        openProject(directory);
}

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.exec();
}

} // namespace Cachelab
