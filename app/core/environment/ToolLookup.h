// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>

namespace Cachelab {

// Finding a tool and showing what it printed, shared by the version probe of reports and
// the environment check, so that both find the same `docker` and mask the same secrets.
namespace ToolLookup {

// The program on the PATH of `environment` (the scripts' environment, which may differ
// from Cachelab's own); the system PATH when it has none. Empty when not found.
QString find(const QString &name, const QProcessEnvironment &environment);
// Output for display: decoded, trimmed, cut to its first `lines` lines (0: all), with
// inline secrets and the secret values of `environment` masked.
QString displayText(const QByteArray &output, const QProcessEnvironment &environment,
                    int lines = 0);

} // namespace ToolLookup

} // namespace Cachelab
