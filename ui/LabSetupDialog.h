// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace Cachelab {

// Set Up Lab: sets up, on a worker thread, what the scripts need (Lab::up: the registry,
// buildx, the engine with its builder and image) and shows each step and its output as it
// comes, with what to do when one fails. The window stays
// responsive; closing the dialog does not stop a step half-way, and nothing reaches a
// closed dialog.
class LabSetupDialog : public QDialog
{
    Q_OBJECT
public:
    // labRoot: where the lab keeps its state (LabRegistry::defaultRoot()).
    explicit LabSetupDialog(const QString &labRoot, QWidget *parent = nullptr);

    void start();
    bool isBusy() const { return m_busy; }
    bool succeeded() const { return m_succeeded; }
    QString stepsText() const;
    QString statusText() const;

Q_SIGNALS:
    void finished(bool ok);

private:
    void onLine(const QString &line);
    void onDone(bool ok, const QString &error);

    QString m_labRoot;
    QLabel *m_status;
    QProgressBar *m_busyBar;
    QPlainTextEdit *m_steps;
    QPushButton *m_close;
    bool m_busy = false;
    bool m_succeeded = false;
};

} // namespace Cachelab
