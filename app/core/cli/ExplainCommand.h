// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/dockerfile/Dockerfile.h"
#include "core/explain/RebuildExplanation.h"
#include "core/progress/BuildRun.h"

#include <optional>
#include <QStringList>

class QTextStream;

namespace Cachelab {

// `cachelab explain --dockerfile F --before LOG_A --after LOG_B [--changed PATH]…
// [--script SCRIPT]… [--format text|json|markdown]`: which rebuilds of LOG_B the files
// changed since LOG_A explain, which they do not, and why those ran (the cache export of
// LOG_A, the scripts' cache flags, LOG_B's cache import).
class ExplainCommand
{
public:
    static int run(const QStringList &arguments, QTextStream &out, QTextStream &err);

    // What explain reads, and what it makes of it: shared with `cachelab report`.
    struct Input
    {
        QString dockerfile;
        QString before; // log path; may be empty
        QString after;
        QStringList changed;
        QStringList scripts;
        QString context; // empty: the Dockerfile's folder
        QStringList buildArgs; // NAME=value
        QString target;
        // The builder's cache debug store after each run (docs/cache-debug.md): with both,
        // every step that ran gets its cache-key X-ray; else the explanation says why not.
        QString beforeCacheDebug;
        QString afterCacheDebug;
    };
    struct Output
    {
        std::optional<Dockerfile> dockerfile;
        std::optional<BuildRun> before;
        std::optional<BuildRun> after;
        RebuildExplanation explanation;
        QStringList warnings; // one line each: a log that matches no step of the Dockerfile
    };
    // false with one line in *error (exit status 1); a bad --build-arg, --changed or
    // --context, or the same log twice, is status 2.
    static bool explain(const Input &input, Output *output, QString *error, int *status);
};

} // namespace Cachelab
