// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/ProjectFolder.h"

#include <QWidget>

class QAbstractButton;
class QLabel;
class QListWidget;

namespace Cachelab {

// Left-hand panel: the build scripts of the open project, each with a Run button of its
// own (double-click runs too). A script that cannot run says why in its tooltip.
class ScriptsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ScriptsPanel(QWidget *parent = nullptr);

    void setProject(const ProjectFolder &project);
    QStringList scriptNames() const;
    QString selectedScript() const; // absolute path, empty when none
    // While a run goes on, no script can start another.
    void setRunning(bool running);
    QAbstractButton *runButton(const QString &fileName) const; // nullptr when none

Q_SIGNALS:
    void runRequested(const QString &scriptPath);

private:
    QLabel *m_heading;
    QListWidget *m_list;
    bool m_running = false;
};

} // namespace Cachelab
