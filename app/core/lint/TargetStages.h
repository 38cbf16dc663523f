// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Cachelab {

class Dockerfile;

// The stages a build's target needs, which decides what a min-mode cache leaves out: min
// mode exports the layers of the final stage only, so every other needed stage is
// rebuilt on a builder that has nothing but the imported cache.
struct TargetStages
{
    bool known = false; // false without a Dockerfile
    QString target; // the target stage's name
    QStringList needed; // names of the stages the target needs, itself last

    bool isMultiStage() const { return known && needed.size() > 1; }
    QStringList others() const; // the needed stages besides the target

    // `buildTarget` is the build command's --target; empty, or a name the Dockerfile does
    // not have (an unexpanded `$TARGET`), keeps the target the Dockerfile was parsed with.
    static TargetStages of(const Dockerfile *dockerfile, const QString &buildTarget);
};

} // namespace Cachelab
