// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/progress/LogText.h"
#include "core/progress/StatusLine.h"
#include "core/progress/StepLabel.h"

#include <optional>
#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSharedData>
#include <QString>
#include <QStringList>

namespace Cachelab {

// The state a vertex ended in; the last terminal line wins (BuildKit prints DONE then
// CACHED, CACHED then DONE, DONE twice).
enum class VertexState : quint8
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
// A log of a million small vertices is mostly this struct: what most vertices have is
// kept in it, what few have (statuses, an error, warnings, rawjson inputs) behind one
// pointer made on the first write, so that memory stays within twice the log.
struct BuildVertex
{
    int id = 0; // "#N" of the plain format; order of appearance for rawjson
    VertexState state = VertexState::Running;
    int logLineCount = 0;
    double seconds = -1; // from "DONE 0.1s" or completed - started; -1 unknown
    QString digest; // v0.8 plain and rawjson; empty otherwise
    // Output of a RUN without the "#N 0.123 " prefixes, lines joined by '\n', UTF-8. Kept
    // as bytes: in a big log nearly everything is output, and UTF-16 would double it.
    // The parsers give the vertices of a run one LogArena.
    LogText log;
    // rawjson, or a CI wrapper's line times:
    QDateTime started;
    QDateTime completed;

    // As BuildKit printed it: "[build 2/4] RUN make". Kept as UTF-8, as in the log: in a
    // log of small vertices the names are most of what is kept, and UTF-16 doubled them.
    QString name() const { return QString::fromUtf8(m_name); }
    QByteArrayView nameUtf8() const { return m_name; }
    void setName(QByteArrayView utf8) { m_name = utf8.toByteArray(); }
    void setName(const QString &name);

    const QList<StatusLine> &statuses() const { return details().statuses; }
    const QString &errorMessage() const { return details().errorMessage; }
    const QStringList &warnings() const { return details().warnings; }
    const QStringList &inputs() const { return details().inputs; } // rawjson: input digests

    QList<StatusLine> &changeStatuses() { return changeDetails().statuses; }
    void setErrorMessage(const QString &message);
    void addWarning(const QString &warning) { changeDetails().warnings.append(warning); }
    void setInputs(const QStringList &inputs);

    StepLabel step() const { return StepLabel::parse(name()); }
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

private:
    struct Details : QSharedData
    {
        QList<StatusLine> statuses;
        QString errorMessage;
        QStringList warnings;
        QStringList inputs;
    };
    const Details &details() const;
    Details &changeDetails();
    QByteArray m_name;
    QSharedDataPointer<Details> m_details; // null: none of them
};

} // namespace Cachelab

// All members are relocatable Qt types (QDateTime, QString, LogText, QSharedDataPointer): a growing
// QList<BuildVertex> then reallocates in place instead of moving every vertex, which
// costs a big log thousands of page faults.
Q_DECLARE_TYPEINFO(Cachelab::BuildVertex, Q_RELOCATABLE_TYPE);
