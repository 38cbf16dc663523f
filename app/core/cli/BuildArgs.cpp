// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cli/BuildArgs.h"

namespace Cachelab {

bool BuildArgs::parse(const QStringList &values, QMap<QString, QString> *args, QString *bad)
{
    for (const QString &value : values) {
        const qsizetype equals = value.indexOf(QLatin1Char('='));
        if (equals <= 0) {
            *bad = value;
            return false;
        }
        args->insert(value.left(equals), value.mid(equals + 1));
    }
    return true;
}

} // namespace Cachelab
