// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/StoredRun.h"

#include <QJsonArray>

namespace Cachelab {

namespace {
constexpr int kFormatVersion = 1;
} // namespace

QString StoredRun::originName(Origin origin)
{
    switch (origin) {
    case Origin::Script:
        return QStringLiteral("script");
    case Origin::Imported:
        return QStringLiteral("imported");
    case Origin::Demo:
        return QStringLiteral("demo");
    case Origin::BuilderHistory:
        return QStringLiteral("builder-history");
    }
    return {};
}

StoredRun::Origin StoredRun::originFromName(const QString &name)
{
    for (Origin known : {Origin::Imported, Origin::Demo, Origin::BuilderHistory}) {
        if (name == originName(known))
            return known;
    }
    return Origin::Script;
}

QJsonObject StoredRun::metadataJson() const
{
    QJsonObject object {
        { QStringLiteral("formatVersion"), kFormatVersion },
        { QStringLiteral("id"), id },
        { QStringLiteral("origin"), originName(origin) },
        { QStringLiteral("projectDir"), projectDir },
        { QStringLiteral("dockerfile"), dockerfile },
        { QStringLiteral("script"), script },
        { QStringLiteral("label"), label },
        { QStringLiteral("commandLine"), commandLine },
        { QStringLiteral("environment"), QJsonArray::fromStringList(environment) },
        { QStringLiteral("changedFiles"), QJsonArray::fromStringList(changedFiles) },
        { QStringLiteral("context"), context.toJson() },
        { QStringLiteral("ending"), RunResult::endingName(result.ending) },
        { QStringLiteral("exitCode"), result.exitCode },
        { QStringLiteral("message"), result.message },
        { QStringLiteral("started"), result.started.toString(Qt::ISODateWithMs) },
        { QStringLiteral("finished"), result.finished.toString(Qt::ISODateWithMs) },
    };
    if (history)
        object.insert(QStringLiteral("history"), history->toJson());
    return object;
}

bool StoredRun::readMetadata(const QJsonObject &object)
{
    const int version = object.value(QStringLiteral("formatVersion")).toInt(-1);
    if (version != kFormatVersion) {
        error = QStringLiteral("unknown format version %1").arg(version);
        return false;
    }
    id = object.value(QStringLiteral("id")).toString();
    const QString originText = object.value(QStringLiteral("origin")).toString();
    origin = originFromName(originText);
    if (const QJsonObject record = object.value(QStringLiteral("history")).toObject();
        !record.isEmpty())
        history = HistoryRecord::fromJson(record);
    projectDir = object.value(QStringLiteral("projectDir")).toString();
    dockerfile = object.value(QStringLiteral("dockerfile")).toString();
    script = object.value(QStringLiteral("script")).toString();
    label = object.value(QStringLiteral("label")).toString();
    commandLine = object.value(QStringLiteral("commandLine")).toString();
    environment = object.value(QStringLiteral("environment")).toVariant().toStringList();
    changedFiles = object.value(QStringLiteral("changedFiles")).toVariant().toStringList();
    context = ContextSnapshot::fromJson(object.value(QStringLiteral("context")).toObject());
    const auto ending = RunResult::endingFromName(object.value(QStringLiteral("ending")).toString());
    if (id.isEmpty() || label.isEmpty() || !ending) {
        error = QStringLiteral("missing id, label or ending");
        return false;
    }
    result.ending = *ending;
    result.exitCode = object.value(QStringLiteral("exitCode")).toInt(-1);
    result.message = object.value(QStringLiteral("message")).toString();
    result.started = QDateTime::fromString(object.value(QStringLiteral("started")).toString(),
                                           Qt::ISODateWithMs);
    result.finished = QDateTime::fromString(object.value(QStringLiteral("finished")).toString(),
                                            Qt::ISODateWithMs);
    return true;
}

} // namespace Cachelab
