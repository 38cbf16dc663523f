// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dockerfile/DockerfileInstruction.h"

namespace Cachelab {

bool DockerfileInstruction::hasFlag(const QString &name) const
{
    for (const DockerfileFlag &flag : flags) {
        if (flag.name == name)
            return true;
    }
    return false;
}

QString DockerfileInstruction::flagValue(const QString &name) const
{
    QString value;
    for (const DockerfileFlag &flag : flags) {
        if (flag.name == name)
            value = flag.value;
    }
    return value;
}

QStringList DockerfileInstruction::flagValues(const QString &name) const
{
    QStringList values;
    for (const DockerfileFlag &flag : flags) {
        if (flag.name == name)
            values.append(flag.value);
    }
    return values;
}

} // namespace Cachelab
