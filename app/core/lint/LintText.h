// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lint/BuildCommand.h"

#include <QString>
#include <QStringList>

namespace Cachelab {

struct TargetStages;

// Wording shared by the checks, so that every finding speaks the same way.
namespace LintText {

QString code(const QString &text); // `text`
QString codeList(const QStringList &items); // `a`, `b`, `c`
QString exportFlag(BuildCommand::Tool tool); // --export-cache or --cache-to
QString importFlag(BuildCommand::Tool tool); // --import-cache or --cache-from
// What min mode leaves out, e.g. "only the final stage `website-ssr`'s layers, not the 3
// other stages the target needs (`a`, `b`, `c`)".
QString minModeKeeps(const TargetStages &stages);
// A ref as compared with another: trimmed, `${NAME}` written `$NAME`.
QString comparableRef(const QString &ref);

} // namespace LintText

} // namespace Cachelab
