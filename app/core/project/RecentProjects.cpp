// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/project/RecentProjects.h"

#include <QDir>
#include <QFileInfo>

namespace Cachelab {

namespace {
const QString kKey = QStringLiteral("recentProjects");
// Before the list existed, the last project alone was kept under this key.
const QString kLegacyKey = QStringLiteral("recentProject");

QString normalised(const QString &directory)
{
    return QDir::cleanPath(QFileInfo(directory).absoluteFilePath());
}
} // namespace

RecentProjects::RecentProjects(QSettings *settings)
    : m_settings(settings ? settings : &m_ownSettings)
{ }

QStringList RecentProjects::paths() const
{
    QStringList stored = m_settings->value(kKey).toStringList();
    const QString legacy = m_settings->value(kLegacyKey).toString();
    if (stored.isEmpty() && !legacy.isEmpty())
        stored.append(legacy);
    QStringList existing;
    for (const QString &path : std::as_const(stored)) {
        if (QFileInfo(path).isDir() && !existing.contains(path))
            existing.append(path);
    }
    return existing.mid(0, MaxEntries);
}

void RecentProjects::add(const QString &directory)
{
    const QString path = normalised(directory);
    QStringList list = paths();
    list.removeAll(path);
    list.prepend(path);
    store(list.mid(0, MaxEntries));
}

void RecentProjects::remove(const QString &directory)
{
    QStringList list = paths();
    list.removeAll(normalised(directory));
    store(list);
}

void RecentProjects::clear()
{
    store({});
}

void RecentProjects::store(const QStringList &paths)
{
    m_settings->setValue(kKey, paths);
    m_settings->remove(kLegacyKey);
}

} // namespace Cachelab
