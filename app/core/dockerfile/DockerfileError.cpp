// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dockerfile/DockerfileError.h"

namespace Cachelab {

QString DockerfileError::toString() const
{
    if (line > 0)
        return file + QLatin1Char(':') + QString::number(line) + QLatin1String(": ") + message;
    return file + QLatin1String(": ") + message;
}

} // namespace Cachelab
