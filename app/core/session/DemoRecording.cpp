// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/session/DemoRecording.h"

namespace Cachelab {

DemoRecording DemoRecording::of(const QString &fileName)
{
    // The scenario's edit, made before every rebuild of the sequences.
    const QStringList edit { QStringLiteral("assets/js/file1.js") };
    struct Known
    {
        const char *name;
        const char *script;
        bool edited;
        const char *previous;
    };
    static const Known known[] = {
        // 1. build.sh, edit, build.sh (buildctl-daemonless: an empty local cache each time)
        { "buildctl-v0.34.2-01-cold.log", "build.sh", false, "" },
        { "buildctl-v0.34.2-02-rebuild-after-edit.log", "build.sh", true,
          "buildctl-v0.34.2-01-cold.log" },
        // 2. buildx, edit, buildx with the builder's cache kept
        { "buildx-v0.38.2-03-cold.log", "build-with-buildx.sh", false, "" },
        { "buildx-v0.38.2-04-rebuild-warm.log", "build-with-buildx.sh", true,
          "buildx-v0.38.2-03-cold.log" },
        // 3. buildx, edit, builder pruned, buildx
        { "buildx-v0.38.2-05-cold.log", "build-with-buildx.sh", false, "" },
        { "buildx-v0.38.2-06-rebuild-pruned.log", "build-with-buildx.sh", true,
          "buildx-v0.38.2-05-cold.log" },
        // 4. on 3's project and registry: edit again, build.sh imports buildx's cache
        { "buildctl-v0.34.2-07-after-buildx.log", "build.sh", true,
          "buildx-v0.38.2-06-rebuild-pruned.log" },
        // Docker 20.10's built-in BuildKit, inline cache
        { "docker-20.10-inline-01-cold.log", "build-with-docker.sh", false, "" },
        { "docker-20.10-inline-02-rebuild-after-edit.log", "build-with-docker.sh", true,
          "docker-20.10-inline-01-cold.log" },
        { "docker-20.10-inline-03-failed-step.log", "build-with-docker.sh", false, "" },
    };
    for (const Known &entry : known) {
        if (fileName == QLatin1String(entry.name))
            return { fileName, QLatin1String(entry.script), entry.edited ? edit : QStringList(),
                     QLatin1String(entry.previous) };
    }
    return {};
}

} // namespace Cachelab
