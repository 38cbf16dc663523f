// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/DataLocations.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
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

QString DataLocations::demoBundle()
{
    const QString name = QStringLiteral("demo.cachelab");
    const QStringList candidates {
        qEnvironmentVariable("CACHELAB_DEMO_BUNDLE"),
        QDir(QStringLiteral(CACHELAB_BUILD_DIR)).filePath(name),
        QDir(QStringLiteral(CACHELAB_INSTALL_DATADIR)).filePath(name),
    };
    for (const QString &candidate : candidates) {
        if (!candidate.isEmpty() && QFileInfo(candidate).isFile())
            return candidate;
    }
    return {};
}

QString DataLocations::workingCopyOfBundledProject(QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return QString();
    };
    const QString source = bundledProjectDir();
    if (source.isEmpty())
        return fail(QStringLiteral("the bundled project is not installed"));
    const QString target = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QStringLiteral("/projects/moby-cache");
    // Made once and kept (the user's edits stay); files the bundled project gained since
    // are added.
    QDirIterator it(source, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString from = it.next();
        const QString to = target + QLatin1Char('/') + QDir(source).relativeFilePath(from);
        if (QFileInfo::exists(to))
            continue;
        if (!QDir().mkpath(QFileInfo(to).absolutePath()) || !QFile::copy(from, to))
            return fail(QStringLiteral("cannot copy %1 to %2").arg(from, to));
        // Scripts stay executable; files stay writable even if the source is read-only.
        QFile::setPermissions(to, QFile(from).permissions() | QFile::WriteOwner);
    }
    return target;
}

} // namespace Cachelab
