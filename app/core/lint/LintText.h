// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lint/BuildCommand.h"

#include <QString>
#include <QStringList>

namespace Cachelab {

struct TargetStages;

// Wording shared by the checks, so that every finding speaks the same way.
class LintText
{
public:
    static QString code(const QString &text); // `text`
    static QString codeList(const QStringList &items); // `a`, `b`, `c`
    static QString exportFlag(BuildCommand::Tool tool); // --export-cache or --cache-to
    static QString importFlag(BuildCommand::Tool tool); // --import-cache or --cache-from
    // What min mode leaves out, e.g. "only the final stage `website-ssr`'s layers, not the 3
    // other stages the target needs (`a`, `b`, `c`)".
    static QString minModeKeeps(const TargetStages &stages);
    // A ref as compared with another: trimmed, `${NAME}` written `$NAME`.
    static QString comparableRef(const QString &ref);
};

} // namespace Cachelab
