// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/dockerfile/DockerfileInstruction.h"
#include "core/dockerfile/DockerfileStep.h"

#include <QList>
#include <QString>

namespace Cachelab {

// What a stage starts from (its FROM).
struct StageBase
{
    enum class Kind
    {
        Image,
        Stage,
        Scratch
    };

    Kind kind = Kind::Image;
    QString ref; // as written, after ARG expansion: `alpine`, `build`, `scratch`
    // Image only: the normalised reference BuildKit v0.8 prints after FROM
    // (`docker.io/library/alpine`) and the one it loads metadata for and current BuildKit
    // prints (`docker.io/library/alpine:latest`).
    QString normalized;
    QString resolved;
    int stage = -1; // Stage only: index of the earlier stage

    static QString kindName(Kind kind); // "image", "stage", "scratch"
};

// One edge of the stage graph: this stage uses another stage, or an image that is not a
// stage (an "external" image), through FROM, COPY --from or RUN --mount from=.
struct StageDependency
{
    enum class Via
    {
        From,
        CopyFrom,
        RunMount
    };

    Via via = Via::From;
    int stage = -1; // index of the stage used; -1 for an external image
    QString image; // external image only: the reference as written
    int line = 0; // the instruction that makes the dependency
    bool onbuildTrigger = false; // made by an ONBUILD trigger inherited from the base stage

    static QString viaName(Via via); // "FROM", "COPY --from", "RUN --mount"
};

// One build stage: a FROM and the instructions up to the next FROM.
struct DockerfileStage
{
    int index = 0; // 0-based position of its FROM
    QString name; // the AS name in lower case, or `stage-<index>` when unnamed
    bool named = false;
    StageBase base;
    QString platform; // --platform after ARG expansion; empty when not given
    int firstLine = 0; // the FROM line
    int lastLine = 0; // last line of its last instruction
    QList<DockerfileInstruction> instructions; // the FROM first
    QList<DockerfileStep> steps;
    int stepCount = 0; // n in `[name i/n]`
    QList<StageDependency> dependencies; // in instruction order
    bool needed = false; // the target needs it: BuildKit builds it
};

} // namespace Cachelab
