// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/progress/BuildRun.h"
#include "core/progress/LineSplitter.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QJsonObject>

namespace Cachelab {

// Reads `--progress=rawjson` (buildctl v0.13+, buildx v0.12+): one JSON SolveStatus per
// line. Each message carries a vertex's full current state, so vertices are merged by
// digest; ids are the order of first appearance. Logs arrive base64-encoded in chunks
// that are not aligned to lines. Incremental like PlainProgressParser.
class RawJsonProgressParser
{
public:
    explicit RawJsonProgressParser(const QString &source = {});

    void feed(QByteArrayView bytes);
    void finish();
    const BuildRun &run() const { return m_run; }
    BuildRun takeRun();
    int badLines() const { return m_badLines; }

    static BuildRun parse(QByteArrayView log, const QString &source = {});
    // The latest time one rawjson line carries (a vertex's or a status's start or end, a
    // log chunk's timestamp), in ms since the epoch; -1 when it has none (replay's pace).
    static qint64 latestTime(QByteArrayView line);

private:
    void parseLine(QByteArrayView line);
    void mergeVertex(const QJsonObject &object);
    void addStatus(const QJsonObject &object);
    void addLog(const QJsonObject &object);
    void addWarning(const QJsonObject &object);
    qsizetype indexOf(const QString &digest);
    void flushPartialLogs();

    BuildRun m_run;
    LineSplitter m_lines;
    QHash<QString, qsizetype> m_vertexIndex; // digest -> index in m_run.vertices
    QExplicitlySharedDataPointer<LogArena> m_logArena { new LogArena }; // the vertices' output
    QHash<QString, QByteArray> m_partialLog; // digest -> output after its last '\n'
    int m_badLines = 0;
};

} // namespace Cachelab
