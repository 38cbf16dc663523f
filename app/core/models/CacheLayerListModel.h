// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/progress/CacheExport.h"

#include <QAbstractListModel>
#include <QSet>

namespace Cachelab {

// One side of the "exported cache, side by side" view: every layer a run's cache export
// wrote (digest and time), then its config and manifest, each marked when the other
// run's export has it too.
class CacheLayerListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Roles
    {
        DigestRole = Qt::UserRole,
        CommonRole,
        KindRole
    };
    enum class Kind
    {
        Layer,
        Config,
        Manifest
    };

    explicit CacheLayerListModel(QObject *parent = nullptr);

    // `exported` is this side; `other` the side it is compared with (may be empty).
    void setExports(const CacheExport &exported, const QMap<QString, double> &secondsByDigest,
                    const CacheExport &other);
    int layerCount() const { return m_layerCount; }
    int commonCount() const { return m_commonCount; }
    QString title(const QString &runLabel) const; // "build.sh — registry, 3 layers (1 common)"
    int rowOfDigest(const QString &digest) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // "writing layer sha256:x 2.1s done" -> seconds of each written digest.
    static QMap<QString, double> writeSeconds(const class BuildRun &run);

private:
    struct Row
    {
        Kind kind;
        QString digest;
        double seconds;
        bool common;
    };
    QList<Row> m_rows;
    CacheExport m_export;
    int m_layerCount = 0;
    int m_commonCount = 0;
};

} // namespace Cachelab
