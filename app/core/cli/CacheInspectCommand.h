// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class QTextStream;

namespace Cachelab {

// `cachelab cache inspect REF [--image IMAGE] [--insecure] [--format text|json] [--timeout S]`:
// reads a BuildKit registry cache (or an image's inline cache) through the registry HTTP API
// and prints its layers, records and the export mode the evidence points to; with --image
// (the image the build pushed), the layers and records on that image's chain are named after
// its Dockerfile steps. Credentials come
// from Docker's config.json and are never printed. Needs a running QCoreApplication; exit
// status 1 with one line on stderr when the cache cannot be read, 2 on a usage error.
class CacheInspectCommand
{
public:
    static int run(const QStringList &arguments, QTextStream &out, QTextStream &err);
};

} // namespace Cachelab
