// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace Cachelab {

// What the "exporting cache" section of a run wrote.
struct CacheExport
{
    enum class Exporter
    {
        None, // the run exported no cache
        Registry, // --export-cache/--cache-to type=registry: a cache manifest of its own
        Inline, // BUILDKIT_INLINE_CACHE / type=inline: cache metadata in the image config
    };

    Exporter exporter = Exporter::None;
    int vertexId = 0;
    QString
        vertexName; // "exporting cache", "exporting content cache", "exporting cache to registry"
    QStringList layers; // every "writing layer sha256:…", first appearance order, no repeats
    QString config; // "writing config sha256:…"
    QString manifest; // "writing manifest sha256:…" / "writing cache manifest sha256:…"
    double seconds = -1;

    static QString exporterName(Exporter exporter); // "none", "registry", "inline"
};

} // namespace Cachelab
