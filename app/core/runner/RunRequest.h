// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace Cachelab {

// What to run: a project's build script, in the project folder, with the settings the
// user gave (DOCKER_REPO, DOCKER_HOST, extra build flags) as environment variables.
struct RunRequest
{
    QString projectDir;
    QString script; // absolute path
    QStringList arguments;
    QMap<QString, QString> environment; // added to (and overriding) the inherited one
    QString label; // what the user sees, e.g. "build.sh"; defaults to the script's name
};

} // namespace Cachelab
