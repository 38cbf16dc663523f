// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lint/BuildCommand.h"
#include "core/lint/ShellCommand.h"

#include <optional>
#include <QList>
#include <QString>
#include <QStringList>

namespace Cachelab {

// What a script builds and pushes.
struct ScriptBuilds
{
    QList<BuildCommand> builds;
    QStringList pushedImages; // `docker push REF` / `docker image push REF`, as written
    QList<ShellSyntaxProblem> problems; // what makes bash read the script otherwise
};

// Finds the BuildKit build commands in a script and reads their cache flags:
// `buildctl build` and `buildctl-daemonless.sh build` (also as the command of a
// `docker run ... moby/buildkit ...`), `docker buildx build`, `docker build` (with
// `DOCKER_BUILDKIT=1` or not), behind `sudo`, `env`, `if`/`then` and the like. A command is
// known by its first words only, so `echo docker build ...` and a heredoc are not builds.
namespace BuildCommandFinder {

ScriptBuilds find(const QString &scriptText, const QString &path);
// One shell command: a build (cache flags with file and line filled in), or nullopt.
std::optional<BuildCommand> recognise(const ShellCommand &command, const QString &path);

} // namespace BuildCommandFinder

} // namespace Cachelab
