// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/RunStore.h"

#include <optional>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>

namespace Cachelab {

namespace {
const QString kMetadata = QStringLiteral("run.json");
const QString kLog = QStringLiteral("build.log");
const QString kCacheManifest = QStringLiteral("cache-manifest.json");
const QString kCacheConfig = QStringLiteral("cacheconfig.json");
const QString kCacheDebug = QStringLiteral("cache-debug.json");

bool writeAtomically(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}
} // namespace

RunStore::RunStore(const QString &root)
    : m_root(root)
{ }

QString RunStore::defaultRoot()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QStringLiteral("/runs");
}

QString RunStore::newRunId(const QDateTime &started)
{
    return started.toString(QStringLiteral("yyyyMMdd-HHmmss-zzz-"))
        + QString::number(QRandomGenerator::global()->bounded(0x10000), 16)
              .rightJustified(4, QLatin1Char('0'));
}

QString RunStore::projectFolder(const QString &projectDir) const
{
    // Readable and unique: the folder's name plus a short hash of its full path.
    const QString canonical = QFileInfo(projectDir).absoluteFilePath();
    const QByteArray hash
        = QCryptographicHash::hash(canonical.toUtf8(), QCryptographicHash::Sha256).toHex().left(10);
    QString name = QFileInfo(canonical).fileName();
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("_"));
    return QDir(m_root).filePath(name + QLatin1Char('-') + QString::fromLatin1(hash));
}

bool RunStore::save(StoredRun &run, QString *error)
{
    if (run.id.isEmpty())
        run.id = newRunId(run.result.started.isValid() ? run.result.started
                                                       : QDateTime::currentDateTime());
    const QDir project(projectFolder(run.projectDir));
    const QString folder = project.filePath(run.id);
    // A new run is written in a hidden folder and renamed when whole: killed at any moment
    // (kill -9 included), the store holds the run entirely or not at all. An existing
    // run's files are replaced one by one, each atomically, run.json last.
    const bool exists = QFileInfo(folder).isDir();
    const QString target = exists ? folder : project.filePath(QStringLiteral(".incoming-") + run.id);
    if (!QDir().mkpath(target)) {
        if (error)
            *error = QStringLiteral("cannot create %1").arg(target);
        return false;
    }
    // The log first: a run.json only ever points at a complete log.
    if (!writeAtomically(QDir(target).filePath(kLog), run.log, error)
        || !writeAtomically(QDir(target).filePath(kMetadata),
                            QJsonDocument(run.metadataJson()).toJson(QJsonDocument::Indented), error))
        return false;
    if (!exists && !QDir().rename(target, folder)) {
        if (error)
            *error = QStringLiteral("cannot move %1 to %2").arg(target, folder);
        QDir(target).removeRecursively();
        return false;
    }
    return true;
}

QList<StoredRun> RunStore::list(const QString &projectDir) const
{
    QList<StoredRun> runs;
    const QDir projectRoot(projectFolder(projectDir));
    // Hidden folders are runs being written (.incoming-ID): not runs yet. One left by a
    // process killed while saving is taken away once it is an hour old (a save takes
    // milliseconds; another process may be writing a young one right now).
    for (const QFileInfo &incoming : projectRoot.entryInfoList({ QStringLiteral(".incoming-*") },
                                                                QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot)) {
        if (incoming.lastModified().secsTo(QDateTime::currentDateTime()) > 3600)
            QDir(incoming.absoluteFilePath()).removeRecursively();
    }
    const QStringList ids = projectRoot.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    runs.reserve(ids.size());
    for (const QString &id : ids)
        runs.append(read(projectRoot, id, projectDir));
    return runs;
}

StoredRun RunStore::read(const QDir &projectRoot, const QString &id, const QString &projectDir) const
{
    StoredRun run;
    run.id = id;
    run.label = id;
    run.projectDir = projectDir;
    const QDir folder(projectRoot.filePath(id));
    QFile metadata(folder.filePath(kMetadata));
    if (!metadata.open(QIODevice::ReadOnly)) {
        run.error = QStringLiteral("no readable run.json (%1)").arg(metadata.errorString());
        return run;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(metadata.readAll(), &parseError);
    if (!document.isObject()) {
        run.error = QStringLiteral("run.json is corrupt: %1").arg(parseError.errorString());
        return run;
    }
    if (!run.readMetadata(document.object())) {
        run.error = QStringLiteral("run.json: %1").arg(run.error);
        return run;
    }
    if (QFileInfo::exists(folder.filePath(kCacheManifest))
        && QFileInfo::exists(folder.filePath(kCacheConfig))) {
        run.cacheManifestFile = folder.filePath(kCacheManifest);
        run.cacheConfigFile = folder.filePath(kCacheConfig);
    }
    if (QFileInfo::exists(folder.filePath(kCacheDebug)))
        run.cacheDebugFile = folder.filePath(kCacheDebug);
    // The log stays in its file until the run is shown: a stat, not a read.
    run.logFile = folder.filePath(kLog);
    if (!QFileInfo(run.logFile).isFile())
        run.error = QStringLiteral("build.log is missing");
    return run;
}

bool RunStore::readLog(StoredRun &run, QString *error)
{
    if (run.logFile.isEmpty())
        return true; // the log is all in memory
    QFile log(run.logFile);
    if (!log.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("build.log is missing (%1)").arg(log.errorString());
        return false;
    }
    run.log = log.readAll();
    return true;
}

std::optional<StoredRun> RunStore::latest(const QString &projectDir) const
{
    // Newest first, until one reads: not the whole store before each run.
    const QDir projectRoot(projectFolder(projectDir));
    const QStringList ids = projectRoot.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (auto it = ids.crbegin(); it != ids.crend(); ++it) {
        StoredRun run = read(projectRoot, *it, projectDir);
        if (run.error.isEmpty())
            return run;
    }
    return std::nullopt;
}

bool RunStore::saveCacheRead(StoredRun &run, const QByteArray &manifest, const QByteArray &config,
                             QString *error)
{
    const QDir folder(QDir(projectFolder(run.projectDir)).filePath(run.id));
    if (run.id.isEmpty() || !folder.exists(kMetadata)) {
        if (error)
            *error = QStringLiteral("run %1 is not in the store").arg(run.id);
        return false;
    }
    if (!writeAtomically(folder.filePath(kCacheManifest), manifest, error)
        || !writeAtomically(folder.filePath(kCacheConfig), config, error))
        return false;
    run.cacheManifestFile = folder.filePath(kCacheManifest);
    run.cacheConfigFile = folder.filePath(kCacheConfig);
    return true;
}

bool RunStore::saveCacheDebug(StoredRun &run, const QByteArray &store, QString *error)
{
    const QDir folder(QDir(projectFolder(run.projectDir)).filePath(run.id));
    if (run.id.isEmpty() || !folder.exists(kMetadata)) {
        if (error)
            *error = QStringLiteral("run %1 is not in the store").arg(run.id);
        return false;
    }
    if (!writeAtomically(folder.filePath(kCacheDebug), store, error))
        return false;
    run.cacheDebugFile = folder.filePath(kCacheDebug);
    return true;
}

QString RunStore::logPath(const StoredRun &run) const
{
    return QDir(QDir(projectFolder(run.projectDir)).filePath(run.id)).filePath(kLog);
}

bool RunStore::remove(const StoredRun &run, QString *error)
{
    QDir folder(QDir(projectFolder(run.projectDir)).filePath(run.id));
    if (run.id.isEmpty() || !folder.exists() || !folder.removeRecursively()) {
        if (error)
            *error = QStringLiteral("cannot remove run %1").arg(run.id);
        return false;
    }
    return true;
}

} // namespace Cachelab
