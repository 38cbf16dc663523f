// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Cachelab {

// What a vertex name says about the Dockerfile step it ran:
//   "[linux/amd64 build-public 4/8] COPY assets assets" -> platform, stage, 4, 8, instruction
//   "[4/8] RUN make"                                   -> a one-stage Dockerfile (no stage)
//   "FROM docker.io/library/alpine"                    -> a FROM printed without a prefix
// BuildKit right-aligns i to the width of n ("[build  3/11]") and never promises i <= n
// (ONBUILD triggers), so neither is assumed.
struct StepLabel
{
    bool valid = false; // the name is a Dockerfile step at all
    QString platform;
    QString stage; // lower-case as BuildKit prints it; empty for one-stage files and bare FROM
    int index = 0; // i; 0 for a bare FROM
    int total = 0; // n; 0 for a bare FROM
    QString instruction; // the text after the bracket, e.g. "COPY assets assets"
    QString keyword() const; // "COPY", upper-case

    static StepLabel parse(const QString &vertexName);
};

} // namespace Cachelab
