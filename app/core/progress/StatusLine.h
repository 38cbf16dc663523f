// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Cachelab {

// One status of a vertex: "writing layer sha256:… 2.1s done",
// "sha256:… 1.06MB / 1.06MB 0.0s done", "transferring context: 1.43kB done".
// Status ids are free text; what BuildKit appends is removed from the end: " done",
// " <float>s", and size tokens ("227B", "2.81MB", "/").
struct StatusLine
{
    QString id;
    QString current; // "1.06MB", empty when none
    QString total;
    double seconds = -1;
    bool done = false;

    bool isLayerDownload() const; // "sha256:<hex> <size> / <size>" (registry blob fetch)
    bool isExtract() const; // "extracting sha256:<hex>"
    // The blob or layer digest the id names ("writing layer sha256:x" -> "sha256:x").
    QString digest() const;

    static StatusLine parse(const QString &text);
};

} // namespace Cachelab
