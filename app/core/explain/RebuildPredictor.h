// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/dockerfile/Dockerfile.h"
#include "core/explain/StepExpectation.h"
#include "core/project/DockerIgnore.h"

#include <QList>
#include <QStringList>

namespace Cachelab {

// Which steps of the target a change of context files should make BuildKit run again,
// following how BuildKit keys its cache: a COPY/ADD from the context by the content of
// the files it copies, every other step by its parent and its own text. So a step must
// rebuild when it copies a changed file or follows, in its stage's chain (FROM an
// earlier stage included), a step that must; a COPY --from (or RUN --mount from=) of a
// stage that runs again may rebuild, as BuildKit compares what it copies; everything
// else must come from the cache. Files the .dockerignore excludes are not in the
// context and change nothing.
class RebuildPredictor
{
public:
    RebuildPredictor(const Dockerfile &dockerfile, const DockerIgnore &dockerIgnore);

    // Every step of the stages the target needs, in Dockerfile order. `changed`: paths
    // relative to the context, '/'-separated.
    QList<StepExpectation> predict(const QStringList &changed) const;

private:
    // The changed (and not ignored) files a COPY/ADD from the context takes.
    QStringList copiedChanges(const DockerfileInstruction &instruction,
                              const QStringList &changed) const;

    const Dockerfile &m_dockerfile;
    DockerIgnore m_dockerIgnore;
};

} // namespace Cachelab
