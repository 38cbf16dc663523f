// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSettings>
#include <QStringList>

namespace Cachelab {

// The project folders opened lately, most recent first, kept in QSettings so that
// File → Open Recent and the welcome page survive a restart. Folders that no longer
// exist are dropped when the list is read: a menu entry that cannot open is noise.
class RecentProjects
{
public:
    static constexpr int MaxEntries = 8;

    // settings: where the list lives (tests pass their own file); nullptr: the app's.
    explicit RecentProjects(QSettings *settings = nullptr);

    QStringList paths() const;
    void add(const QString &directory); // moves it to the front
    void remove(const QString &directory);
    void clear();

private:
    void store(const QStringList &paths);

    QSettings m_ownSettings;
    QSettings *m_settings;
};

} // namespace Cachelab
