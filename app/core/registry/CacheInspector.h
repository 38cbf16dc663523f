// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/registry/CacheInspection.h"
#include "core/registry/ImageRef.h"
#include "core/registry/RegistryError.h"

#include <functional>
#include <QObject>

namespace Cachelab {

class RegistryClient;

// Reads a cache ref end to end: the manifest; for a cache (index or image-manifest form) its
// cacheconfig blob; for an image (or a multi-platform index, its linux/amd64 or first image)
// the image config and its inline cache. Answers once, through the callback.
class CacheInspector : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const CacheInspection &, const RegistryError &)>;

    // The client is used, not owned.
    CacheInspector(RegistryClient *client, QObject *parent = nullptr);

    // Also name the cache's layers and records after the Dockerfile steps of this image (the
    // one the build that wrote the cache pushed), from its config's history. An inline cache
    // is named from its own image without this. The client is used, not owned.
    void setImageClient(RegistryClient *imageClient) { m_imageClient = imageClient; }

    void inspect(Callback done);

private:
    void readManifest(const QString &reference, int depth);
    void readCacheConfig(const CacheManifest &manifest, const QString &manifestDigest);
    void readInlineCache(const CacheManifest &manifest, const QString &manifestDigest);
    void readImage(const QString &reference, int depth);
    void fail(RegistryError::Kind kind, const QString &message);
    void finish();

    RegistryClient *m_client;
    RegistryClient *m_imageClient = nullptr;
    Callback m_done;
    CacheInspection m_inspection;
    QByteArray m_manifestBytes; // of a cache manifest, until its cacheconfig is read
};

} // namespace Cachelab
