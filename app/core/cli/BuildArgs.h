// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace Cachelab {

// `--build-arg NAME=value` options, as the verbs that read a Dockerfile take them.
class BuildArgs
{
public:
    // false and *bad set to the first argument that is not NAME=value.
    static bool parse(const QStringList &values, QMap<QString, QString> *args, QString *bad);
};

} // namespace Cachelab
