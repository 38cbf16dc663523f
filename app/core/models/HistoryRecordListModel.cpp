// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/HistoryRecordListModel.h"

namespace Cachelab {

HistoryRecordListModel::HistoryRecordListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void HistoryRecordListModel::setRecords(const QList<HistoryRecord> &records)
{
    beginResetModel();
    m_records = records;
    endResetModel();
}

const HistoryRecord *HistoryRecordListModel::recordAt(int row) const
{
    return row >= 0 && row < m_records.size() ? &m_records.at(row) : nullptr;
}

int HistoryRecordListModel::rowOfRef(const QString &ref) const
{
    for (int row = 0; row < m_records.size(); ++row) {
        if (m_records.at(row).ref == ref)
            return row;
    }
    return -1;
}

QString HistoryRecordListModel::durationText(qint64 ms)
{
    if (ms < 0)
        return tr("running");
    if (ms < 60000)
        return QStringLiteral("%1s").arg(ms / 1000.0, 0, 'f', 1);
    return QStringLiteral("%1m%2s").arg(ms / 60000).arg((ms % 60000) / 1000, 2, 10, QLatin1Char('0'));
}

int HistoryRecordListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int HistoryRecordListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryRecordListModel::data(const QModelIndex &index, int role) const
{
    const HistoryRecord *record = recordAt(index.row());
    if (!record)
        return {};
    if (role == RefRole)
        return record->ref;
    if (role == StatusRole)
        return int(record->status);
    if (role == Qt::ToolTipRole)
        return record->error.isEmpty() ? record->ref : record->ref + QLatin1Char('\n') + record->error;
    if (role == Qt::TextAlignmentRole && (index.column() == DurationColumn || index.column() == StepsColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return record->name.isEmpty() ? record->id() : record->name;
    case StatusColumn:
        switch (record->status) {
        case HistoryRecord::Status::Running:
            return tr("▶ running");
        case HistoryRecord::Status::Completed:
            return tr("✓ completed");
        case HistoryRecord::Status::Failed:
            return tr("✗ failed");
        case HistoryRecord::Status::Canceled:
            return tr("⊘ canceled");
        }
        return {};
    case CreatedColumn:
        return record->createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    case DurationColumn:
        return durationText(record->durationMs());
    case StepsColumn:
        return tr("%1/%2 cached").arg(record->cachedSteps).arg(record->totalSteps);
    case RefColumn:
        return record->ref;
    }
    return {};
}

QVariant HistoryRecordListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Build");
    case StatusColumn:
        return tr("Status");
    case CreatedColumn:
        return tr("Started");
    case DurationColumn:
        return tr("Duration");
    case StepsColumn:
        return tr("Steps");
    case RefColumn:
        return tr("Ref");
    }
    return {};
}

} // namespace Cachelab
