// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/project/ContextSnapshot.h"

#include "core/project/DockerIgnore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSet>

namespace Cachelab {

ContextSnapshot ContextSnapshot::take(const QString &contextDir, QString *warning)
{
    ContextSnapshot snapshot;
    const QDir root(contextDir);
    const DockerIgnore ignore
        = DockerIgnore::fromFile(root.filePath(QStringLiteral(".dockerignore")));
    QDirIterator it(contextDir, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString relative = root.relativeFilePath(path);
        if (ignore.isIgnored(relative))
            continue;
        if (snapshot.m_hashes.size() >= MaxFiles) {
            if (warning)
                *warning
                    = QStringLiteral("context has more than %1 files; only the first were compared")
                          .arg(MaxFiles);
            break;
        }
        QFile file(path);
        QCryptographicHash hash(QCryptographicHash::Sha256);
        if (file.open(QIODevice::ReadOnly) && hash.addData(&file))
            snapshot.m_hashes.insert(relative, QString::fromLatin1(hash.result().toHex()));
        else
            snapshot.m_hashes.insert(relative, QStringLiteral("unreadable"));
    }
    return snapshot;
}

QStringList ContextSnapshot::changedSince(const ContextSnapshot &earlier) const
{
    QSet<QString> changed;
    for (auto it = m_hashes.cbegin(); it != m_hashes.cend(); ++it) {
        if (earlier.m_hashes.value(it.key()) != it.value())
            changed.insert(it.key());
    }
    for (auto it = earlier.m_hashes.cbegin(); it != earlier.m_hashes.cend(); ++it) {
        if (!m_hashes.contains(it.key()))
            changed.insert(it.key());
    }
    QStringList sorted(changed.cbegin(), changed.cend());
    sorted.sort();
    return sorted;
}

QJsonObject ContextSnapshot::toJson() const
{
    QJsonObject object;
    for (auto it = m_hashes.cbegin(); it != m_hashes.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

ContextSnapshot ContextSnapshot::fromJson(const QJsonObject &object)
{
    ContextSnapshot snapshot;
    for (auto it = object.begin(); it != object.end(); ++it)
        snapshot.m_hashes.insert(it.key(), it.value().toString());
    return snapshot;
}

} // namespace Cachelab
