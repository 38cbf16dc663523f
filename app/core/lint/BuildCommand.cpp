// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lint/BuildCommand.h"

namespace Cachelab {

QStringList BuildOutput::names() const
{
    QStringList names;
    const QStringList parts = attributes.value(QStringLiteral("name")).split(QLatin1Char(','));
    for (const QString &part : parts) {
        if (!part.trimmed().isEmpty())
            names.append(part.trimmed());
    }
    return names;
}

bool BuildOutput::pushes() const
{
    if (type() == QLatin1String("registry"))
        return true;
    const QString push = attributes.value(QStringLiteral("push")).toLower();
    return type() == QLatin1String("image")
        && (push == QLatin1String("true") || push == QLatin1String("1"));
}

QString BuildCommand::toolName(Tool tool)
{
    switch (tool) {
    case Tool::Buildctl:
        return QStringLiteral("buildctl");
    case Tool::Buildx:
        return QStringLiteral("buildx");
    case Tool::DockerBuild:
        return QStringLiteral("docker build");
    }
    return QString();
}

QStringList BuildCommand::imageNames() const
{
    QStringList names = tags;
    for (const BuildOutput &output : outputs)
        names += output.names();
    return names;
}

bool BuildCommand::pushesImage() const
{
    if (pushFlag)
        return true;
    for (const BuildOutput &output : outputs) {
        if (output.pushes())
            return true;
    }
    return false;
}

} // namespace Cachelab
