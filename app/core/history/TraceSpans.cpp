// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/history/TraceSpans.h"

#include "core/progress/RawJsonProgressParser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Cachelab {

QString TraceSpans::mediaType()
{
    return QStringLiteral("application/vnd.buildkit.otlp.json.v0");
}

QHash<QString, QList<TraceSpans::Span>> TraceSpans::byVertex(QByteArrayView trace)
{
    QHash<QString, QList<Span>> spans;
    // Top-level objects one after the other: split where the braces balance, outside
    // strings.
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    qsizetype start = -1;
    for (qsizetype i = 0; i < trace.size(); ++i) {
        const char c = trace.at(i);
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{') {
            if (depth++ == 0)
                start = i;
        } else if (c == '}' && depth > 0 && --depth == 0) {
            const QJsonObject span
                = QJsonDocument::fromJson(trace.sliced(start, i - start + 1).toByteArray()).object();
            for (const QJsonValue &attribute : span.value(QLatin1String("Attributes")).toArray()) {
                const QJsonObject pair = attribute.toObject();
                if (pair.value(QLatin1String("Key")).toString() != QLatin1String("vertex"))
                    continue;
                const QString digest = pair.value(QLatin1String("Value")).toObject().value(QLatin1String("Value")).toString();
                if (!digest.isEmpty())
                    spans[digest].append({span.value(QLatin1String("Name")).toString(),
                                          span.value(QLatin1String("StartTime")).toString(),
                                          span.value(QLatin1String("EndTime")).toString()});
            }
        }
    }
    return spans;
}

QByteArray TraceSpans::completeTimes(const QByteArray &rawJson, const QHash<QString, QList<Span>> &spans)
{
    if (spans.isEmpty())
        return rawJson;
    // Every vertex the logs name, those that never said they started included.
    RawJsonProgressParser parser;
    parser.feed(rawJson);
    parser.finish();
    const BuildRun &run = parser.run();
    QJsonArray completed;
    for (const BuildVertex &vertex : run.vertices) {
        if ((vertex.started.isValid() && vertex.completed.isValid()) || vertex.state == VertexState::Cached)
            continue;
        for (const Span &span : spans.value(vertex.digest)) {
            if (span.name != vertex.name() || span.started.isEmpty() || span.completed.isEmpty())
                continue;
            QJsonObject object{{QStringLiteral("digest"), vertex.digest},
                               {QStringLiteral("name"), vertex.name()},
                               {QStringLiteral("started"), span.started},
                               {QStringLiteral("completed"), span.completed}};
            if (!vertex.inputs().isEmpty())
                object.insert(QStringLiteral("inputs"), QJsonArray::fromStringList(vertex.inputs()));
            if (!vertex.errorMessage().isEmpty())
                object.insert(QStringLiteral("error"), vertex.errorMessage());
            completed.append(object);
            break;
        }
    }
    if (completed.isEmpty())
        return rawJson;
    QByteArray out = rawJson;
    if (!out.isEmpty() && !out.endsWith('\n'))
        out += '\n';
    out += QJsonDocument(QJsonObject{{QStringLiteral("vertexes"), completed}}).toJson(QJsonDocument::Compact);
    out += '\n';
    return out;
}

} // namespace Cachelab
