// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace Cachelab {

// `--build-arg NAME=value` (or NAME: the value from the environment, as `docker build`
// takes it) options, as the verbs that read a Dockerfile take them.
namespace BuildArgs {

// false and *bad set (quoted for an error line) to the first argument with no name.
bool parse(const QStringList &values, QMap<QString, QString> *args, QString *bad);

} // namespace BuildArgs

} // namespace Cachelab
