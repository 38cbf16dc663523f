// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/environment/ToolLookup.h"

#include "core/runner/SecretRedactor.h"

#include <QStandardPaths>
#include <QStringList>

namespace Cachelab {

QString ToolLookup::find(const QString &name, const QProcessEnvironment &environment)
{
    const QStringList paths
        = environment.value(QStringLiteral("PATH")).split(QLatin1Char(':'), Qt::SkipEmptyParts);
    // findExecutable with no paths searches the system PATH, which is what a process
    // started without PATH would come closest to.
    return QStandardPaths::findExecutable(name, paths);
}

QString ToolLookup::displayText(const QByteArray &output, const QProcessEnvironment &environment,
                                int lines)
{
    const QString text = SecretRedactor::redact(QString::fromUtf8(output).trimmed(), environment);
    return lines > 0 ? text.section(QLatin1Char('\n'), 0, lines - 1) : text;
}

} // namespace Cachelab
