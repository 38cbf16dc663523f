// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Cachelab {

// An instruction that BuildKit shows as a vertex of its own, with the name it prints:
// `[build-public 4/8] COPY assets assets`.
//
// BuildKit counts FROM (when the base is an image), RUN, COPY, ADD and WORKDIR, plus the
// ONBUILD triggers a stage inherits from a stage it is built FROM (current BuildKit runs
// those first, as `[app 1/4] ONBUILD RUN …`). A WORKDIR that ends at `/` counts in n but
// makes no vertex, so no step has its number: i ≤ n, and i = n need not occur.
struct DockerfileStep
{
    enum class Kind
    {
        From,
        Run,
        Copy,
        Add,
        Workdir
    };

    int stage = -1; // index of the stage
    int number = 0; // i, 1-based
    int total = 0; // n: what the stage counts
    int line = 0; // 1-based line of the instruction (of the ONBUILD, for a trigger)
    int instruction = -1; // index into the stage's instructions (the base stage's, for a trigger)
    bool onbuildTrigger = false;
    Kind kind = Kind::Run;
    QString keyword; // FROM, RUN, COPY, ADD or WORKDIR, as kind says
    // What BuildKit prints after the prefix: the instruction as written, continuation lines
    // joined, keyword in upper case and, for COPY, ADD and WORKDIR, ARG/ENV values expanded
    // and quotes removed; RUN keeps quotes and leaves unknown variables as written. FROM
    // shows the normalised reference: `FROM docker.io/library/alpine:latest`.
    QString text;
    // `[build-public 4/8]`: the stage name is left out when the Dockerfile has one stage,
    // and i is right-aligned to the width of n (`[build  3/11]`), as BuildKit does.
    QString prefix;
    QString label; // prefix + ' ' + text
    // The label as BuildKit before v0.17 printed it (Docker 20.10 to 27's own builder,
    // buildx builders of those versions): ONBUILD triggers were dispatched as plain steps,
    // without the word ONBUILD and left out of n, so a stage with triggers prints i past n
    // (`[app 3/2] RUN …`); without any counted step of its own, no bracket at all. Equal
    // to label for every stage that inherits no trigger.
    QString legacyLabel;
};

} // namespace Cachelab
