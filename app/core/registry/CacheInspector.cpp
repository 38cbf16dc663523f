// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/CacheInspector.h"

#include "core/registry/ImageHistory.h"
#include "core/registry/RegistryClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Cachelab {

namespace {

// The image config key BuildKit writes an inline cache under.
constexpr auto inlineCacheKey = "moby.buildkit.cache.v0";

} // namespace

CacheInspector::CacheInspector(RegistryClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{ }

void CacheInspector::inspect(Callback done)
{
    m_done = std::move(done);
    readManifest(m_client->ref().manifestReference(), 0);
}

void CacheInspector::fail(RegistryError::Kind kind, const QString &message)
{
    RegistryError error;
    error.kind = kind;
    error.message = m_client->redact(message);
    m_done(CacheInspection(), error);
}

void CacheInspector::finish()
{
    m_inspection.setTransport(m_client->usesPlainHttp() ? QStringLiteral("plain HTTP")
                                                        : QStringLiteral("HTTPS"));
    if (m_imageClient && m_inspection.form() != QLatin1String("inline")) {
        readImage(m_imageClient->ref().manifestReference(), 0);
        return;
    }
    m_done(m_inspection, RegistryError());
}

void CacheInspector::readImage(const QString &reference, int depth)
{
    m_imageClient->getManifest(reference, [this, depth](const RegistryResult &result) {
        if (!result.ok()) {
            m_done(CacheInspection(), result.error);
            return;
        }
        const QString what = m_imageClient->ref().toString();
        QString error;
        const auto manifest
            = CacheManifest::parse(result.response.body, result.response.contentType, &error);
        if (!manifest) {
            fail(RegistryError::Kind::BadJson, QStringLiteral("image %1: %2").arg(what, error));
            return;
        }
        if (manifest->form() == CacheManifest::Form::ImageIndex && depth == 0) {
            const auto image = manifest->imageFor(QStringLiteral("linux/amd64"));
            if (image) {
                readImage(image->digest, depth + 1);
                return;
            }
        }
        if (manifest->form() != CacheManifest::Form::Image) {
            fail(RegistryError::Kind::Unsupported,
                 QStringLiteral("image %1 is a %2, not an image").arg(what, manifest->formName()));
            return;
        }
        QStringList blobs;
        const QList<ManifestDescriptor> layers = manifest->layers();
        for (const ManifestDescriptor &layer : layers)
            blobs.append(layer.digest);
        m_imageClient->getBlob(
            manifest->config().digest, [this, what, blobs](const RegistryResult &config) {
                if (!config.ok()) {
                    m_done(CacheInspection(), config.error);
                    return;
                }
                QString error;
                const auto history = ImageHistory::fromConfig(config.response.body, &error);
                if (!history) {
                    fail(RegistryError::Kind::BadJson,
                         QStringLiteral("image %1: %2").arg(what, error));
                    return;
                }
                m_inspection.nameLayersFromImage(what, blobs, *history);
                m_done(m_inspection, RegistryError());
            });
    });
}

void CacheInspector::readManifest(const QString &reference, int depth)
{
    m_client->getManifest(reference, [this, depth](const RegistryResult &result) {
        if (!result.ok()) {
            m_done(CacheInspection(), result.error);
            return;
        }
        QString error;
        const auto manifest
            = CacheManifest::parse(result.response.body, result.response.contentType, &error);
        const QString what = m_client->ref().toString();
        if (!manifest) {
            fail(RegistryError::Kind::BadJson, QStringLiteral("%1: %2").arg(what, error));
            return;
        }
        switch (manifest->form()) {
        case CacheManifest::Form::CacheIndex:
        case CacheManifest::Form::CacheImageManifest:
            m_manifestBytes = result.response.body;
            readCacheConfig(*manifest, result.response.digest);
            return;
        case CacheManifest::Form::Image:
            readInlineCache(*manifest, result.response.digest);
            return;
        case CacheManifest::Form::ImageIndex: {
            const auto image = manifest->imageFor(QStringLiteral("linux/amd64"));
            if (!image || depth > 0) {
                fail(RegistryError::Kind::Unsupported,
                     QStringLiteral("%1: an index without a cacheconfig and without an image")
                         .arg(what));
                return;
            }
            readManifest(image->digest, depth + 1);
            return;
        }
        }
    });
}

void CacheInspector::readCacheConfig(const CacheManifest &manifest, const QString &manifestDigest)
{
    m_client->getBlob(manifest.config().digest,
                      [this, manifest, manifestDigest](const RegistryResult &result) {
                          if (!result.ok()) {
                              m_done(CacheInspection(), result.error);
                              return;
                          }
                          QString error;
                          const auto config = CacheConfig::parse(result.response.body, &error);
                          if (!config) {
                              fail(RegistryError::Kind::BadJson,
                                   QStringLiteral("%1: %2").arg(m_client->ref().toString(), error));
                              return;
                          }
                          m_inspection = CacheInspection::fromCache(
                              m_client->ref().toString(), manifest, manifestDigest, *config);
                          m_inspection.setBytes(m_manifestBytes, result.response.body);
                          finish();
                      });
}

void CacheInspector::readInlineCache(const CacheManifest &manifest, const QString &manifestDigest)
{
    m_client->getBlob(
        manifest.config().digest, [this, manifest, manifestDigest](const RegistryResult &result) {
            if (!result.ok()) {
                m_done(CacheInspection(), result.error);
                return;
            }
            const QString what = m_client->ref().toString();
            const QJsonDocument document = QJsonDocument::fromJson(result.response.body);
            if (!document.isObject()) {
                fail(RegistryError::Kind::BadJson,
                     QStringLiteral("%1: the image config is not a JSON object").arg(what));
                return;
            }
            const QJsonValue value = document.object().value(QLatin1String(inlineCacheKey));
            if (!value.isString()) {
                fail(RegistryError::Kind::Unsupported,
                     QStringLiteral(
                         "%1 is an image (%2) without an inline cache: no %3 in its config "
                         "(built without BUILDKIT_INLINE_CACHE=1 or --cache-to type=inline), "
                         "and not a cache manifest")
                         .arg(what, manifest.mediaType(), QLatin1String(inlineCacheKey)));
                return;
            }
            const auto decoded = QByteArray::fromBase64Encoding(value.toString().toLatin1());
            if (!decoded) {
                fail(RegistryError::Kind::BadJson,
                     QStringLiteral("%1: %2 is not base64")
                         .arg(what, QLatin1String(inlineCacheKey)));
                return;
            }
            QStringList layers;
            const QList<ManifestDescriptor> descriptors = manifest.layers();
            for (const ManifestDescriptor &descriptor : descriptors)
                layers.append(descriptor.digest);
            QString error;
            const auto config = CacheConfig::parseInline(decoded.decoded, layers, &error);
            if (!config) {
                fail(RegistryError::Kind::BadJson, QStringLiteral("%1: %2").arg(what, error));
                return;
            }
            m_inspection = CacheInspection::fromInline(what, manifest, manifestDigest, *config);
            // The image is its own record of which step made which layer.
            const auto history = ImageHistory::fromConfig(result.response.body);
            if (history)
                m_inspection.nameLayersFromImage(what, layers, *history);
            finish();
        });
}

} // namespace Cachelab
