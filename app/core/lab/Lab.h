// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lab/LabEngine.h"

#include <QMap>
#include <QProcessEnvironment>
#include <QString>

namespace Cachelab {

// The lab as a whole: its registry (LabRegistry), the buildx plugin (LabBuildx) and the
// engine with its builder and image (LabEngine), set up and taken down piece by piece, and
// what a script gets from it. `cachelab lab`, Set Up Lab and every script run use these.
namespace Lab {

using Progress = LabEngine::Progress;

// Each piece in turn: the registry, buildx, the engine. A piece that fails says why (in
// *error, joined) and leaves the others as they are; true when all are there.
bool up(const QString &root, const Progress &progress, QString *error);
// The engine, buildx and the registry, each only as far as the lab made it.
bool down(const QString &root, const Progress &progress, QString *error);

// The registry repository for a project folder's name: lower case, [a-z0-9._-], no
// leading separator (the distribution spec's rules).
QString repositoryName(const QString &folder);

// The variables a script gets: the lab engine's (unless the settings name a DOCKER_HOST of
// their own), DOCKER_REPO on the lab registry (unless the settings or the inherited
// environment name one; only with a project name), and over them the settings'. The lab's
// repository is one per project and script (127.0.0.1:PORT/<project>/<script>): each
// script's cache stays its own, so that build.sh's min-mode cache never warms buildx's
// first run, and the two can be compared as #1515 does. On the private engine (no bridge
// network) a script whose builds are `docker build` also gets
// CACHELAB_BUILD_FLAGS=--network=host, unless the settings name build flags.
QMap<QString, QString> scriptEnvironment(const QString &root, const QString &projectName,
                                         const QString &scriptPath,
                                         const QMap<QString, QString> &settings,
                                         const QProcessEnvironment &inherited
                                         = QProcessEnvironment::systemEnvironment());
// The inherited environment with scriptEnvironment() applied: what the environment check
// and `lab status` probe with.
QProcessEnvironment applied(const QMap<QString, QString> &variables,
                            QProcessEnvironment environment = QProcessEnvironment::systemEnvironment());
// The environment docker and buildx are run in outside of a script (the environment
// check, `doctor`, builder history): the lab's engine and registry under the default data
// folder, and the Settings' values over them (a value set there replaces the inherited
// one, an empty one leaves it).
QProcessEnvironment toolEnvironment();

} // namespace Lab

} // namespace Cachelab
