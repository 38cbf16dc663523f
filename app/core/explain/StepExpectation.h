// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/analysis/StepRef.h"

#include <QString>
#include <QStringList>

namespace Cachelab {

// What a step of the target should do in the next build, from what changed in the
// context: nothing it uses changed (cached), a file it copies changed or a step before it
// in its chain must run (rebuild), or it copies from a stage that runs again and BuildKit
// decides by the copied content (may rebuild).
struct StepExpectation
{
    enum class Expect
    {
        Cached,
        MayRebuild,
        MustRebuild
    };

    StepRef step;
    Expect expect = Expect::Cached;
    QString reason; // in words: "copies assets/js/file1.js", "follows [build-public 4/8]"
    QStringList changedFiles; // the changed context files it copies itself

    static QString expectName(Expect expect); // "cached", "may-rebuild", "must-rebuild"
};

} // namespace Cachelab
