// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lint/BuildCommand.h"
#include "core/lint/CacheFlag.h"
#include "core/lint/LintFinding.h"
#include "core/lint/TargetStages.h"

#include <QList>

namespace Cachelab {

// The checks on one cache flag by itself: its syntax, type, keys and mode, and what an
// inline cache means for the target (CacheFlagLint lists the codes).
class CacheFlagChecks
{
public:
    CacheFlagChecks(const BuildCommand &build, const TargetStages &stages,
                    QList<LintFinding> *findings);

    void check(const CacheFlag &flag);

private:
    bool checkSyntax(const CacheFlag &flag);
    bool checkType(const CacheFlag &flag);
    bool checkKeys(const CacheFlag &flag); // true when a misspelt key stands for `mode`
    void checkMode(const CacheFlag &flag, bool modeMisspelt);
    void checkInline(const CacheFlag &flag);
    void add(const CacheFlag &flag, const char *code, const char *severity, const QString &message,
             const QString &suggestion = QString());

    const BuildCommand &m_build;
    const TargetStages &m_stages;
    QList<LintFinding> *m_findings;
};

} // namespace Cachelab
