// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QMap>

class QDoubleSpinBox;
class QLineEdit;

namespace Cachelab {

// Run → Run Settings: what the build scripts get through their environment
// (DOCKER_REPO, DOCKER_HOST, extra build flags) and the replay speed. Kept in QSettings.
class RunSettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit RunSettingsDialog(QWidget *parent = nullptr);

    // The environment the scripts get, from the saved settings; unset values are left out.
    static QMap<QString, QString> environment();
    static double replaySpeed();

private:
    void save();

    QLineEdit *m_repo;
    QLineEdit *m_host;
    QLineEdit *m_flags;
    QLineEdit *m_runFlags;
    QDoubleSpinBox *m_speed;
};

} // namespace Cachelab
