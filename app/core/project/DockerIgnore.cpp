// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/project/DockerIgnore.h"

#include <QDir>
#include <QFile>

namespace Cachelab {

namespace {
// Go's filepath.Match plus "**" (any number of folders), anchored at the context root.
QString toRegex(const QString &pattern)
{
    QString regex;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const QChar c = pattern.at(i);
        if (c == QLatin1Char('*')) {
            if (i + 1 < pattern.size() && pattern.at(i + 1) == QLatin1Char('*')) {
                ++i;
                // "**/" matches zero or more folders
                if (i + 1 < pattern.size() && pattern.at(i + 1) == QLatin1Char('/')) {
                    ++i;
                    regex += QStringLiteral("(?:.*/)?");
                } else {
                    regex += QStringLiteral(".*");
                }
            } else {
                regex += QStringLiteral("[^/]*");
            }
        } else if (c == QLatin1Char('?')) {
            regex += QStringLiteral("[^/]");
        } else if (c == QLatin1Char('[')) {
            const qsizetype close = pattern.indexOf(QLatin1Char(']'), i + 1);
            if (close < 0) {
                regex += QStringLiteral("\\[");
                continue;
            }
            QString set = pattern.mid(i + 1, close - i - 1);
            if (set.startsWith(QLatin1Char('^')))
                set[0] = QLatin1Char('^');
            regex += QLatin1Char('[') + set.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
                + QLatin1Char(']');
            i = close;
        } else if (c == QLatin1Char('\\') && i + 1 < pattern.size()) {
            regex += QRegularExpression::escape(pattern.at(++i));
        } else {
            regex += QRegularExpression::escape(c);
        }
    }
    // A folder that matches takes everything under it.
    return QStringLiteral("^") + regex + QStringLiteral("(?:/.*)?$");
}
} // namespace

DockerIgnore DockerIgnore::fromText(const QString &text)
{
    DockerIgnore ignore;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (QString line : lines) {
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        Rule rule;
        if (line.startsWith(QLatin1Char('!'))) {
            rule.exclusion = true;
            line = line.mid(1).trimmed();
        }
        // filepath.Clean, and a leading '/' means the context root, as everything does.
        line = QDir::cleanPath(line);
        while (line.startsWith(QLatin1Char('/')))
            line.remove(0, 1);
        if (line.isEmpty() || line == QLatin1String("."))
            continue;
        rule.pattern = QRegularExpression(toRegex(line));
        if (rule.pattern.isValid())
            ignore.m_rules.append(rule);
    }
    return ignore;
}

DockerIgnore DockerIgnore::fromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return fromText(QString::fromUtf8(file.readAll()));
}

bool DockerIgnore::patternMatches(const QString &pattern, const QString &relativePath)
{
    QString cleaned = QDir::cleanPath(pattern);
    while (cleaned.startsWith(QLatin1Char('/')))
        cleaned.remove(0, 1);
    if (cleaned.isEmpty() || cleaned == QLatin1String("."))
        return true;
    return QRegularExpression(toRegex(cleaned)).match(relativePath).hasMatch();
}

bool DockerIgnore::isIgnored(const QString &relativePath) const
{
    bool ignored = false;
    for (const Rule &rule : m_rules) {
        if (rule.pattern.match(relativePath).hasMatch())
            ignored = !rule.exclusion;
    }
    return ignored;
}

} // namespace Cachelab
