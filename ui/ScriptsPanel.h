// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/ProjectFolder.h"

#include <QWidget>

class QListWidget;
class QLabel;
class QPushButton;

namespace Cachelab {

// Left-hand panel: the build scripts of the open project.
class ScriptsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ScriptsPanel(QWidget *parent = nullptr);

    void setProject(const ProjectFolder &project);
    QStringList scriptNames() const;
    QString selectedScript() const; // absolute path, empty when none
    void setRunning(bool running);

Q_SIGNALS:
    void runRequested(const QString &scriptPath);

private:
    QLabel *m_heading;
    QListWidget *m_list;
    QPushButton *m_runButton;
};

} // namespace Cachelab
