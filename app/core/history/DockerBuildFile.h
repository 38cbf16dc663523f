// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/history/HistoryRecord.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace Cachelab {

// One build of a builder's history with its progress: read from a `.dockerbuild` file or
// imported from a builder through buildx.
struct HistoryBuild
{
    HistoryRecord record;
    QByteArray log; // `--progress=rawjson` lines (StatusBlob), empty when the record has none
};

// A `.dockerbuild` file (`docker buildx history export`, Docker Desktop's Builds view):
// a gzip-compressed OCI image layout whose index names one image manifest per build (an
// image index of them for several builds). Each manifest's config is the history record
// (application/vnd.buildkit.historyrecord.v0) and its layers hold the logs blob
// (StatusBlob), the trace (TraceSpans: the times of a step the logs leave without them)
// and the build's results, which are not read.
namespace DockerBuildFile {

// True when the file's name ends in .dockerbuild, or it starts with gzip's magic bytes and
// is not a Cachelab bundle (.cachelab): the callers then try read().
bool looksLike(const QString &path);

// The builds, in the file's order. nullopt and *error ("x.dockerbuild: …", one line) when
// the file is no such archive or a blob it names is missing or unreadable.
std::optional<QList<HistoryBuild>> read(const QString &path, QString *error);
std::optional<QList<HistoryBuild>> read(QByteArrayView archive, const QString &name,
                                        QString *error);

} // namespace DockerBuildFile

} // namespace Cachelab
