// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMap>
#include <QSettings>
#include <QStringList>

namespace Cachelab {

// Cachelab's settings, in QSettings: what the build scripts get in their environment,
// the registries read over plain HTTP, the replay speed and the appearance. One place for
// the keys, so the dialog, the runner and the panels agree (and tests can use a file).
class AppSettings
{
public:
    enum class Appearance
    {
        System, // the desktop's palette
        Light,
        Dark
    };

    // settings: where they live (tests pass their own); nullptr: the app's.
    explicit AppSettings(QSettings *settings = nullptr);

    QString dockerRepo() const;
    void setDockerRepo(const QString &value);
    QString dockerHost() const;
    void setDockerHost(const QString &value);
    QString buildFlags() const;
    void setBuildFlags(const QString &value);
    QString dockerRunFlags() const;
    void setDockerRunFlags(const QString &value);
    double replaySpeed() const; // × real time; 0: as fast as possible
    void setReplaySpeed(double speed);
    // Registries (host or host:port) read over plain HTTP although not on loopback.
    QStringList insecureRegistries() const;
    void setInsecureRegistries(const QStringList &hosts);
    bool isInsecureRegistry(const QString &hostAndPort) const;
    Appearance appearance() const;
    void setAppearance(Appearance appearance);
    static QString appearanceName(Appearance appearance); // "system", "light", "dark"

    // What the scripts get: DOCKER_REPO, DOCKER_HOST, CACHELAB_BUILD_FLAGS,
    // CACHELAB_DOCKER_RUN_FLAGS; unset values are left out (the inherited ones stay).
    QMap<QString, QString> scriptEnvironment() const;

    // "a, b  c" -> {"a", "b", "c"}: what a user types into a one-line list field.
    static QStringList splitList(const QString &text);

private:
    QSettings m_own;
    QSettings *m_settings;
};

} // namespace Cachelab
