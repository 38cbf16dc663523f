// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/CacheManifest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Cachelab {

namespace {

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

bool isIndexType(const QString &type)
{
    return type == QLatin1String("application/vnd.oci.image.index.v1+json")
        || type == QLatin1String("application/vnd.docker.distribution.manifest.list.v2+json");
}

} // namespace

std::optional<CacheManifest> CacheManifest::parse(const QByteArray &json,
                                                  const QString &contentType, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (!document.isObject()) {
        fail(error,
             QStringLiteral("the manifest is not a JSON object (%1)")
                 .arg(parseError.error == QJsonParseError::NoError ? QStringLiteral("not an object")
                                                                   : parseError.errorString()));
        return std::nullopt;
    }
    const QJsonObject object = document.object();
    CacheManifest manifest;
    manifest.m_mediaType = object.value(QLatin1String("mediaType")).toString(contentType);
    const int schemaVersion = object.value(QLatin1String("schemaVersion")).toInt();
    if (schemaVersion != 2) {
        fail(error,
             QStringLiteral(
                 "manifest schemaVersion %1 (only 2 is a cache or an OCI/Docker v2 image)")
                 .arg(schemaVersion));
        return std::nullopt;
    }
    const bool hasManifests = object.contains(QLatin1String("manifests"));
    if (hasManifests || isIndexType(manifest.m_mediaType)) {
        const QJsonArray entries = object.value(QLatin1String("manifests")).toArray();
        QList<ManifestDescriptor> configs;
        for (const QJsonValue &value : entries) {
            const ManifestDescriptor descriptor = ManifestDescriptor::fromJson(value.toObject());
            if (descriptor.digest.isEmpty()) {
                fail(error, QStringLiteral("an index entry without a digest"));
                return std::nullopt;
            }
            if (descriptor.mediaType == cacheConfigMediaType())
                configs.append(descriptor);
            else
                manifest.m_manifests.append(descriptor);
        }
        if (configs.size() > 1) {
            fail(error, QStringLiteral("%1 cacheconfig entries in one index").arg(configs.size()));
            return std::nullopt;
        }
        if (configs.size() == 1) {
            manifest.m_form = Form::CacheIndex;
            manifest.m_config = configs.first();
            manifest.m_layers = manifest.m_manifests;
            manifest.m_manifests.clear();
        } else {
            manifest.m_form = Form::ImageIndex;
            if (manifest.m_manifests.isEmpty()) {
                fail(error, QStringLiteral("an empty index: no cacheconfig and no image"));
                return std::nullopt;
            }
        }
        return manifest;
    }
    const QJsonObject config = object.value(QLatin1String("config")).toObject();
    if (config.isEmpty()) {
        fail(error, QStringLiteral("a manifest without config and without manifests[]"));
        return std::nullopt;
    }
    manifest.m_config = ManifestDescriptor::fromJson(config);
    if (manifest.m_config.digest.isEmpty()) {
        fail(error, QStringLiteral("the manifest's config has no digest"));
        return std::nullopt;
    }
    const QJsonArray layers = object.value(QLatin1String("layers")).toArray();
    for (const QJsonValue &value : layers)
        manifest.m_layers.append(ManifestDescriptor::fromJson(value.toObject()));
    manifest.m_form = manifest.m_config.mediaType == cacheConfigMediaType()
        ? Form::CacheImageManifest
        : Form::Image;
    return manifest;
}

QString CacheManifest::formName() const
{
    switch (m_form) {
    case Form::CacheIndex:
        return QStringLiteral("index");
    case Form::CacheImageManifest:
        return QStringLiteral("image-manifest");
    case Form::Image:
        return QStringLiteral("image");
    case Form::ImageIndex:
        return QStringLiteral("image-index");
    }
    return {};
}

std::optional<ManifestDescriptor> CacheManifest::imageFor(const QString &preferredPlatform) const
{
    for (const ManifestDescriptor &entry : m_manifests) {
        if (entry.platform == preferredPlatform)
            return entry;
    }
    for (const ManifestDescriptor &entry : m_manifests) {
        if (entry.platform != QLatin1String("unknown/unknown")
            && entry.annotations.value(QStringLiteral("vnd.docker.reference.type"))
                != QLatin1String("attestation-manifest"))
            return entry;
    }
    return std::nullopt;
}

} // namespace Cachelab
