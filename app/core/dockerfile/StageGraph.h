// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/dockerfile/ArgExpander.h"
#include "core/dockerfile/Dockerfile.h"
#include "core/dockerfile/DockerfileError.h"

#include <QHash>
#include <QList>
#include <QString>

namespace Cachelab {

// The stage graph of a Dockerfile, worked out the way dockerfile2llb does before it
// builds anything: what each FROM starts from, which stages and images COPY --from and
// RUN --mount from= use, which stage is the target and which stages it needs.
// Call the steps in order; each fails with BuildKit's error for what it checks.
class StageGraph
{
public:
    StageGraph(QList<DockerfileStage> &stages, QChar escapeToken);

    // FROM after ARG expansion: an earlier stage (by its lower-case name, compared
    // case-sensitively, as BuildKit does), scratch, or an image; --platform expanded.
    bool resolveBases(const ArgExpander::Environment &globalArgs, DockerfileError *error);
    // --target by name (case-insensitive); empty: the last stage.
    bool findTarget(const QString &name, int *index, DockerfileError *error) const;
    // COPY --from and RUN --mount from= edges (also those of ONBUILD triggers inherited
    // from a base stage), then the check for cycles.
    bool collectDependencies(DockerfileError *error);
    // Every image reference must parse, needed or not, as in BuildKit.
    bool resolveImages(DockerfileError *error);
    // The stages the target needs: the closure over FROM and the edges above.
    bool markNeeded(int target, DockerfileError *error);

    // BuildKit leaves the stage name out of step labels when it has one "state": one
    // stage, and no image or mount source that is not a stage.
    bool labelsHaveStageName() const;
    QList<ExternalImage> externalImages() const { return m_externalImages; }

private:
    bool addDependencies(int stageIndex, const DockerfileInstruction &instruction, int line,
                         bool trigger, DockerfileError *error);
    void addImageDependency(int stageIndex, StageDependency::Via via, const QString &image,
                            int line, bool trigger);
    bool checkCycles(DockerfileError *error) const;

    QList<DockerfileStage> &m_stages;
    QChar m_escape;
    QHash<QString, int> m_byName; // AS names, lower case
    // BuildKit's other "states": an image named by COPY --from or a mount (its reference),
    // a mount without from= (empty), in the order met. A numeric --from past the stages
    // indexes into these, as it does in BuildKit.
    QStringList m_otherStates;
    QList<ExternalImage> m_externalImages;
    QHash<QString, int> m_externalImageIndex; // by reference as written
    // An inherited ONBUILD trigger BuildKit refuses fails the build only when the stage
    // that inherits it is built: kept until markNeeded() knows.
    QHash<int, DockerfileError> m_triggerErrors;
};

} // namespace Cachelab
