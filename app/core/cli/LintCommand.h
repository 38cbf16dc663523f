// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class QTextStream;

namespace Cachelab {

// `cachelab lint [--dockerfile F] [--target T] [--format text|json] SCRIPT...`: the cache
// flag lint on build scripts, one "file:line: severity: message (suggestion)" per finding.
// Without --dockerfile, a `Dockerfile` beside each script is used when there is one (the
// #1515 scripts build the folder they are in); the multi-stage checks need it. Exit status
// 0 when there is no error or warning, 1 when there is (or a script cannot be read),
// 2 on a usage error.
class LintCommand
{
public:
    static int run(const QStringList &arguments, QTextStream &out, QTextStream &err);
};

} // namespace Cachelab
