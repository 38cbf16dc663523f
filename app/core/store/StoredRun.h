// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/history/HistoryRecord.h"
#include "core/project/ContextSnapshot.h"
#include "core/runner/RunResult.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Cachelab {

// A run as Cachelab keeps it on disk: the raw log (secrets masked) and what is needed to
// show and explain it again. The parsed run is derived from the log when loaded.
struct StoredRun
{
    enum class Origin
    {
        Script,
        Imported,
        Demo,
        BuilderHistory // a build a buildx builder remembers, or one of a .dockerbuild file
    };

    QString id; // e.g. "20261129-072959-3f2a": sorts by start time
    Origin origin = Origin::Script;
    QString projectDir;
    QString dockerfile; // path of the Dockerfile the run built, if known
    QString script; // the script's path (Origin::Script)
    QString label; // what the user sees: "build.sh", or the imported log's file name
    QString commandLine;
    QStringList environment; // NAME=value, secrets masked
    QStringList changedFiles; // context files changed since the project's previous run
    ContextSnapshot context; // the context at the start of the run
    RunResult result;
    QByteArray log;
    // Where the log is when it has not been read yet (a run as RunStore::list() gives it:
    // RunListModel reads it when it loads the run); empty when `log` is all there is.
    QString logFile;
    // The run's cache as read back from its registry after it (manifest and cacheconfig),
    // when it was: files beside the run in the store or in a bundle; empty paths otherwise.
    QString cacheManifestFile;
    QString cacheConfigFile;
    // The lab builder's cache debug store as read right after the run (cache-debug.json;
    // docs/cache-debug.md), when it ran through that builder; empty otherwise.
    QString cacheDebugFile;

    // Origin::BuilderHistory: the builder's record (build arguments, target, context, cache
    // imports), secret values masked.
    std::optional<HistoryRecord> history;

    QString error; // set when the stored run could not be read; the rest may be partial

    static QString originName(Origin origin); // "script", "imported", "demo", "builder-history"
    static Origin originFromName(const QString &name); // an unknown name: Script
    QJsonObject metadataJson() const; // everything but the log
    // Fills the metadata from JSON; false (and error set) when required fields are missing.
    bool readMetadata(const QJsonObject &object);
};

} // namespace Cachelab
