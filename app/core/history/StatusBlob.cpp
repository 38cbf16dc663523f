// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/history/StatusBlob.h"

#include "history/buildkit_status.pb.h" // generated from buildkit_status.proto

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Cachelab {

namespace {

namespace pb = cachelab::buildkit;

bool isSet(const pb::Timestamp &time)
{
    return time.seconds() != 0 || time.nanos() != 0;
}

// Go's time.RFC3339Nano in UTC, as buildx prints a protobuf timestamp in rawjson:
// fractional digits without trailing zeros.
QString rfc3339Nano(const pb::Timestamp &time)
{
    QString text = QDateTime::fromSecsSinceEpoch(time.seconds(), Qt::UTC)
                       .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss"));
    if (time.nanos() > 0) {
        QString fraction = QStringLiteral("%1").arg(time.nanos(), 9, 10, QLatin1Char('0'));
        while (fraction.endsWith(QLatin1Char('0')))
            fraction.chop(1);
        text += QLatin1Char('.') + fraction;
    }
    return text + QLatin1Char('Z');
}

QString fromUtf8(const std::string &text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QString base64(const std::string &bytes)
{
    return QString::fromLatin1(
        QByteArray::fromRawData(bytes.data(), qsizetype(bytes.size())).toBase64());
}

QJsonObject vertexJson(const pb::Vertex &vertex)
{
    QJsonObject object;
    object.insert(QLatin1String("digest"), fromUtf8(vertex.digest()));
    if (vertex.inputs_size() > 0) {
        QJsonArray inputs;
        for (const std::string &input : vertex.inputs())
            inputs.append(fromUtf8(input));
        object.insert(QLatin1String("inputs"), inputs);
    }
    if (!vertex.name().empty())
        object.insert(QLatin1String("name"), fromUtf8(vertex.name()));
    if (vertex.has_started() && isSet(vertex.started()))
        object.insert(QLatin1String("started"), rfc3339Nano(vertex.started()));
    if (vertex.has_completed() && isSet(vertex.completed()))
        object.insert(QLatin1String("completed"), rfc3339Nano(vertex.completed()));
    if (vertex.cached())
        object.insert(QLatin1String("cached"), true);
    if (!vertex.error().empty())
        object.insert(QLatin1String("error"), fromUtf8(vertex.error()));
    return object;
}

QJsonObject statusJson(const pb::VertexStatus &status)
{
    QJsonObject object;
    object.insert(QLatin1String("id"), fromUtf8(status.id()));
    if (!status.vertex().empty())
        object.insert(QLatin1String("vertex"), fromUtf8(status.vertex()));
    if (!status.name().empty())
        object.insert(QLatin1String("name"), fromUtf8(status.name()));
    if (status.total() != 0)
        object.insert(QLatin1String("total"), double(status.total()));
    object.insert(QLatin1String("current"), double(status.current()));
    object.insert(QLatin1String("timestamp"), rfc3339Nano(status.timestamp()));
    if (status.has_started() && isSet(status.started()))
        object.insert(QLatin1String("started"), rfc3339Nano(status.started()));
    if (status.has_completed() && isSet(status.completed()))
        object.insert(QLatin1String("completed"), rfc3339Nano(status.completed()));
    return object;
}

QJsonObject logJson(const pb::VertexLog &log)
{
    QJsonObject object;
    if (!log.vertex().empty())
        object.insert(QLatin1String("vertex"), fromUtf8(log.vertex()));
    if (log.stream() != 0)
        object.insert(QLatin1String("stream"), double(log.stream()));
    object.insert(QLatin1String("data"), base64(log.msg()));
    object.insert(QLatin1String("timestamp"), rfc3339Nano(log.timestamp()));
    return object;
}

QJsonObject warningJson(const pb::VertexWarning &warning)
{
    QJsonObject object;
    if (!warning.vertex().empty())
        object.insert(QLatin1String("vertex"), fromUtf8(warning.vertex()));
    if (warning.level() != 0)
        object.insert(QLatin1String("level"), double(warning.level()));
    if (!warning.short_().empty())
        object.insert(QLatin1String("short"), base64(warning.short_()));
    if (warning.detail_size() > 0) {
        QJsonArray detail;
        for (const std::string &line : warning.detail())
            detail.append(base64(line));
        object.insert(QLatin1String("detail"), detail);
    }
    if (!warning.url().empty())
        object.insert(QLatin1String("url"), fromUtf8(warning.url()));
    return object;
}

template<typename Repeated, typename ToJson>
void insertArray(QJsonObject &into, const char *key, const Repeated &items, ToJson toJson)
{
    if (items.empty())
        return;
    QJsonArray array;
    for (const auto &item : items)
        array.append(toJson(item));
    into.insert(QLatin1String(key), array);
}

} // namespace

QString StatusBlob::mediaType()
{
    return QStringLiteral("application/vnd.buildkit.status.v0");
}

std::optional<QByteArray> StatusBlob::toRawJson(QByteArrayView blob, QString *error)
{
    QByteArray out;
    out.reserve(blob.size() + blob.size() / 2);
    qsizetype offset = 0;
    int index = 0;
    pb::StatusResponse message;
    while (offset < blob.size()) {
        ++index;
        auto fail = [&](const QString &why) {
            if (error)
                *error = QStringLiteral("message %1 at byte %2: %3").arg(index).arg(offset).arg(why);
            return std::nullopt;
        };
        if (blob.size() - offset < 4)
            return fail(QStringLiteral("%1 bytes left, not a 4-byte size")
                            .arg(blob.size() - offset));
        const auto *bytes = reinterpret_cast<const unsigned char *>(blob.data() + offset);
        const quint32 size = quint32(bytes[0]) | quint32(bytes[1]) << 8 | quint32(bytes[2]) << 16
            | quint32(bytes[3]) << 24;
        if (qint64(size) > blob.size() - offset - 4)
            return fail(QStringLiteral("size %1 runs past the end of the blob (%2 bytes)")
                            .arg(size)
                            .arg(blob.size()));
        message.Clear();
        if (!message.ParseFromArray(blob.data() + offset + 4, int(size)))
            return fail(QStringLiteral("not a BuildKit StatusResponse"));
        QJsonObject status;
        insertArray(status, "vertexes", message.vertexes(), vertexJson);
        insertArray(status, "statuses", message.statuses(), statusJson);
        insertArray(status, "logs", message.logs(), logJson);
        insertArray(status, "warnings", message.warnings(), warningJson);
        out += QJsonDocument(status).toJson(QJsonDocument::Compact);
        out += '\n';
        offset += 4 + qsizetype(size);
    }
    return out;
}

} // namespace Cachelab
