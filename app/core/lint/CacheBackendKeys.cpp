// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lint/CacheBackendKeys.h"

namespace Cachelab {

namespace {

QStringList words(const char *spaceSeparated)
{
    return QString::fromLatin1(spaceSeparated).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

// Every remote cache export (not inline) reads these: cache/remotecache's compression
// attributes, `ignore-error` (solver) and `mode` (control: min unless exactly "max").
QStringList commonExportKeys()
{
    return words("mode ignore-error compression compression-level force-compression");
}

} // namespace

QStringList CacheBackendKeys::types(Direction direction)
{
    if (direction == Direction::Export)
        return words("registry local inline gha s3 azblob");
    return words("registry local gha s3 azblob");
}

bool CacheBackendKeys::isKnownType(const QString &type, Direction direction)
{
    return types(direction).contains(type);
}

QStringList CacheBackendKeys::keys(const QString &type, Direction direction)
{
    const bool exporting = direction == Direction::Export;
    if (!isKnownType(type, direction))
        return {};
    if (type == QLatin1String("inline"))
        return {}; // the inline exporter reads nothing: it is always min mode
    if (type == QLatin1String("registry"))
        return exporting
            ? words("ref oci-mediatypes image-manifest registry.insecure") + commonExportKeys()
            : words("ref registry.insecure");
    if (type == QLatin1String("local"))
        return exporting ? words("dest tag oci-mediatypes image-manifest") + commonExportKeys()
                         : words("src digest tag");
    if (type == QLatin1String("gha")) {
        const QStringList shared
            = words("url url_v2 token scope timeout version repository ghtoken");
        return exporting ? shared + commonExportKeys() : shared;
    }
    const QStringList bucket = words("name prefix blobs_prefix manifests_prefix secret_access_key");
    if (type == QLatin1String("s3")) {
        const QStringList shared = bucket
            + words("region bucket endpoint_url use_path_style access_key_id session_token");
        return exporting ? shared + words("upload_parallelism touch_refresh") + commonExportKeys()
                         : shared;
    }
    // azblob
    const QStringList shared = bucket + words("account_url");
    return exporting ? shared + words("upload_parallelism") + commonExportKeys() : shared;
}

bool CacheBackendKeys::isKnownKey(const QString &type, Direction direction, const QString &key)
{
    return key == QLatin1String("type") || keys(type, direction).contains(key);
}

QStringList CacheBackendKeys::imageOutputKeys()
{
    return words("type name push push-by-digest insecure registry.insecure dangling-name-prefix "
                 "name-canonical compression compression-level force-compression oci-mediatypes "
                 "oci-artifact unpack store buildinfo buildinfo-attrs rewrite-timestamp "
                 "source-date-epoch annotation");
}

} // namespace Cachelab
