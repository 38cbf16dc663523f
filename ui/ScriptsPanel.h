// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lint/LintFinding.h"
#include "core/ProjectFolder.h"

#include <QHash>
#include <QWidget>

class QAbstractButton;
class QLabel;
class QListWidget;

namespace Cachelab {

// Left-hand panel: the build scripts of the open project, each with a Run button of its
// own (double-click runs too). A script that cannot run says why in its tooltip; the
// cache flags of each are checked (CacheFlagLint) and what is wrong shows under the list.
class ScriptsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ScriptsPanel(QWidget *parent = nullptr);

    // findings: each script's cache flag findings, by absolute path (ProjectSession's).
    void setProject(const ProjectFolder &project,
                    const QHash<QString, QList<LintFinding>> &findings = {});
    QString findingsText() const; // the cache flag findings shown under the list
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
    QLabel *m_findings;
    bool m_running = false;
};

} // namespace Cachelab
