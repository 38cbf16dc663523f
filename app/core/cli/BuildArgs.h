// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace Cachelab {

// `--build-arg NAME=value` options, as the verbs that read a Dockerfile take them.
namespace BuildArgs {

// false and *bad set to the first argument that is not NAME=value.
bool parse(const QStringList &values, QMap<QString, QString> *args, QString *bad);

} // namespace BuildArgs

} // namespace Cachelab
