// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cli/BuildArgs.h"

#include "core/cli/CommandLine.h"

#include <QProcessEnvironment>

namespace Cachelab {

bool BuildArgs::parse(const QStringList &values, QMap<QString, QString> *args, QString *bad)
{
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &value : values) {
        const qsizetype equals = value.indexOf(QLatin1Char('='));
        if (equals == 0 || value.isEmpty()) {
            *bad = CommandLine::quoted(value);
            return false;
        }
        if (equals < 0) {
            // NAME alone: its value from the environment, as `docker build` takes it; not
            // set there, the argument stays unset (the Dockerfile's default holds).
            if (environment.contains(value))
                args->insert(value, environment.value(value));
            continue;
        }
        args->insert(value.left(equals), value.mid(equals + 1));
    }
    return true;
}

} // namespace Cachelab
