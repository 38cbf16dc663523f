// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractListModel>
#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace Cachelab {

// A build log as a list of lines, for a view that lays out only the rows on screen. A
// text document of a million lines costs seconds to lay out and many times the log's
// memory; this model keeps the bytes as they came (shared, not converted) and the start
// of every line, and appends in O(new lines) while a build streams in.
class LogLineModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Roles
    {
        // The longest line so far, in bytes: the view sizes its columns from it.
        MaxLineLengthRole = Qt::UserRole
    };

    explicit LogLineModel(QObject *parent = nullptr);

    void setLog(const QByteArray &log); // replaces everything
    // Output as it arrives, whole lines (a last line without '\n' is a line of its own).
    void appendLines(const QByteArray &bytes);
    void clear();

    QByteArrayView line(int row) const; // without '\n' (and a CRLF's '\r')
    int lineCount() const { return int(m_lineStart.size()); }
    qsizetype maxLineLength() const { return m_maxLineLength; }
    // The first row of the plain-format vertex #id (its header "#id <name>"); -1 if none.
    int rowOfVertex(int vertexId) const;
    QString text() const; // every line, joined by '\n'

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    int chunkOfRow(int row) const;
    void indexChunk(int chunk); // adds the line starts of m_chunks[chunk]

    QList<QByteArray> m_chunks; // the log as received; every chunk holds whole lines
    QList<int> m_chunkFirstRow; // row of each chunk's first line
    QList<quint32> m_lineStart; // per row: offset in its chunk
    qsizetype m_maxLineLength = 0;
};

} // namespace Cachelab
