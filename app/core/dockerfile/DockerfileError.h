// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Cachelab {

// Why a Dockerfile could not be read: where (file and 1-based line) and what.
// line is 0 when the problem has no place in the file (an unknown --target, say).
struct DockerfileError
{
    QString file;
    int line = 0;
    QString message;

    // "path:line: message", the form compilers use, so that editors can jump to it;
    // "path: message" when there is no line.
    QString toString() const;
};

} // namespace Cachelab
