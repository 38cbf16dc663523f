// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/registry/CacheConfig.h"
#include "core/registry/CacheManifest.h"
#include "core/registry/CacheModeGuess.h"

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
    };
    struct Record
    {
        QString digest;
        bool source = false; // no inputs: a base image, the context, a local source
        bool final = false; // the final result (nothing links to it)
        QList<QList<CacheConfig::Input>> inputs;
        QList<QList<int>> resultChains; // base first; empty: a key only
        QList<QString> createdAt;
    };

    // A cacheconfig read through a cache manifest (index or image-manifest form).
    static CacheInspection fromCache(const QString &ref, const CacheManifest &manifest,
                                     const QString &manifestDigest, const CacheConfig &config);
    // An inline cache read from an image's config.
    static CacheInspection fromInline(const QString &ref, const CacheManifest &imageManifest,
                                      const QString &manifestDigest, const CacheConfig &config);

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

    QJsonObject toJson() const;
    QString toText() const;

private:
    static CacheInspection build(const QString &ref, const CacheManifest &manifest,
                                 const QString &manifestDigest, const CacheConfig &config);

    QString m_ref;
    QString m_form;
    QString m_manifestMediaType;
    QString m_manifestDigest;
    QString m_configDigest;
    QString m_transport;
    QList<Layer> m_layers;
    QList<Record> m_records;
    CacheModeGuess m_guess;
};

} // namespace Cachelab
