// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QTabWidget;

namespace Cachelab {

class AppSettings;

// Settings (Ctrl+,): what the build scripts get in their environment (DOCKER_REPO,
// DOCKER_HOST, extra build and `docker run` flags), the replay speed, the registries read
// over plain HTTP, and the appearance. Saved in QSettings through AppSettings.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(AppSettings *settings, QWidget *parent = nullptr);

    QTabWidget *tabs() const { return m_tabs; }
    void save(); // what Save does

private:
    AppSettings *m_settings;
    QTabWidget *m_tabs;
    QLineEdit *m_repo;
    QLineEdit *m_host;
    QLineEdit *m_flags;
    QLineEdit *m_runFlags;
    QDoubleSpinBox *m_speed;
    QLineEdit *m_insecure;
    QComboBox *m_appearance;
};

} // namespace Cachelab
