// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/history/HistoryRecord.h"

#include <QAbstractTableModel>

namespace Cachelab {

// A builder's build records as the Builder History dock lists them, newest first: name,
// status, when, duration, cached/total steps, and the ref buildx names the record by.
class HistoryRecordListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        StatusColumn,
        CreatedColumn,
        DurationColumn,
        StepsColumn,
        RefColumn,
        ColumnCount
    };
    enum Roles
    {
        RefRole = Qt::UserRole, // the record's ref, in every column
        StatusRole // HistoryRecord::Status as int
    };

    explicit HistoryRecordListModel(QObject *parent = nullptr);

    void setRecords(const QList<HistoryRecord> &records);
    const QList<HistoryRecord> &records() const { return m_records; }
    const HistoryRecord *recordAt(int row) const;
    int rowOfRef(const QString &ref) const; // -1: none

    // "12.4s", "3m05s"; "running" while it runs.
    static QString durationText(qint64 ms);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<HistoryRecord> m_records;
};

} // namespace Cachelab
