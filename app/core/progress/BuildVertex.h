// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/progress/LogText.h"
#include "core/progress/StatusLine.h"
#include "core/progress/StepLabel.h"

#include <optional>
#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace Cachelab {

// The state a vertex ended in; the last terminal line wins (BuildKit prints DONE then
// CACHED, CACHED then DONE, DONE twice).
enum class VertexState
{
    Running, // no terminal line (yet): still running, or the log stops here
    Done,
    Cached,
    Error,
    Canceled,
};

QString vertexStateName(VertexState state); // "running", "done", ...

// What a vertex's state means to a user: a DONE step either ran or was loaded from an
// imported cache.
enum class VertexOutcome
{
    Ran,
    Cached,
    Loaded,
    Failed,
    Canceled,
    Running
};

QString vertexOutcomeName(VertexOutcome outcome); // "ran", "cached", "loaded", ...
// The same for a Dockerfile step, which a run may not have reached: "not run" for nullopt.
// The core's one name for what a run did to a step (reports, Explain, the step table).
QString vertexOutcomeName(const std::optional<VertexOutcome> &outcome);

// One BuildKit vertex of a run: a Dockerfile step, an [internal] load, an export.
struct BuildVertex
{
    int id = 0; // "#N" of the plain format; order of appearance for rawjson
    QString digest; // v0.8 plain and rawjson; empty otherwise
    QString name;
    VertexState state = VertexState::Running;
    double seconds = -1; // from "DONE 0.1s" or completed - started; -1 unknown
    QList<StatusLine> statuses;
    // Output of a RUN without the "#N 0.123 " prefixes, lines joined by '\n', UTF-8. Kept
    // as bytes: in a big log nearly everything is output, and UTF-16 would double it.
    // The parsers give the vertices of a run one LogArena.
    LogText log;
    int logLineCount = 0;
    QString errorMessage;
    QStringList warnings;
    // rawjson only:
    QStringList inputs; // digests of the input vertices
    QDateTime started;
    QDateTime completed;

    StepLabel step() const { return StepLabel::parse(name); }
    QStringList logLines() const;
    void appendLogLine(QByteArrayView line)
    {
        log.appendLine(line);
        ++logLineCount;
    }

    // A DONE step that did not run: its result was found in an imported cache and
    // downloaded because a step that runs needs it. Plain logs print it DONE, not
    // CACHED; its only statuses are blob downloads and extractions. A FROM pulls its
    // base image the same way without being a cache hit, so it is never "loaded".
    bool loadedFromCache() const;
    VertexOutcome outcome() const;
};

} // namespace Cachelab

// All members are relocatable Qt types (QDateTime, QList, QString, LogText): a growing
// QList<BuildVertex> then reallocates in place instead of moving every vertex, which
// costs a big log thousands of page faults.
Q_DECLARE_TYPEINFO(Cachelab::BuildVertex, Q_RELOCATABLE_TYPE);
