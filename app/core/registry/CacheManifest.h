// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/registry/ManifestDescriptor.h"

#include <optional>
#include <QByteArray>
#include <QList>
#include <QString>

namespace Cachelab {

// A manifest read from a cache or image ref, sorted into what Cachelab does with it:
// - CacheIndex: an OCI index or Docker manifest list whose entries are the layer blobs and one
//   `application/vnd.buildkit.cacheconfig.v0` config (BuildKit up to v0.20; a manifest list in
//   v0.7);
// - CacheImageManifest: an image manifest whose config is the cacheconfig (v0.12+ with
//   image-manifest=true, the default from v0.21);
// - Image: an ordinary image manifest; its config may carry an inline cache;
// - ImageIndex: a multi-platform image; one of its manifests is read next.
class CacheManifest
{
public:
    enum class Form
    {
        CacheIndex,
        CacheImageManifest,
        Image,
        ImageIndex
    };

    static QString cacheConfigMediaType()
    {
        return QStringLiteral("application/vnd.buildkit.cacheconfig.v0");
    }
    // `contentType`: the response's, used when the JSON has no mediaType (Docker v2 has one,
    // OCI's is optional).
    static std::optional<CacheManifest> parse(const QByteArray &json, const QString &contentType,
                                              QString *error);

    Form form() const { return m_form; }
    QString formName() const;
    QString mediaType() const { return m_mediaType; }
    // The cacheconfig (cache forms) or the image config (Image).
    ManifestDescriptor config() const { return m_config; }
    // The layer blobs, in manifest order.
    QList<ManifestDescriptor> layers() const { return m_layers; }
    // ImageIndex: the entry to read for an image: `preferredPlatform` if there, else the first
    // that is not an attestation (platform unknown/unknown).
    std::optional<ManifestDescriptor> imageFor(const QString &preferredPlatform) const;

private:
    Form m_form = Form::Image;
    QString m_mediaType;
    ManifestDescriptor m_config;
    QList<ManifestDescriptor> m_layers;
    QList<ManifestDescriptor> m_manifests;
};

} // namespace Cachelab
