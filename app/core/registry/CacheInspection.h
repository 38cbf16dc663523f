// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/registry/CacheConfig.h"
#include "core/registry/CacheManifest.h"
#include "core/registry/CacheModeGuess.h"
#include "core/registry/ImageHistory.h"

#include <optional>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

namespace Cachelab {

// What a registry cache holds, for people (toText) and scripts (toJson): where it was read
// from and in which form, its layers (with the manifest's size, media type and annotations),
// its records with their inputs and result chains, and the export mode the evidence points to.
class CacheInspection
{
public:
    struct Layer
    {
        QString digest;
        qint64 size = -1;
        QString mediaType;
        int parent = -1;
        QMap<QString, QString> annotations; // buildkit/createdat, containerd.io/uncompressed, …
        int imageLayer = -1; // index in the image named by nameLayersFromImage(), -1 if not in it
        QString createdBy; // that image's history entry for it: the Dockerfile step
    };
    struct Record
    {
        QString digest;
        bool source = false; // no inputs: a base image, the context, a local source
        bool final = false; // the final result (nothing links to it)
        QList<QList<CacheConfig::Input>> inputs;
        QList<QList<int>> resultChains; // base first; empty: a key only
        QList<QString> createdAt;
        QString step; // createdBy of the top layer of its first result, when known
    };

    // A cacheconfig read through a cache manifest (index or image-manifest form).
    static CacheInspection fromCache(const QString &ref, const CacheManifest &manifest,
                                     const QString &manifestDigest, const CacheConfig &config);
    // An inline cache read from an image's config.
    static CacheInspection fromInline(const QString &ref, const CacheManifest &imageManifest,
                                      const QString &manifestDigest, const CacheConfig &config);
    // A cache read back earlier and kept (a run's cache-manifest.json and cacheconfig.json,
    // in the run store or a bundle): nullopt and *error when they do not parse.
    static std::optional<CacheInspection> fromFiles(const QString &ref, const QByteArray &manifest,
                                                    const QByteArray &config, QString *error);

    // The bytes as the registry sent them (cache forms only; empty for an inline cache), so
    // that a run can keep what its cache looked like.
    QByteArray manifestBytes() const { return m_manifestBytes; }
    QByteArray configBytes() const { return m_configBytes; }
    void setBytes(const QByteArray &manifest, const QByteArray &config)
    {
        m_manifestBytes = manifest;
        m_configBytes = config;
    }

    QString ref() const { return m_ref; }
    // index, image-manifest or inline.
    QString form() const { return m_form; }
    QString manifestMediaType() const { return m_manifestMediaType; }
    QString manifestDigest() const { return m_manifestDigest; }
    QString configDigest() const { return m_configDigest; }
    QString transport() const { return m_transport; }
    void setTransport(const QString &transport) { m_transport = transport; }

    QList<Layer> layers() const { return m_layers; }
    QList<Record> records() const { return m_records; }
    CacheModeGuess modeGuess() const { return m_guess; }
    int recordsWithResults() const;

    // Names layers and records after Dockerfile steps where an image's layers allow it: a
    // cache layer that is image layer i (same blob, or the same uncompressed digest as
    // rootfs.diff_ids[i]) was made by the image's i-th history entry. Returns how many
    // layers were matched. `imageLayerBlobs`: the image manifest's layer digests, in order.
    int nameLayersFromImage(const QString &imageRef, const QStringList &imageLayerBlobs,
                            const ImageHistory &history);
    QString imageRef() const { return m_imageRef; }

    QJsonObject toJson() const;
    QString toText() const;

private:
    QByteArray m_manifestBytes;
    QByteArray m_configBytes;
    static CacheInspection build(const QString &ref, const CacheManifest &manifest,
                                 const QString &manifestDigest, const CacheConfig &config);

    QString m_ref;
    QString m_form;
    QString m_manifestMediaType;
    QString m_manifestDigest;
    QString m_configDigest;
    QString m_transport;
    QString m_imageRef;
    QList<Layer> m_layers;
    QList<Record> m_records;
    CacheModeGuess m_guess;
};

} // namespace Cachelab
