// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>

namespace Cachelab {

// An OCI / Docker content descriptor: what a manifest says about a blob or another manifest.
struct ManifestDescriptor
{
    QString mediaType;
    QString digest;
    qint64 size = -1;
    QMap<QString, QString> annotations;
    QString platform; // os/architecture[/variant] of an index entry, empty if none

    static ManifestDescriptor fromJson(const QJsonObject &object)
    {
        ManifestDescriptor descriptor;
        descriptor.mediaType = object.value(QLatin1String("mediaType")).toString();
        descriptor.digest = object.value(QLatin1String("digest")).toString();
        // A size no int64 holds (a damaged or hostile manifest) is no size: converting it
        // would be undefined behaviour (found by fuzz_registry).
        const double size = object.value(QLatin1String("size")).toDouble(-1);
        descriptor.size = size >= 0 && size <= 9.2e18 ? qint64(size) : -1;
        const QJsonObject annotations = object.value(QLatin1String("annotations")).toObject();
        for (auto it = annotations.begin(); it != annotations.end(); ++it)
            descriptor.annotations.insert(it.key(), it.value().toString());
        const QJsonObject platform = object.value(QLatin1String("platform")).toObject();
        if (!platform.isEmpty()) {
            descriptor.platform = platform.value(QLatin1String("os")).toString() + QLatin1Char('/')
                + platform.value(QLatin1String("architecture")).toString();
            const QString variant = platform.value(QLatin1String("variant")).toString();
            if (!variant.isEmpty())
                descriptor.platform += QLatin1Char('/') + variant;
        }
        return descriptor;
    }
};

} // namespace Cachelab
