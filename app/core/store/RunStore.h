// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/store/StoredRun.h"

#include <optional>
#include <QList>
#include <QString>

class QDir;

namespace Cachelab {

// Runs on disk, one folder per run under <root>/<project key>/<run id>/ holding
// `run.json` (metadata) and `build.log` (the raw log). Every file is written with
// QSaveFile, so a crash never leaves a half-written run; a run that cannot be read is
// listed with its error, and the others still load.
class RunStore
{
public:
    // root: e.g. QStandardPaths::AppDataLocation + "/runs"
    explicit RunStore(const QString &root);

    QString root() const { return m_root; }
    static QString defaultRoot();
    static QString newRunId(const QDateTime &started);

    // Writes the run (a new id when empty); false and *error on failure.
    bool save(StoredRun &run, QString *error = nullptr);
    // All runs of a project, oldest first, their metadata only: each log is left in its
    // file (StoredRun::logFile; readLog()), so that thousands of runs list in a moment.
    // Unreadable ones carry StoredRun::error.
    QList<StoredRun> list(const QString &projectDir) const;
    // The latest readable run of the project, for "changed since the previous run"
    // (metadata only, as list()).
    std::optional<StoredRun> latest(const QString &projectDir) const;
    // Reads a listed run's log into StoredRun::log; false and *error when it cannot.
    static bool readLog(StoredRun &run, QString *error = nullptr);
    bool remove(const StoredRun &run, QString *error = nullptr);
    // Where a stored run's raw log is (its folder's build.log).
    QString logPath(const StoredRun &run) const;
    // Keeps a cache read back from the registry with the run (cache-manifest.json and
    // cacheconfig.json beside its log), replacing an earlier one; sets the run's paths.
    bool saveCacheRead(StoredRun &run, const QByteArray &manifest, const QByteArray &config,
                       QString *error = nullptr);
    // Keeps the builder's cache debug store as read right after the run
    // (cache-debug.json beside its log; docs/cache-debug.md); sets the run's path.
    bool saveCacheDebug(StoredRun &run, const QByteArray &store, QString *error = nullptr);

private:
    QString projectFolder(const QString &projectDir) const;
    StoredRun read(const QDir &projectRoot, const QString &id, const QString &projectDir) const;
    QString m_root;
};

} // namespace Cachelab
