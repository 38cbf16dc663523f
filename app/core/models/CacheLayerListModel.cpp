// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/CacheLayerListModel.h"

#include "core/progress/BuildRun.h"

namespace Cachelab {

CacheLayerListModel::CacheLayerListModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

QMap<QString, double> CacheLayerListModel::writeSeconds(const BuildRun &run)
{
    QMap<QString, double> seconds;
    const CacheExport exported = run.cacheExport();
    if (const BuildVertex *vertex = run.vertexById(exported.vertexId)) {
        for (const StatusLine &status : vertex->statuses()) {
            if (status.id.startsWith(QLatin1String("writing ")) && status.seconds >= 0)
                seconds.insert(status.digest(), status.seconds);
        }
    }
    return seconds;
}

void CacheLayerListModel::setExports(const CacheExport &exported,
                                     const QMap<QString, double> &secondsByDigest,
                                     const CacheExport &other)
{
    beginResetModel();
    m_rows.clear();
    m_export = exported;
    m_layerCount = int(exported.layers.size());
    m_commonCount = 0;
    const QSet<QString> otherLayers(other.layers.cbegin(), other.layers.cend());
    for (const QString &layer : exported.layers) {
        const bool common = otherLayers.contains(layer);
        m_commonCount += common ? 1 : 0;
        m_rows.append({ Kind::Layer, layer, secondsByDigest.value(layer, -1), common });
    }
    if (!exported.config.isEmpty())
        m_rows.append({ Kind::Config, exported.config, secondsByDigest.value(exported.config, -1),
                        exported.config == other.config });
    if (!exported.manifest.isEmpty())
        m_rows.append({ Kind::Manifest, exported.manifest,
                        secondsByDigest.value(exported.manifest, -1),
                        exported.manifest == other.manifest });
    endResetModel();
}

QString CacheLayerListModel::title(const QString &runLabel) const
{
    switch (m_export.exporter) {
    case CacheExport::Exporter::None:
        return tr("%1 — no cache exported").arg(runLabel);
    case CacheExport::Exporter::Inline:
        return tr("%1 — inline cache (in the image, min mode)").arg(runLabel);
    case CacheExport::Exporter::Registry:
        break;
    }
    return tr("%1 — registry, %n layer(s)", nullptr, m_layerCount).arg(runLabel)
        + tr(" (%n in common)", nullptr, m_commonCount);
}

int CacheLayerListModel::rowOfDigest(const QString &digest) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).digest == digest)
            return row;
    }
    return -1;
}

int CacheLayerListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant CacheLayerListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole: {
        const QString kind = row.kind == Kind::Layer ? tr("layer")
            : row.kind == Kind::Config               ? tr("config")
                                                     : tr("manifest");
        const QString time
            = row.seconds >= 0 ? QStringLiteral("  %1 s").arg(row.seconds, 0, 'f', 1) : QString();
        // "sha256:" and 12 hex digits are enough to tell layers apart at a glance.
        return QStringLiteral("%1 %2 %3%4")
            .arg(row.common ? QStringLiteral("=") : QStringLiteral("+"), kind, row.digest.left(19),
                 time);
    }
    case Qt::ToolTipRole:
        return tr("%1\n%2").arg(row.digest,
                                row.common ? tr("also written by the other run")
                                           : tr("only this run wrote it"));
    case DigestRole:
        return row.digest;
    case CommonRole:
        return row.common;
    case KindRole:
        return int(row.kind);
    default:
        return {};
    }
}

} // namespace Cachelab
