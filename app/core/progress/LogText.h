// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstring>
#include <QByteArray>
#include <QByteArrayView>
#include <QExplicitlySharedDataPointer>
#include <QList>
#include <QSharedData>

namespace Cachelab {

// Append-only storage for the output lines of all vertices of a run. A big log is
// nearly all output: one growing buffer per vertex reallocated and faulted in its
// pages again and again, and the parse was slower than reading the file. Here each
// line is copied once, after the previous one, and bytes never move, so a vertex can
// keep views of them. Not thread-safe: one parser appends.
class LogArena : public QSharedData
{
public:
    LogArena() = default;
    LogArena(const LogArena &) = delete;
    LogArena &operator=(const LogArena &) = delete;
    ~LogArena();

    // Copies `line` and a '\n' after it; returns the copy (size line.size() + 1). Inline:
    // called for nearly every line of a log.
    QByteArrayView appendLine(QByteArrayView line)
    {
        const qsizetype needed = line.size() + 1;
        if (m_free < needed)
            addBlock(needed); // the rest of the last block stays unused: lines are never split
        char *copy = m_next;
        if (!line.isEmpty())
            std::memcpy(copy, line.data(), size_t(line.size()));
        copy[line.size()] = '\n';
        m_next += needed;
        m_free -= needed;
        return QByteArrayView(copy, needed);
    }

private:
    struct Block
    {
        char *data;
        qsizetype size;
        bool mapped; // from mmap(), not malloc()
    };
    void addBlock(qsizetype atLeast);

    QList<Block> m_blocks;
    char *m_next = nullptr; // where the last block is free
    qsizetype m_free = 0; // bytes free there
};

// A vertex's output lines, UTF-8, without the '\n' after the last one: spans of the
// run's LogArena, shared with copies of the vertex. Consecutive lines of one vertex
// are contiguous in the arena and make one span; interleaved vertices make several.
class LogText
{
public:
    LogText() = default;
    explicit LogText(QExplicitlySharedDataPointer<LogArena> arena)
        : m_arena(std::move(arena))
    { }

    void appendLine(QByteArrayView line)
    {
        if (!m_arena)
            m_arena = new LogArena;
        const QByteArrayView copy = m_arena->appendLine(line);
        // The arena only appends: when our last span ends where the copy starts, nothing
        // was written in between and the line continues that span.
        if (!m_more) {
            if (m_first == nullptr)
                m_first = copy.data();
            else if (m_first + m_size != copy.begin())
                addSecondSpan(copy);
        } else if (m_more->spans.constLast().end() == copy.begin()) {
            QByteArrayView &last = m_more->spans.last(); // detached from a copy's
            last = QByteArrayView(last.data(), last.size() + copy.size());
        } else {
            m_more->spans.append(copy);
        }
        m_size += copy.size();
    }
    bool isEmpty() const { return m_size == 0; }
    qsizetype size() const { return m_size > 0 ? m_size - 1 : 0; } // without the last '\n'
    QByteArray toByteArray() const;
    // At most the last maxBytes bytes (the first line may be cut): for a look at the end
    // of megabytes of output without copying them all.
    QByteArray tail(qsizetype maxBytes) const;
    // For callers written when the log was a QByteArray: copies.
    operator QByteArray() const { return toByteArray(); }

private:
    // The spans after the first, when a vertex's lines were interleaved with others'.
    struct MoreSpans : QSharedData
    {
        qsizetype firstSize = 0;
        QList<QByteArrayView> spans;
    };
    void addSecondSpan(QByteArrayView span)
    {
        m_more = new MoreSpans;
        m_more->firstSize = m_size; // all so far
        m_more->spans.append(span);
    }
    QByteArrayView span(qsizetype i) const
    {
        if (!m_more)
            return QByteArrayView(m_first, m_size);
        return i == 0 ? QByteArrayView(m_first, m_more->firstSize) : m_more->spans.at(i - 1);
    }
    qsizetype spanCount() const { return m_first ? 1 + (m_more ? m_more->spans.size() : 0) : 0; }

    // A log of a million small vertices holds a million of these: 32 bytes, the first
    // span (most vertices' only one, their lines in a row) kept here, not in a list.
    QExplicitlySharedDataPointer<LogArena> m_arena; // made on the first line when none was given
    const char *m_first = nullptr; // each span ends with '\n'
    qsizetype m_size = 0; // bytes in all spans
    QSharedDataPointer<MoreSpans> m_more; // null: one span (or none)
};

} // namespace Cachelab

Q_DECLARE_TYPEINFO(Cachelab::LogText, Q_RELOCATABLE_TYPE); // members: Qt pointers, a pointer, an integer
