// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lint/LintFinding.h"

namespace Cachelab {

QString LintFinding::toText() const
{
    QString text = QStringLiteral("%1:%2: %3: %4").arg(file).arg(line).arg(severity, message);
    if (!suggestion.isEmpty())
        text += QStringLiteral(" (%1)").arg(suggestion);
    return text;
}

QJsonObject LintFinding::toJson() const
{
    return QJsonObject {
        { QStringLiteral("file"), file },       { QStringLiteral("line"), line },
        { QStringLiteral("code"), code },       { QStringLiteral("severity"), severity },
        { QStringLiteral("message"), message }, { QStringLiteral("suggestion"), suggestion }
    };
}

bool LintFinding::isProblem() const
{
    return severity == QLatin1String("error") || severity == QLatin1String("warning");
}

QString LintFinding::toText(const QList<LintFinding> &findings)
{
    QString text;
    for (const LintFinding &finding : findings)
        text += finding.toText() + QLatin1Char('\n');
    return text;
}

} // namespace Cachelab
