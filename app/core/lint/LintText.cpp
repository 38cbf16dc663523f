// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lint/LintText.h"

#include "core/lint/TargetStages.h"

#include <QRegularExpression>

namespace Cachelab {

QString LintText::code(const QString &text)
{
    return QLatin1Char('`') + text + QLatin1Char('`');
}

QString LintText::codeList(const QStringList &items)
{
    QStringList quoted;
    for (const QString &item : items)
        quoted.append(code(item));
    return quoted.join(QStringLiteral(", "));
}

QString LintText::exportFlag(BuildCommand::Tool tool)
{
    return tool == BuildCommand::Tool::Buildctl ? QStringLiteral("--export-cache")
                                                : QStringLiteral("--cache-to");
}

QString LintText::importFlag(BuildCommand::Tool tool)
{
    return tool == BuildCommand::Tool::Buildctl ? QStringLiteral("--import-cache")
                                                : QStringLiteral("--cache-from");
}

QString LintText::minModeKeeps(const TargetStages &stages)
{
    if (!stages.isMultiStage())
        return QStringLiteral("only the final stage's layers");
    const QStringList others = stages.others();
    return QStringLiteral("only the final stage %1's layers, not the %2 other %3 the target "
                          "needs (%4)")
        .arg(code(stages.target))
        .arg(others.size())
        .arg(others.size() == 1 ? QStringLiteral("stage") : QStringLiteral("stages"))
        .arg(codeList(others));
}

QString LintText::comparableRef(const QString &ref)
{
    static const QRegularExpression braced(QStringLiteral("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}"));
    QString text = ref.trimmed();
    text.replace(braced, QStringLiteral("$\\1"));
    return text;
}

} // namespace Cachelab
