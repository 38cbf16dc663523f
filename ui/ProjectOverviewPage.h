// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/ProjectFolder.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedLayout;

namespace Cachelab {

// The centre of the main window until a run is shown: a welcome page with the ways to
// start, or the open project's Dockerfile; or what went wrong opening a project.
class ProjectOverviewPage : public QWidget
{
    Q_OBJECT
public:
    explicit ProjectOverviewPage(QWidget *parent = nullptr);

    void showWelcome(const QString &problem = {});
    void showProject(const ProjectFolder &project);
    // The welcome page lists these as links (most recent first); empty hides the list.
    void setRecentProjects(const QStringList &paths);
    QString recentProjectsText() const;
    QString dockerfileText() const;
    QString problemText() const;

Q_SIGNALS:
    void openProjectRequested();
    void openExampleRequested();
    void openDemoRequested();
    void openBundleRequested();
    void setUpLabRequested();
    void openRecentRequested(const QString &path);

private:
    QStackedLayout *m_stack;
    QWidget *m_welcome;
    QLabel *m_problem;
    QLabel *m_recent;
    QPushButton *m_openExample;
    QWidget *m_projectView;
    QLabel *m_projectTitle;
    QPlainTextEdit *m_dockerfile;
};

} // namespace Cachelab
