// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/LogLineModel.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace Cachelab {

namespace {
// Chunks are indexed with 32-bit offsets; a bigger block is cut at a line end.
constexpr qsizetype kMaxChunk = std::numeric_limits<qint32>::max();
} // namespace

LogLineModel::LogLineModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

void LogLineModel::setLog(const QByteArray &log)
{
    beginResetModel();
    m_chunks.clear();
    m_chunkFirstRow.clear();
    m_lineStart.clear();
    m_maxLineLength = 0;
    if (log.size() <= kMaxChunk) {
        if (!log.isEmpty()) {
            m_chunks.append(log); // shared with the caller: no copy
            indexChunk(0);
        }
    } else {
        qsizetype start = 0;
        while (start < log.size()) {
            qsizetype end = std::min(log.size(), start + kMaxChunk);
            if (end < log.size()) {
                const qsizetype newline = log.lastIndexOf('\n', end - 1);
                end = newline >= start ? newline + 1 : end;
            }
            m_chunks.append(log.mid(start, end - start));
            indexChunk(int(m_chunks.size()) - 1);
            start = end;
        }
    }
    endResetModel();
}

void LogLineModel::appendLines(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    // As indexChunk() counts: a line per '\n', and an unterminated tail is one more.
    const qsizetype added
        = std::count(bytes.cbegin(), bytes.cend(), '\n') + (bytes.endsWith('\n') ? 0 : 1);
    const int first = lineCount();
    beginInsertRows({}, first, first + int(added) - 1);
    m_chunks.append(bytes); // a process read: far below the 32-bit offsets' limit
    indexChunk(int(m_chunks.size()) - 1);
    endInsertRows();
}

void LogLineModel::clear()
{
    setLog({});
}

void LogLineModel::indexChunk(int chunk)
{
    const QByteArray &bytes = m_chunks.at(chunk);
    m_chunkFirstRow.append(int(m_lineStart.size()));
    const char *data = bytes.constData();
    qsizetype start = 0;
    while (start < bytes.size()) {
        const void *newline = std::memchr(data + start, '\n', size_t(bytes.size() - start));
        const qsizetype end = newline ? static_cast<const char *>(newline) - data : bytes.size();
        m_lineStart.append(quint32(start));
        m_maxLineLength = std::max(m_maxLineLength, end - start);
        start = end + 1;
    }
}

int LogLineModel::chunkOfRow(int row) const
{
    // The last chunk whose first row is <= row.
    const auto it = std::upper_bound(m_chunkFirstRow.cbegin(), m_chunkFirstRow.cend(), row);
    return int(it - m_chunkFirstRow.cbegin()) - 1;
}

QByteArrayView LogLineModel::line(int row) const
{
    if (row < 0 || row >= lineCount())
        return {};
    const int chunk = chunkOfRow(row);
    const QByteArray &bytes = m_chunks.at(chunk);
    const qsizetype start = m_lineStart.at(row);
    const bool lastOfChunk = chunk + 1 == m_chunkFirstRow.size()
        ? row + 1 == lineCount()
        : row + 1 == m_chunkFirstRow.at(chunk + 1);
    qsizetype end = lastOfChunk ? bytes.size() : qsizetype(m_lineStart.at(row + 1)) - 1;
    if (end > start && bytes.at(end - 1) == '\n')
        --end;
    if (end > start && bytes.at(end - 1) == '\r')
        --end;
    return QByteArrayView(bytes.constData() + start, end - start);
}

int LogLineModel::rowOfVertex(int vertexId) const
{
    const QByteArray header = '#' + QByteArray::number(vertexId) + ' ';
    for (int row = 0; row < lineCount(); ++row) {
        if (line(row).startsWith(header))
            return row;
    }
    return -1;
}

QString LogLineModel::text() const
{
    QByteArray joined;
    for (int row = 0; row < lineCount(); ++row) {
        if (row > 0)
            joined += '\n';
        joined += line(row);
    }
    return QString::fromUtf8(joined);
}

int LogLineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : lineCount();
}

QVariant LogLineModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= lineCount())
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return QString::fromUtf8(line(index.row()));
    case MaxLineLengthRole:
        return qlonglong(m_maxLineLength);
    default:
        return {};
    }
}

} // namespace Cachelab
