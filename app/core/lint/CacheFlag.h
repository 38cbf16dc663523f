// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace Cachelab {

// One cache flag as a build command line gives it.
struct CacheFlag
{
    enum class Kind
    {
        Import, // --import-cache, --cache-from
        Export, // --export-cache, --cache-to
        InlineBuildArg // --build-arg BUILDKIT_INLINE_CACHE=1 (an inline export)
    };

    Kind kind = Kind::Import;
    QString tool; // "buildctl", "buildx", "docker build"
    QString file; // script path as given
    int line = 0; // 1-based line of the flag in the script
    QString raw; // the flag's value as written, e.g.
                 // "type=registry,ref=$DOCKER_REPO/test:cache,mod=max,push=true"
    // Parsed key=value pairs (type, ref, mode, push, ...), keys in lower case as buildx and
    // buildctl pass them on; a bare value like "user/app:cache" is ref with type registry.
    // An InlineBuildArg has type inline.
    QMap<QString, QString> attributes;

    QString flag; // the option as written: "--export-cache", "--cache-to", "--build-arg", ...
    int command = 0; // which build command of the script (0-based), for checks within one
    QString parseError; // why the value could not be read as key=value pairs; empty when fine
    QStringList duplicateKeys; // keys given more than once (the last one wins)

    QString type() const { return attributes.value(QStringLiteral("type")); }
    QString ref() const { return attributes.value(QStringLiteral("ref")); }
    bool isExport() const { return kind != Kind::Import; }
    bool isInline() const { return type() == QLatin1String("inline"); }

    // For exports: "max" or "min" as BuildKit would apply it (unknown keys ignored:
    // mod=max -> "min"; inline is always "min"); empty for imports.
    QString effectiveMode() const;

    QJsonObject toJson() const;
    static QString kindName(Kind kind); // "import", "export", "inline-build-arg"

    // The flags one value stands for: one, or one per ref for buildx's ref-only shorthand
    // (`--cache-from a:cache,b:cache`). Only kind and raw are needed; the caller fills the
    // rest (tool, file, line, flag, command).
    static QList<CacheFlag> fromValue(Kind kind, const QString &raw);
};

} // namespace Cachelab
