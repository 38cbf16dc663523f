// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QString>

namespace Cachelab {

// A build history record's trace (application/vnd.buildkit.otlp.json.v0, as in a
// `.dockerbuild` file): the OpenTelemetry spans BuildKit recorded, written by Go's
// json.Encoder one object after the other. Every vertex that ran has a span named as the
// vertex with attribute `vertex` = its digest (others, such as "cache request: <name>",
// carry the attribute too); cached vertices have none.
namespace TraceSpans {

struct Span
{
    QString name;
    QString started; // RFC 3339 with nanoseconds, as written
    QString completed;
};

QString mediaType();

// The spans that name a vertex, by the vertex's digest, in the trace's order. Objects that
// are not spans, and text that is not JSON, are skipped.
QHash<QString, QList<Span>> byVertex(QByteArrayView trace);

// The rawjson log with what the trace adds: a vertex that ran but whose logs say no start
// or end (a log cut short) gets the times of its own span, in one more SolveStatus line
// carrying its whole state, as later messages of a live stream do. The log as it was when
// the trace has nothing to add.
QByteArray completeTimes(const QByteArray &rawJson, const QHash<QString, QList<Span>> &spans);

} // namespace TraceSpans

} // namespace Cachelab
