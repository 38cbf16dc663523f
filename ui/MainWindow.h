// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/ProjectFolder.h"

#include <QMainWindow>

class QLabel;

namespace Cachelab {

class ProjectOverviewPage;
class ScriptsPanel;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

    // Opens a project folder; on failure keeps the current project and shows why
    // (no modal dialog: this also runs from the command line and in tests).
    bool openProject(const QString &directory);
    ProjectFolder project() const { return m_project; }

    ScriptsPanel *scriptsPanel() const { return m_scripts; }
    ProjectOverviewPage *overviewPage() const { return m_overview; }

private:
    void createActions();
    void chooseProject();
    void showAbout();

    ProjectFolder m_project;
    ScriptsPanel *m_scripts;
    ProjectOverviewPage *m_overview;
    QLabel *m_statusProject;
};

} // namespace Cachelab
