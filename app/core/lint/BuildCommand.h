// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lint/CacheFlag.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace Cachelab {

// An `--output`/`-o` of a build: where the result goes (an inline cache goes with it).
struct BuildOutput
{
    int line = 0;
    QString raw;
    QMap<QString, QString> attributes; // keys in lower case; `-o dir` is type local, dest dir

    QString type() const { return attributes.value(QStringLiteral("type")); }
    QStringList names() const; // `name=a,b` (quoted in the CSV) is two names
    bool pushes() const; // type=registry, or push=true on type=image
};

// One build command line of a script, reduced to what the cache depends on.
struct BuildCommand
{
    enum class Tool
    {
        Buildctl, // buildctl build, buildctl-daemonless.sh build (also in a docker run)
        Buildx, // docker buildx build
        DockerBuild // docker build, the engine's built-in BuildKit
    };

    Tool tool = Tool::Buildx;
    int index = 0; // 0-based among the script's build commands
    int line = 0; // line of the command's first word
    QList<CacheFlag> cacheFlags;
    QList<BuildOutput> outputs;
    QStringList tags; // -t / --tag
    bool pushFlag = false; // buildx --push
    QString target; // --target, or buildctl --opt target=
    // buildctl --opt build-arg:BUILDKIT_INLINE_CACHE=1, which buildctl ignores; 0 if absent
    int ignoredInlineBuildArgLine = 0;

    QString toolName() const { return toolName(tool); }
    static QString toolName(Tool tool); // "buildctl", "buildx", "docker build"
    QStringList imageNames() const; // the tags and the image outputs' names
    bool pushesImage() const;
};

} // namespace Cachelab
