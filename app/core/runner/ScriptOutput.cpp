// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runner/ScriptOutput.h"

#include <QRegularExpression>

namespace Cachelab {

QString ScriptOutput::firstErrorLine(QByteArrayView output)
{
    // Whole lines only, and anchored patterns (the docker CLI starts each of its own errors
    // with "docker: "): a step's output that merely mentions
    // "error" (a file error.js, a test named so) is not the failure.
    static const QRegularExpression pattern(
        QStringLiteral("^(?:#\\d+ (?:\\d+\\.\\d+ )?)?(?:ERROR[: ]|error: |Error: |Error response from daemon"
                       "|docker: \\S|Unable to find image|Cannot connect to the Docker daemon"
                       "|.*: command not found$|.*: No such file or directory$|.*: not found$)"));
    qsizetype start = 0;
    while (start < output.size()) {
        qsizetype end = output.indexOf('\n', start);
        if (end < 0)
            end = output.size();
        const QString line = QString::fromUtf8(output.sliced(start, end - start)).trimmed();
        start = end + 1;
        if (line.isEmpty() || !pattern.match(line).hasMatch())
            continue;
        return line.size() > 200 ? line.left(199) + QChar(0x2026) : line;
    }
    return {};
}

} // namespace Cachelab
