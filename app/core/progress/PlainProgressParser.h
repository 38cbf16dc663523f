// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/progress/BuildRun.h"
#include "core/progress/LineSplitter.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>

#include <limits>

namespace Cachelab {

// Reads BuildKit's `--progress=plain` output, from v0.7 (2020) to today, into a BuildRun.
// Incremental: feed() takes bytes as they arrive from a QProcess (any chunking), keeps a
// partial last line for the next call, and run() is valid after every call; finish()
// reads the last unterminated line. parse() over a whole log gives the same result.
// Lines of no known kind are kept in BuildRun::otherLines, never fatal.
class PlainProgressParser
{
public:
    explicit PlainProgressParser(const QString &source = {});

    void feed(QByteArrayView bytes);
    void finish();
    const BuildRun &run() const { return m_run; }
    // The log's last progress stream (a build); takeRuns(): every stream, in order.
    BuildRun takeRun();
    QList<BuildRun> takeRuns();
    qint64 linesRead() const { return m_linesRead; }

    static BuildRun parse(QByteArrayView log, const QString &source = {});

    // The wall-clock time of the lines fed next, from a CI wrapper's timestamps
    // (LogWrapper), in ms since the epoch: a vertex starts at its first line's and
    // completes at its DONE, CACHED, ERROR or CANCELED line's. LogWrapper::kNoTime: none
    // (BuildKit's plain lines carry no date).
    void setLineTime(qint64 msecs) { m_lineMsecs = msecs; }
    // One whole line (no '\n'), as feed() would read it: for a wrapper's lines, which
    // come already split.
    void feedLine(QByteArrayView line);
    void setWrapper(const QString &description) { m_run.wrapper = description; }
    // A wrapper's line that holds no progress (a CI marker): counted, so that line
    // numbers (BuildRun::firstLine) stay those of the log.
    void skipLine() { ++m_linesRead; }

private:
    bool appendOutputLine(QByteArrayView line);
    void setLastVertex(int id, qsizetype index);
    qsizetype indexOfVertex(int id) const; // -1: none
    void addVertexIndex(int id, qsizetype index);
    void parseLine(QByteArrayView line);
    void parseVertexLine(int id, QByteArrayView rest);
    void addVertex(int id, QByteArrayView name);
    void completeAtLineTime(BuildVertex &v) const;
    bool parseEventLine(BuildVertex &v, QByteArrayView rest);
    void failStepsOfErrorBlocks();
    void startNewStream();
    void parseZeroLine(QByteArrayView rest);
    void parseClientLine(QByteArrayView line);
    BuildVertex &vertex(qsizetype index) { return m_run.vertices[index]; }

    BuildRun m_run;
    QList<BuildRun> m_finishedRuns; // the streams before the current one
    LineSplitter m_lines;
    qint64 m_lineMsecs = std::numeric_limits<qint64>::min();
    // [N]: 1 + index in m_run.vertices of "#N", 0: none. 32 bits: a million vertices' worth.
    QList<qint32> m_indexById;
    QHash<int, qsizetype> m_indexOfSparseId; // the same for ids far beyond the others
    int m_lastId = 0; // the vertex of the previous "#N" line (0: none) ...
    qsizetype m_lastIndex = 0; // ... and its index
    quint64 m_lastPrefix = 0; // ... and its "#N " as a word, masked (length 0: none)
    quint64 m_lastPrefixMask = 0;
    qsizetype m_lastPrefixLength = 0;
    QExplicitlySharedDataPointer<LogArena> m_logArena { new LogArena }; // the vertices' output
    QList<QByteArray> m_earlyLogs; // "#0 <t> text": output printed before its vertex
    enum class Block
    {
        None,
        Error,
        SourceExcerpt
    };
    Block m_block = Block::None;
    bool m_expectBareError = false;
    // The input being fed holds '\r' or ESC: most logs have neither, and then the lines
    // need no search for them.
    bool m_controlBytes = true;
    qint64 m_linesRead = 0;
};

} // namespace Cachelab
