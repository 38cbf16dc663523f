// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/history/HistoryRecord.h"
#include "core/lint/LintFinding.h"

#include <optional>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace Cachelab {

// The manifest of a `.cachelab` bundle (`manifest.json` at the archive's root): what the
// bundle holds and how its members relate. The format is documented in
// docs/bundle-format.md; every path in it is relative to the archive's root.
struct BundleManifest
{
    // The version this Cachelab writes and the newest it reads. A bundle of a newer
    // version is refused with a message saying so, never half read.
    static constexpr int FormatVersion = 1;
    static QString formatName() { return QStringLiteral("cachelab-bundle"); }

    struct ChangedFile
    {
        QString path; // relative to the build context
        QString sha256; // of the content at the run's start; empty when the file was removed
    };

    struct Run
    {
        QString id; // [A-Za-z0-9._-]+, unique in the bundle
        QString label;
        QString origin; // StoredRun::originName(): "script", "imported", "demo", "builder-history"
        std::optional<HistoryRecord> history; // "builder-history": the builder's record
        QString script; // member path of the script that made the run; may be empty
        QString dockerfile; // member path of the Dockerfile it built
        QString log; // member path of the raw log (plain or rawjson)
        QString logFormat; // "plain" or "rawjson", as sniffed when written
        QString previous; // id of the run whose cache this one should have used; may be empty
        QString commandLine;
        QStringList environment; // NAME=value, secrets masked
        QString ending; // RunResult::endingName()
        int exitCode = -1;
        QString message;
        QDateTime started;
        QDateTime finished;
        QList<ChangedFile> changedFiles;
        QString cacheManifest; // member path of the cache manifest read back; may be empty
        QString cacheConfig; // member path of the cacheconfig read back; may be empty
        QString cacheDebug; // member path of the builder's cache debug store after the run; may be empty
    };

    int formatVersion = FormatVersion;
    QString title; // what the window's title says
    QString createdBy; // "cachelab 0.1.0"
    QDateTime created;
    QString projectName;
    QString dockerfile; // member path of the project's Dockerfile
    QStringList projectFiles; // member paths under project/: Dockerfile, scripts, .dockerignore
    QList<Run> runs; // oldest first
    QStringList selection; // run ids to show when the bundle opens (one, or a pair to compare)
    QList<LintFinding> findings; // the cache flag lint of the scripts, when the bundle was made

    // Every member the manifest names (the manifest itself excluded).
    QStringList members() const;
    const Run *run(const QString &id) const;

    QJsonObject toJson() const;
    // nullopt and *error (one sentence) when the JSON is not a manifest this version
    // reads: another format, a newer version, a missing field, a bad id or path.
    static std::optional<BundleManifest> fromJson(const QJsonObject &object, QString *error);

    // A member path that stays inside the bundle: relative, no `..`, no empty or `.`
    // component, no backslash, not too long.
    static bool isSafeMemberPath(const QString &path);
    static bool isSafeRunId(const QString &id);
};

} // namespace Cachelab
