// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/progress/StatusLine.h"

#include <QRegularExpression>
#include <QStringList>

namespace Cachelab {

namespace {
const QRegularExpression &sizeToken()
{
    static const QRegularExpression re(QStringLiteral("^\\d+(\\.\\d+)?([kKMGT]i?)?B$"));
    return re;
}
const QRegularExpression &secondsToken()
{
    static const QRegularExpression re(QStringLiteral("^\\d+(\\.\\d+)?s$"));
    return re;
}
const QRegularExpression &digestPattern()
{
    static const QRegularExpression re(QStringLiteral("sha256:[0-9a-f]{64}"));
    return re;
}
} // namespace

StatusLine StatusLine::parse(const QString &text)
{
    StatusLine status;
    QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (!words.isEmpty() && words.constLast() == QLatin1String("done")) {
        status.done = true;
        words.removeLast();
    }
    if (!words.isEmpty() && secondsToken().match(words.constLast()).hasMatch()) {
        status.seconds = words.constLast().chopped(1).toDouble();
        words.removeLast();
    }
    // "<cur> / <total>" or "<cur>" at the end.
    if (words.size() >= 3 && words.at(words.size() - 2) == QLatin1String("/")
        && sizeToken().match(words.constLast()).hasMatch()
        && sizeToken().match(words.at(words.size() - 3)).hasMatch()) {
        status.total = words.takeLast();
        words.removeLast();
        status.current = words.takeLast();
    } else if (words.size() >= 2 && sizeToken().match(words.constLast()).hasMatch()) {
        status.current = words.takeLast();
    }
    status.id = words.join(QLatin1Char(' '));
    return status;
}

bool StatusLine::isLayerDownload() const
{
    static const QRegularExpression bareDigest(QStringLiteral("^sha256:[0-9a-f]{64}$"));
    return bareDigest.match(id).hasMatch() && !current.isEmpty();
}

bool StatusLine::isExtract() const
{
    return id.startsWith(QLatin1String("extracting sha256:"));
}

QString StatusLine::digest() const
{
    return digestPattern().match(id).captured(0);
}

} // namespace Cachelab
