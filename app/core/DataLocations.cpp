// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/DataLocations.h"

#include <QDir>
#include <QFileInfo>
#include <QStringList>

namespace Cachelab {

namespace {
bool holdsFixtures(const QString &dir)
{
    return !dir.isEmpty()
        && QFileInfo(QDir(dir).filePath(QStringLiteral("fixtures/moby-cache/Dockerfile"))).isFile();
}
} // namespace

QString DataLocations::dataDir()
{
    const QStringList candidates {
        qEnvironmentVariable("CACHELAB_DATA_DIR"),
        QStringLiteral(CACHELAB_SOURCE_DIR),
        QStringLiteral(CACHELAB_INSTALL_DATADIR),
    };
    for (const QString &candidate : candidates) {
        if (holdsFixtures(candidate))
            return QDir(candidate).canonicalPath();
    }
    return {};
}

QString DataLocations::bundledProjectDir()
{
    const QString base = dataDir();
    return base.isEmpty() ? QString() : QDir(base).filePath(QStringLiteral("fixtures/moby-cache"));
}

QString DataLocations::recordingsDir()
{
    const QString base = dataDir();
    return base.isEmpty() ? QString() : QDir(base).filePath(QStringLiteral("fixtures/recordings"));
}

} // namespace Cachelab
