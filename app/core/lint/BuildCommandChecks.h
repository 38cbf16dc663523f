// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lint/BuildCommand.h"
#include "core/lint/LintFinding.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Cachelab {

// The checks across the flags of one build command: where the cache goes against where
// it is read from, whether an inline cache's image is pushed, buildctl's ignored inline
// build-arg, misspelt image output keys (CacheFlagLint lists the codes).
class BuildCommandChecks
{
public:
    // pushedImages: what the script pushes with `docker push`, as written
    BuildCommandChecks(const BuildCommand &build, const QString &path,
                       const QStringList &pushedImages, QList<LintFinding> *findings);

    void check();

private:
    void checkRefs();
    void checkInlinePush();
    void checkBuildctlInlineArg();
    void checkOutputKeys();
    void add(int line, const char *code, const char *severity, const QString &message,
             const QString &suggestion = QString());

    const BuildCommand &m_build;
    const QString &m_path;
    const QStringList &m_pushedImages;
    QList<LintFinding> *m_findings;
};

} // namespace Cachelab
