// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class QTextStream;

namespace Cachelab {

// The window's main job without a window, for CI and for maintainers. Runs are kept in
// the same run store as the window's (the user's data folder), so they show there too.
namespace ProjectCommands {

// `cachelab run [--project DIR] SCRIPT [--format text|json]`: runs a project script
// through the window's runner (its own process group, BUILDKIT_PROGRESS=plain, the
// Settings in its environment), its output on stderr as it comes, the run stored; then
// the run's summary on stdout. Exit status: the script's (0 when it succeeded), 130 when
// canceled (SIGINT/SIGTERM end the script and everything it started), 1 when it could
// not start, 2 on a usage error.
int run(const QStringList &arguments, QTextStream &out, QTextStream &err);

// `cachelab runs [--project DIR] [--format text|json]`: the project's stored runs, oldest
// first: id, script, outcome, steps, exported layers, changed files, the run each follows.
int runs(const QStringList &arguments, QTextStream &out, QTextStream &err);

// `cachelab edit [--project DIR]`: the project's scenario edit (`.cachelab.json`), as
// Run → Edit does.
int edit(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace ProjectCommands

} // namespace Cachelab
