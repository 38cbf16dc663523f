// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/environment/EnvironmentCheck.h"

#include <QDialog>
#include <QList>
#include <QProcessEnvironment>

class QGridLayout;
class QLabel;
class QPushButton;

namespace Cachelab {

class LabSetupDialog;

// Help → Check Environment: one row per EnvironmentCheck item — a status icon, what was
// found, and what to do when it is missing (selectable, to copy the command) — so that a
// newcomer knows why a script cannot run before pressing Run. The checks run in the
// background; the dialog stays responsive and "Check again" starts them anew.
class EnvironmentPanel : public QDialog
{
    Q_OBJECT
public:
    // environment: what the scripts would get (Cachelab's environment with the Run Settings).
    explicit EnvironmentPanel(const QProcessEnvironment &environment, QWidget *parent = nullptr);

    // Cachelab's environment with the Run Settings' DOCKER_HOST and DOCKER_REPO, as a run
    // gets them.
    static QProcessEnvironment scriptEnvironment();

    EnvironmentCheck *check() const { return m_check; }
    // The texts of a row, for tests: "name|status|detail|remedy".
    QString rowText(int index) const;
    void checkAgain();
    // Set Up Lab: the lab's pieces set up in a dialog of their own, then checked again.
    QPushButton *setUpLabButton() const { return m_setUpLab; }
    LabSetupDialog *labSetup() const { return m_labSetup; }

private:
    struct Row
    {
        QLabel *icon;
        QLabel *name;
        QLabel *detail;
        QLabel *remedy;
    };
    void showItem(int index);

    EnvironmentCheck *m_check;
    QProcessEnvironment m_environment;
    QList<Row> m_rows;
    QLabel *m_summary;
    QPushButton *m_again;
    QPushButton *m_setUpLab;
    LabSetupDialog *m_labSetup = nullptr;
};

} // namespace Cachelab
