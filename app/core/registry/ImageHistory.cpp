// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/ImageHistory.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Cachelab {

std::optional<ImageHistory> ImageHistory::fromConfig(const QByteArray &json, QString *error)
{
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (!document.isObject()) {
        if (error)
            *error = QStringLiteral("the image config is not a JSON object");
        return std::nullopt;
    }
    const QJsonObject config = document.object();
    ImageHistory history;
    const QJsonArray diffIds = config.value(QLatin1String("rootfs"))
                                   .toObject()
                                   .value(QLatin1String("diff_ids"))
                                   .toArray();
    for (const QJsonValue &diffId : diffIds)
        history.m_diffIds.append(diffId.toString());
    const QJsonArray entries = config.value(QLatin1String("history")).toArray();
    for (const QJsonValue &value : entries) {
        const QJsonObject entry = value.toObject();
        if (entry.value(QLatin1String("empty_layer")).toBool())
            continue;
        // BuildKit appends " # buildkit" to what it made; the base image's entries may say
        // nothing (an import has "Imported from -" or no history at all).
        QString command = entry.value(QLatin1String("created_by")).toString().trimmed();
        if (command.endsWith(QLatin1String("# buildkit")))
            command = command.chopped(int(qstrlen("# buildkit"))).trimmed();
        history.m_commands.append(command);
    }
    // A history that does not match the layers one to one names nothing.
    if (history.m_commands.size() != history.m_diffIds.size())
        history.m_commands = QStringList();
    while (history.m_commands.size() < history.m_diffIds.size())
        history.m_commands.append(QString());
    return history;
}

} // namespace Cachelab
