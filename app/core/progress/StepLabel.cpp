// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/progress/StepLabel.h"

#include <QRegularExpression>

namespace Cachelab {

QString StepLabel::keyword() const
{
    const qsizetype space = instruction.indexOf(QLatin1Char(' '));
    return (space < 0 ? instruction : instruction.left(space)).toUpper();
}

StepLabel StepLabel::parse(const QString &vertexName)
{
    // "[" [platform " "] [stage " "] i "/" n "]" " " instruction. The stage name can not
    // hold spaces; a platform is the first word when three words precede i/n.
    static const QRegularExpression bracketed(
        QStringLiteral("^\\[(?:(\\S+)\\s+)?(?:(\\S+)\\s+)?\\s*(\\d+)/(\\d+)\\]\\s?(.*)$"),
        QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression bareFrom(QStringLiteral("^FROM\\s+\\S+"));

    StepLabel label;
    const auto match = bracketed.match(vertexName);
    if (match.hasMatch()) {
        label.valid = true;
        const QString first = match.captured(1);
        const QString second = match.captured(2);
        if (!second.isEmpty()) {
            label.platform = first;
            label.stage = second;
        } else if (first.contains(QLatin1Char('/'))) {
            // "[linux/arm64 3/4]": a platform in a one-stage build (stage names hold no '/').
            label.platform = first;
        } else {
            label.stage = first;
        }
        label.index = match.captured(3).toInt();
        label.total = match.captured(4).toInt();
        label.instruction = match.captured(5);
        return label;
    }
    if (bareFrom.match(vertexName).hasMatch()) {
        // Seen when the base image is also a COPY --from source: no [stage i/n] prefix.
        label.valid = true;
        label.instruction = vertexName;
    }
    return label;
}

} // namespace Cachelab
