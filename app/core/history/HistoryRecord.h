// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace Cachelab {

// One build a buildx builder remembers (`docker buildx history ls` / `inspect`), or the
// record inside a `.dockerbuild` file: what Cachelab lists and keeps with an imported run.
struct HistoryRecord
{
    enum class Status
    {
        Running,
        Completed,
        Failed,
        Canceled
    };

    QString ref; // "builder/node/id" as `history ls` prints it; the id alone in a file
    QString name; // buildx's build name: the context folder (and Dockerfile, target)
    Status status = Status::Completed;
    QDateTime createdAt;
    QDateTime completedAt; // invalid while running
    int totalSteps = 0;
    int completedSteps = 0;
    int cachedSteps = 0;
    // From `inspect` (or the file's record): empty when not asked for or not set.
    QString context;
    QString dockerfile;
    QString target;
    QStringList platforms;
    QList<QPair<QString, QString>> buildArgs; // name, value; in the builder's order
    QStringList cacheImports; // "type=registry,ref=…" as buildx would write the flag
    QStringList cacheExports; // only where the record says (a file's exporter response)
    QString error; // the build's error message when it failed

    QString id() const; // the last part of ref: the builder's own id of the build
    QString builder() const; // the first part of ref, when ref has three parts
    qint64 durationMs() const; // -1 while running
    bool isFinished() const { return status != Status::Running; }

    static QString statusName(Status status); // "running", "completed", "failed", "canceled"
    QJsonObject toJson() const;
    static HistoryRecord fromJson(const QJsonObject &object); // toJson()'s inverse
    // The same record with the values of build arguments whose names say they are secret
    // masked: what Cachelab shows and keeps.
    HistoryRecord redacted() const;

    // One line of `docker buildx history ls --format json`.
    static std::optional<HistoryRecord> fromListJson(const QJsonObject &object, QString *error);
    // Adds what `docker buildx history inspect --format json` says of the same record.
    void addInspectJson(const QJsonObject &object);
    // The record a `.dockerbuild` file holds (BuildKit's BuildHistoryRecord as buildx
    // writes it with Go's encoding/json: FrontendAttrs, CreatedAt {seconds, nanos}, …).
    static std::optional<HistoryRecord> fromExportedJson(const QJsonObject &object, QString *error);

    // FrontendAttrs (or inspect's attributes) "cache-imports": a JSON array of
    // {Type, Attrs}. As flags: "type=registry,ref=…".
    static QStringList cacheImportFlags(const QString &json);
};

} // namespace Cachelab
