// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>
#include <optional>
#include <QString>

namespace Cachelab {

// One `RUN --mount=type=…,from=…,source=…,target=…`. Only what the stage graph needs is
// kept; the other keys (id, sharing, mode, uid, gid, ro, …) are accepted and ignored.
struct RunMount
{
    QString type = QStringLiteral("bind"); // BuildKit's default
    QString from; // a stage name or an image; empty: the build context (bind) or nothing
    QString source;
    QString target;

    // BuildKit reads the flag value as one CSV record of key=value fields.
    // nullopt and *error for what BuildKit refuses when parsing the Dockerfile: a
    // malformed record or a variable in from=.
    static std::optional<RunMount> parse(const QString &flagValue, QString *error);

    // What BuildKit checks when it builds the stage, with the values expanded by `expand`
    // (false and *error from it stop the check): known keys and types, well-formed values,
    // and the rules between them (a secret mount has no from=, sharing is for caches, ...).
    using Expand = std::function<bool(QString *value, QString *error)>;
    static bool check(const QString &flagValue, const Expand &expand, QString *error);

    // The mount types BuildKit knows; anything else is refused when the stage is built.
    static bool isKnownType(const QString &type);
};

} // namespace Cachelab
