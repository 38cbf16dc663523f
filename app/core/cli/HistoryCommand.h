// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class QTextStream;

namespace Cachelab {

// `cachelab history ls [--builder NAME] [--format text|json]`: a buildx builder's build
// records (any driver: docker-container, remote, …) with status, time, duration and
// cached/total steps.
// `cachelab history import REF|FILE.dockerbuild… [--builder NAME] [--project DIR |
// --example] [--format text|json]`: each record (or each build of a .dockerbuild file) kept
// as a run of the project, with its steps (rawjson logs), build arguments, target and
// cache imports; a record imported before is not imported twice. Exit status: 0, 1 when
// something could not be read or kept (said on stderr, the others still imported), 2 on a
// usage error.
// buildx runs in the lab's environment when the lab is up (its engine and builder
// `cachelab`), else in Cachelab's own.
namespace HistoryCommand {
int run(const QStringList &arguments, QTextStream &out, QTextStream &err);
} // namespace HistoryCommand

} // namespace Cachelab
