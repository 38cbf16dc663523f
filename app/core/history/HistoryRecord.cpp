// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/history/HistoryRecord.h"

#include "core/runner/SecretRedactor.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace Cachelab {

namespace {

QDateTime timeOf(const QJsonValue &value)
{
    const QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    return time.isValid() && time.date().year() > 1 ? time.toUTC() : QDateTime();
}

// A protobuf Timestamp as Go's encoding/json writes it: {"seconds": …, "nanos": …}.
QDateTime protoTimeOf(const QJsonValue &value)
{
    if (!value.isObject())
        return {};
    const QJsonObject object = value.toObject();
    const qint64 seconds = object.value(QLatin1String("seconds")).toInteger();
    const qint64 nanos = object.value(QLatin1String("nanos")).toInteger();
    if (seconds <= 0)
        return {};
    // Rounded to the millisecond, as Qt reads the nanoseconds ls and inspect print.
    return QDateTime::fromMSecsSinceEpoch(seconds * 1000 + (nanos + 500000) / 1000000, Qt::UTC);
}

int intOf(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toInt();
}

} // namespace

QString HistoryRecord::id() const
{
    return ref.section(QLatin1Char('/'), -1);
}

QString HistoryRecord::builder() const
{
    return ref.count(QLatin1Char('/')) == 2 ? ref.section(QLatin1Char('/'), 0, 0) : QString();
}

qint64 HistoryRecord::durationMs() const
{
    if (!createdAt.isValid() || !completedAt.isValid())
        return -1;
    return createdAt.msecsTo(completedAt);
}

QString HistoryRecord::statusName(Status status)
{
    switch (status) {
    case Status::Running:
        return QStringLiteral("running");
    case Status::Completed:
        return QStringLiteral("completed");
    case Status::Failed:
        return QStringLiteral("failed");
    case Status::Canceled:
        return QStringLiteral("canceled");
    }
    return {};
}

QJsonObject HistoryRecord::toJson() const
{
    QJsonObject object;
    object.insert(QLatin1String("ref"), ref);
    object.insert(QLatin1String("name"), name);
    object.insert(QLatin1String("status"), statusName(status));
    if (createdAt.isValid())
        object.insert(QLatin1String("created"), createdAt.toString(Qt::ISODateWithMs));
    if (completedAt.isValid())
        object.insert(QLatin1String("completed"), completedAt.toString(Qt::ISODateWithMs));
    if (durationMs() >= 0)
        object.insert(QLatin1String("durationSeconds"), durationMs() / 1000.0);
    object.insert(QLatin1String("totalSteps"), totalSteps);
    object.insert(QLatin1String("completedSteps"), completedSteps);
    object.insert(QLatin1String("cachedSteps"), cachedSteps);
    auto insertText = [&object](const char *key, const QString &value) {
        if (!value.isEmpty())
            object.insert(QLatin1String(key), value);
    };
    insertText("context", context);
    insertText("dockerfile", dockerfile);
    insertText("target", target);
    insertText("error", error);
    if (!platforms.isEmpty())
        object.insert(QLatin1String("platforms"), QJsonArray::fromStringList(platforms));
    if (!buildArgs.isEmpty()) {
        QJsonObject args;
        for (const auto &[name, value] : buildArgs)
            args.insert(name, value);
        object.insert(QLatin1String("buildArgs"), args);
    }
    if (!cacheImports.isEmpty())
        object.insert(QLatin1String("cacheImports"), QJsonArray::fromStringList(cacheImports));
    if (!cacheExports.isEmpty())
        object.insert(QLatin1String("cacheExports"), QJsonArray::fromStringList(cacheExports));
    return object;
}

HistoryRecord HistoryRecord::fromJson(const QJsonObject &object)
{
    HistoryRecord record;
    auto text = [&object](const char *key) {
        return object.value(QLatin1String(key)).toString();
    };
    auto list = [&object](const char *key) {
        return object.value(QLatin1String(key)).toVariant().toStringList();
    };
    record.ref = text("ref");
    record.name = text("name");
    for (Status status : {Status::Running, Status::Completed, Status::Failed, Status::Canceled}) {
        if (text("status") == statusName(status))
            record.status = status;
    }
    record.createdAt = timeOf(object.value(QLatin1String("created")));
    record.completedAt = timeOf(object.value(QLatin1String("completed")));
    record.totalSteps = intOf(object, "totalSteps");
    record.completedSteps = intOf(object, "completedSteps");
    record.cachedSteps = intOf(object, "cachedSteps");
    record.context = text("context");
    record.dockerfile = text("dockerfile");
    record.target = text("target");
    record.error = text("error");
    record.platforms = list("platforms");
    const QJsonObject args = object.value(QLatin1String("buildArgs")).toObject();
    for (auto it = args.begin(); it != args.end(); ++it)
        record.buildArgs.append({it.key(), it.value().toString()});
    record.cacheImports = list("cacheImports");
    record.cacheExports = list("cacheExports");
    return record;
}

HistoryRecord HistoryRecord::redacted() const
{
    HistoryRecord copy = *this;
    for (auto &[name, value] : copy.buildArgs) {
        if (SecretRedactor::isSecretName(name))
            value = SecretRedactor::mask();
        else
            value = SecretRedactor::redact(value);
    }
    copy.error = SecretRedactor::redact(error);
    return copy;
}

std::optional<HistoryRecord> HistoryRecord::fromListJson(const QJsonObject &object, QString *error)
{
    HistoryRecord record;
    record.ref = object.value(QLatin1String("ref")).toString();
    if (record.ref.isEmpty()) {
        if (error)
            *error = QStringLiteral("a record without \"ref\"");
        return std::nullopt;
    }
    record.name = object.value(QLatin1String("name")).toString();
    const QString status = object.value(QLatin1String("status")).toString();
    if (status == QLatin1String("Running"))
        record.status = Status::Running;
    else if (status == QLatin1String("Error"))
        record.status = Status::Failed;
    record.createdAt = timeOf(object.value(QLatin1String("created_at")));
    record.completedAt = timeOf(object.value(QLatin1String("completed_at")));
    record.totalSteps = intOf(object, "total_steps");
    record.completedSteps = intOf(object, "completed_steps");
    record.cachedSteps = intOf(object, "cached_steps");
    return record;
}

void HistoryRecord::addInspectJson(const QJsonObject &object)
{
    auto text = [&object](const char *key) {
        return object.value(QLatin1String(key)).toString();
    };
    if (name.isEmpty())
        name = text("Name");
    context = text("Context");
    dockerfile = text("Dockerfile");
    target = text("Target");
    platforms.clear();
    for (const QJsonValue &platform : object.value(QLatin1String("Platform")).toArray())
        platforms << platform.toString();
    const QString status = text("Status");
    if (status == QLatin1String("running"))
        this->status = Status::Running;
    else if (status == QLatin1String("failed"))
        this->status = Status::Failed;
    else if (status == QLatin1String("canceled"))
        this->status = Status::Canceled;
    else if (status == QLatin1String("completed"))
        this->status = Status::Completed;
    if (const QDateTime started = timeOf(object.value(QLatin1String("StartedAt"))); started.isValid())
        createdAt = started;
    if (const QDateTime completed = timeOf(object.value(QLatin1String("CompletedAt")));
        completed.isValid())
        completedAt = completed;
    totalSteps = intOf(object, "NumTotalSteps");
    completedSteps = intOf(object, "NumCompletedSteps");
    cachedSteps = intOf(object, "NumCachedSteps");
    buildArgs.clear();
    for (const QJsonValue &arg : object.value(QLatin1String("BuildArgs")).toArray()) {
        const QJsonObject pair = arg.toObject();
        buildArgs.append({pair.value(QLatin1String("Name")).toString(),
                          pair.value(QLatin1String("Value")).toString()});
    }
    const QJsonObject config = object.value(QLatin1String("Config")).toObject();
    for (const QJsonValue &raw : config.value(QLatin1String("RestRaw")).toArray()) {
        const QJsonObject pair = raw.toObject();
        if (pair.value(QLatin1String("Name")).toString() == QLatin1String("cache-imports"))
            cacheImports = cacheImportFlags(pair.value(QLatin1String("Value")).toString());
    }
    const QJsonObject failure = object.value(QLatin1String("Error")).toObject();
    if (!failure.isEmpty())
        error = failure.value(QLatin1String("Message")).toString();
}

std::optional<HistoryRecord> HistoryRecord::fromExportedJson(const QJsonObject &object,
                                                             QString *error)
{
    HistoryRecord record;
    record.ref = object.value(QLatin1String("Ref")).toString();
    if (record.ref.isEmpty()) {
        if (error)
            *error = QStringLiteral("the history record has no \"Ref\"");
        return std::nullopt;
    }
    record.createdAt = protoTimeOf(object.value(QLatin1String("CreatedAt")));
    record.completedAt = protoTimeOf(object.value(QLatin1String("CompletedAt")));
    record.totalSteps = intOf(object, "numTotalSteps");
    record.completedSteps = intOf(object, "numCompletedSteps");
    record.cachedSteps = intOf(object, "numCachedSteps");
    const QJsonObject failure = object.value(QLatin1String("error")).toObject();
    record.error = failure.value(QLatin1String("message")).toString();
    if (!record.completedAt.isValid())
        record.status = Status::Running;
    else if (!failure.isEmpty())
        // google.rpc.Code 1 is CANCELLED, as buildx's inspect tells a canceled build.
        record.status = intOf(failure, "code") == 1 ? Status::Canceled : Status::Failed;

    const QJsonObject attrs = object.value(QLatin1String("FrontendAttrs")).toObject();
    auto attr = [&attrs](const char *key) {
        return attrs.value(QLatin1String(key)).toString();
    };
    record.target = attr("target");
    record.dockerfile = attr("filename");
    record.context = attr("context");
    const QJsonObject local = object.value(QLatin1String("localState")).toObject();
    if (const QString path = local.value(QLatin1String("LocalPath")).toString();
        !path.isEmpty() && path != QLatin1String("-"))
        record.context = path;
    if (const QString path = local.value(QLatin1String("DockerfilePath")).toString();
        !path.isEmpty() && path != QLatin1String("-"))
        record.dockerfile = path;
    if (const QString platform = attr("platform"); !platform.isEmpty())
        record.platforms = platform.split(QLatin1Char(','));
    QStringList names = attrs.keys(); // sorted: the builder keeps no order
    for (const QString &key : std::as_const(names)) {
        if (key.startsWith(QLatin1String("build-arg:")))
            record.buildArgs.append({key.mid(10), attrs.value(key).toString()});
    }
    record.cacheImports = cacheImportFlags(attr("cache-imports"));
    const QJsonObject response = object.value(QLatin1String("ExporterResponse")).toObject();
    for (auto it = response.begin(); it != response.end(); ++it) {
        if (it.key().startsWith(QLatin1String("cache.")))
            record.cacheExports << it.key() + QLatin1Char('=') + it.value().toString();
    }
    // buildx's BuildName, as far as the record tells it: BUILDKIT_BUILD_NAME, else the
    // context folder's name with the target.
    record.name = attr("build-arg:BUILDKIT_BUILD_NAME");
    if (record.name.isEmpty()) {
        record.name = QFileInfo(record.context).fileName();
        if (!record.target.isEmpty())
            record.name += QStringLiteral(" (%1)").arg(record.target);
    }
    return record;
}

QStringList HistoryRecord::cacheImportFlags(const QString &json)
{
    QStringList flags;
    const QJsonArray imports = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue &value : imports) {
        const QJsonObject import = value.toObject();
        QStringList parts{QStringLiteral("type=") + import.value(QLatin1String("Type")).toString()};
        const QJsonObject attrs = import.value(QLatin1String("Attrs")).toObject();
        for (auto it = attrs.begin(); it != attrs.end(); ++it)
            parts << it.key() + QLatin1Char('=') + it.value().toString();
        flags << parts.join(QLatin1Char(','));
    }
    return flags;
}

} // namespace Cachelab
