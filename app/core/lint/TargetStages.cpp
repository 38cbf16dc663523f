// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lint/TargetStages.h"

#include "core/dockerfile/Dockerfile.h"

#include <algorithm>
#include <utility>

namespace Cachelab {

QStringList TargetStages::others() const
{
    QStringList names = needed;
    names.removeAll(target);
    return names;
}

TargetStages TargetStages::of(const Dockerfile *dockerfile, const QString &buildTarget)
{
    TargetStages result;
    if (!dockerfile || dockerfile->stages().isEmpty())
        return result;
    result.known = true;
    const DockerfileStage *target
        = buildTarget.isEmpty() ? nullptr : dockerfile->stage(buildTarget);
    QList<int> needed;
    if (!target) {
        target = &dockerfile->target();
        needed = dockerfile->neededStages();
    } else {
        // Another target than the Dockerfile was parsed for: follow its dependencies (FROM
        // an earlier stage, COPY --from, RUN --mount from=).
        QList<int> pending { target->index };
        while (!pending.isEmpty()) {
            const int index = pending.takeLast();
            if (needed.contains(index))
                continue;
            needed.append(index);
            const DockerfileStage *stage = dockerfile->stage(index);
            if (!stage)
                continue;
            for (const StageDependency &dependency : stage->dependencies) {
                if (dependency.stage >= 0)
                    pending.append(dependency.stage);
            }
        }
        std::sort(needed.begin(), needed.end());
    }
    result.target = target->name;
    for (const int index : std::as_const(needed)) {
        if (const DockerfileStage *stage = dockerfile->stage(index))
            result.needed.append(stage->name);
    }
    return result;
}

} // namespace Cachelab
