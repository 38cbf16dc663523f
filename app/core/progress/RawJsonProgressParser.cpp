// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/progress/RawJsonProgressParser.h"

#include <QJsonArray>
#include <QDateTime>

#include <algorithm>
#include <QJsonDocument>

namespace Cachelab {

namespace {
QDateTime timeOf(const QJsonValue &value)
{
    // Go's zero time ("0001-01-01T00:00:00Z") means "not set".
    const QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    return time.isValid() && time.date().year() > 1 ? time : QDateTime();
}

QString sizeText(const QJsonValue &value)
{
    // rawjson gives byte counts; plain prints them humanised. Keep the number of bytes.
    // A count no int64 holds (a damaged log) is not a size: converting it would be
    // undefined behaviour.
    if (!value.isDouble())
        return {};
    const double bytes = value.toDouble();
    if (!(bytes >= -9.2e18 && bytes <= 9.2e18))
        return {};
    return QStringLiteral("%1B").arg(qint64(bytes));
}
} // namespace

qint64 RawJsonProgressParser::latestTime(QByteArrayView line)
{
    const QJsonObject status = QJsonDocument::fromJson(line.toByteArray()).object();
    qint64 latest = -1;
    const auto consider = [&latest](const QJsonValue &value) {
        const QDateTime time = timeOf(value);
        if (time.isValid())
            latest = std::max(latest, time.toMSecsSinceEpoch());
    };
    for (const char *list : { "vertexes", "statuses", "logs", "warnings" }) {
        for (const QJsonValue &item : status.value(QLatin1String(list)).toArray()) {
            const QJsonObject object = item.toObject();
            for (const char *field : { "started", "completed", "timestamp" })
                consider(object.value(QLatin1String(field)));
        }
    }
    return latest;
}

RawJsonProgressParser::RawJsonProgressParser(const QString &source)
{
    m_run.source = source;
    m_run.format = BuildRun::Format::RawJson;
}

void RawJsonProgressParser::feed(QByteArrayView bytes)
{
    m_lines.feed(bytes, [this](QByteArrayView line) {
        parseLine(line);
    });
}

void RawJsonProgressParser::finish()
{
    m_lines.finish([this](QByteArrayView line) {
        parseLine(line);
    });
    flushPartialLogs();
}

BuildRun RawJsonProgressParser::takeRun()
{
    finish();
    // rawjson lists the whole graph up front; vertices a failed build never started are
    // not part of what ran (the plain printer never shows them).
    m_run.vertices.removeIf([](const BuildVertex &vertex) {
        return !vertex.started.isValid() && !vertex.completed.isValid() && vertex.statuses().isEmpty()
            && vertex.logLineCount == 0 && vertex.state == VertexState::Running;
    });
    m_vertexIndex.clear();
    return std::move(m_run);
}

BuildRun RawJsonProgressParser::parse(QByteArrayView log, const QString &source)
{
    RawJsonProgressParser parser(source);
    parser.feed(log);
    return parser.takeRun();
}

void RawJsonProgressParser::parseLine(QByteArrayView line)
{
    line = line.trimmed();
    if (line.isEmpty())
        return;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        // A client's closing error ("ERROR: …") or other text between the JSON lines.
        ++m_badLines;
        const QString text = QString::fromUtf8(line);
        if (text.startsWith(QLatin1String("ERROR: ")) || text.startsWith(QLatin1String("error: ")))
            m_run.errors.append(text.mid(7));
        else
            m_run.otherLines.append(text);
        return;
    }
    const QJsonObject status = document.object();
    const auto each = [&status](const char *key, auto &&handle) {
        const QJsonArray array = status.value(QLatin1String(key)).toArray();
        for (const QJsonValue &value : array)
            handle(value.toObject());
    };
    each("vertexes", [this](const QJsonObject &o) {
        mergeVertex(o);
    });
    each("statuses", [this](const QJsonObject &o) {
        addStatus(o);
    });
    each("logs", [this](const QJsonObject &o) {
        addLog(o);
    });
    each("warnings", [this](const QJsonObject &o) {
        addWarning(o);
    });
}

qsizetype RawJsonProgressParser::indexOf(const QString &digest)
{
    const auto found = m_vertexIndex.constFind(digest);
    if (found != m_vertexIndex.constEnd())
        return *found;
    BuildVertex vertex;
    vertex.log = LogText(m_logArena);
    vertex.id = int(m_run.vertices.size()) + 1;
    vertex.digest = digest;
    m_vertexIndex.insert(digest, m_run.vertices.size());
    m_run.vertices.append(vertex);
    return m_run.vertices.size() - 1;
}

void RawJsonProgressParser::mergeVertex(const QJsonObject &object)
{
    const QString digest = object.value(QLatin1String("digest")).toString();
    if (digest.isEmpty())
        return;
    BuildVertex &vertex = m_run.vertices[indexOf(digest)];
    if (const QJsonValue name = object.value(QLatin1String("name")); name.isString())
        vertex.setName(name.toString());
    QStringList inputs;
    const QJsonArray inputArray = object.value(QLatin1String("inputs")).toArray();
    for (const QJsonValue &input : inputArray)
        inputs.append(input.toString());
    if (!inputs.isEmpty())
        vertex.setInputs(inputs);
    vertex.started = timeOf(object.value(QLatin1String("started")));
    vertex.completed = timeOf(object.value(QLatin1String("completed")));
    const QString error = object.value(QLatin1String("error")).toString();
    const bool cached = object.value(QLatin1String("cached")).toBool();

    if (!error.isEmpty()) {
        vertex.setErrorMessage(error);
        // The plain printer calls a vertex stopped by a sibling's failure CANCELED.
        vertex.state = error.contains(QLatin1String("context canceled")) ? VertexState::Canceled
                                                                         : VertexState::Error;
    } else if (vertex.completed.isValid()) {
        vertex.state = cached ? VertexState::Cached : VertexState::Done;
    } else if (cached) {
        vertex.state = VertexState::Cached;
    } else {
        vertex.state = VertexState::Running;
    }
    if (vertex.started.isValid() && vertex.completed.isValid())
        vertex.seconds = vertex.started.msecsTo(vertex.completed) / 1000.0;
}

void RawJsonProgressParser::addStatus(const QJsonObject &object)
{
    const QString digest = object.value(QLatin1String("vertex")).toString();
    if (digest.isEmpty())
        return;
    BuildVertex &vertex = m_run.vertices[indexOf(digest)];
    StatusLine status;
    status.id = object.value(QLatin1String("id")).toString();
    status.current = sizeText(object.value(QLatin1String("current")));
    status.total = sizeText(object.value(QLatin1String("total")));
    if (status.total == QLatin1String("0B"))
        status.total.clear();
    if (status.current == QLatin1String("0B") && status.total.isEmpty())
        status.current.clear();
    const QDateTime started = timeOf(object.value(QLatin1String("started")));
    const QDateTime completed = timeOf(object.value(QLatin1String("completed")));
    status.done = completed.isValid();
    if (started.isValid() && completed.isValid())
        status.seconds = started.msecsTo(completed) / 1000.0;
    for (StatusLine &existing : vertex.changeStatuses()) {
        if (existing.id == status.id) {
            existing = status; // each message carries the status's current state
            return;
        }
    }
    vertex.changeStatuses().append(status);
}

void RawJsonProgressParser::addLog(const QJsonObject &object)
{
    const QString digest = object.value(QLatin1String("vertex")).toString();
    if (digest.isEmpty())
        return;
    const qsizetype index = indexOf(digest);
    QByteArray &pending = m_partialLog[digest];
    pending.append(
        QByteArray::fromBase64(object.value(QLatin1String("data")).toString().toLatin1()));
    qsizetype start = 0;
    for (qsizetype newline = pending.indexOf('\n'); newline >= 0;
         newline = pending.indexOf('\n', start)) {
        QByteArrayView line = QByteArrayView(pending).sliced(start, newline - start);
        if (line.endsWith('\r'))
            line.chop(1);
        m_run.vertices[index].appendLogLine(line);
        start = newline + 1;
    }
    pending.remove(0, start);
}

void RawJsonProgressParser::addWarning(const QJsonObject &object)
{
    const QString digest = object.value(QLatin1String("vertex")).toString();
    const QString text = QString::fromUtf8(
        QByteArray::fromBase64(object.value(QLatin1String("short")).toString().toLatin1()));
    if (digest.isEmpty())
        m_run.otherLines.append(QStringLiteral("WARN: ") + text);
    else
        m_run.vertices[indexOf(digest)].addWarning(text);
}

void RawJsonProgressParser::flushPartialLogs()
{
    for (auto it = m_partialLog.begin(); it != m_partialLog.end(); ++it) {
        if (!it.value().isEmpty())
            m_run.vertices[indexOf(it.key())].appendLogLine(it.value());
        it.value().clear();
    }
}

} // namespace Cachelab
