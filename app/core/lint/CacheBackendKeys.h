// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace Cachelab {

// The cache backends BuildKit knows and the keys each reads, for an export (--export-cache,
// --cache-to) and for an import (--import-cache, --cache-from). BuildKit passes every key
// to the backend, and a backend silently ignores the keys it does not read: that is how
// `mod=max` ends up as a min-mode export. Keys are lower case (buildx and buildctl lower
// them before passing them on).
//
// Sources: BuildKit's README ("Export cache": inline, registry, local, gha, s3, azblob),
// the Docker docs' cache backend pages (docs.docker.com/build/cache/backends/: registry,
// local, gha, s3, azblob parameter tables) and BuildKit's cache/remotecache/registry
// exporter, which reads `ref` and `oci-mediatypes` (plus the compression keys every remote
// cache shares) and has no `push` key: it always pushes to `ref`.
namespace CacheBackendKeys {

enum class Direction
{
    Export,
    Import
};

QStringList types(Direction direction); // registry, local, inline (export), gha, s3, azblob
bool isKnownType(const QString &type, Direction direction);
// The keys the backend reads (without `type`); empty for an unknown type.
QStringList keys(const QString &type, Direction direction);
bool isKnownKey(const QString &type, Direction direction, const QString &key);

// Keys of the image outputs (`--output type=image|registry,...`) that matter to a cache:
// `push` most of all, for the inline cache travels in the pushed image.
QStringList imageOutputKeys();

} // namespace CacheBackendKeys

} // namespace Cachelab
