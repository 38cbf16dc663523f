// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/progress/BuildVertex.h"
#include "core/progress/CacheExport.h"

#include <optional>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace Cachelab {

// One build as BuildKit reported it: the vertices in order of first appearance and the
// client's closing lines. What the run imported and exported is derived from the
// vertices on request, so there is a single source of truth.
struct BuildRun
{
    enum class Format
    {
        Plain,
        RawJson
    };

    QString source; // the log's path or a description
    Format format = Format::Plain;
    QString wrapper; // what a CI system wrapped the log in (LogWrapper::description()); empty: none
    QList<BuildVertex> vertices;
    QStringList
        errors; // the client's final error lines ("error: …", "ERROR: …", docker's bare message)
    QStringList errorBlocks; // " > name:" lines of the end-of-stream error blocks
    QString builder; // buildx: "building with "x" instance using docker-container driver"
    QStringList otherLines; // lines of no known kind (docker push output, notes): kept, not fatal
    std::optional<int> exitStatus; // known when Cachelab ran the build itself
    // The line of the log (from 1) where this build's progress begins: a CI job's log may
    // hold several builds, and each is kept as its own run from here on.
    qint64 firstLine = 1;

    const BuildVertex *vertexById(int id) const;
    QList<const BuildVertex *> stepVertices() const; // vertices whose name is a Dockerfile step

    QStringList cacheImports() const; // refs of "importing cache manifest from <ref>"
    CacheExport cacheExport() const;
    QStringList pushedImages() const; // "pushing manifest for <ref>", "naming to <ref>" with push
    QStringList imageNames() const; // "naming to <ref>" (tagged or pushed), then pushedImages()
    bool
    failed() const; // an error line, or a vertex that ended in ERROR (other than a cache import)

    static QString formatName(Format format); // "plain", "rawjson"
    // withVertices false: without "vertices" (AnalysisReport streams them one by one).
    QJsonObject toJson(bool withVertices = true) const;
    static QJsonObject vertexJson(const BuildVertex &vertex);
};

} // namespace Cachelab
