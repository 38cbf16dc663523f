// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dockerfile/LogicalLineReader.h"

#include <QRegularExpression>

namespace Cachelab {

namespace {

QString trimNewline(QString line)
{
    while (!line.isEmpty()
           && (line.endsWith(QLatin1Char('\n')) || line.endsWith(QLatin1Char('\r'))))
        line.chop(1);
    return line;
}

QString trimLeadingSpace(const QString &line)
{
    qsizetype i = 0;
    while (i < line.size() && line.at(i).isSpace())
        ++i;
    return line.mid(i);
}

bool isComment(const QString &line)
{
    for (const QChar ch : line) {
        if (!ch.isSpace())
            return ch == QLatin1Char('#');
    }
    return false;
}

} // namespace

LogicalLineReader::LogicalLineReader(const QString &content)
    : m_content(content)
{
    if (m_content.startsWith(QChar(0xFEFF)))
        m_position = 1;
}

bool LogicalLineReader::nextPhysical(QString *raw)
{
    if (m_position >= m_content.size())
        return false;
    qsizetype end = m_content.indexOf(QLatin1Char('\n'), m_position);
    end = end < 0 ? m_content.size() : end + 1;
    *raw = m_content.mid(m_position, end - m_position);
    m_position = end;
    ++m_line;
    return true;
}

bool LogicalLineReader::parseDirective(const QString &line, QString *errorMessage)
{
    if (m_directivesDone)
        return true;
    // BuildKit's DirectiveParser: directives are the first lines, each `#key=value` with a
    // known key; the first line that is anything else ends them for good.
    static const QRegularExpression directive(QStringLiteral(
        "^([a-zA-Z][a-zA-Z0-9]*)[\\t\\n\\f\\r ]*=[\\t\\n\\f\\r ]*(.+?)[\\t\\n\\f\\r ]*$"));
    if (!line.startsWith(QLatin1Char('#'))) {
        m_directivesDone = true;
        return true;
    }
    const QRegularExpressionMatch match = directive.match(trimLeadingSpace(line.mid(1)));
    const QString key = match.captured(1).toLower();
    if (!match.hasMatch()
        || (key != QLatin1String("syntax") && key != QLatin1String("escape")
            && key != QLatin1String("check"))) {
        m_directivesDone = true;
        return true;
    }
    if (m_seenDirectives.contains(key)) {
        *errorMessage = QStringLiteral("only one %1 parser directive can be used").arg(key);
        return false;
    }
    m_seenDirectives.insert(key);
    const QString value = match.captured(2);
    if (key == QLatin1String("escape")) {
        if (value != QLatin1String("`") && value != QLatin1String("\\")) {
            *errorMessage
                = QStringLiteral("invalid escape token '%1' does not match ` or \\").arg(value);
            return false;
        }
        m_escape = value.at(0);
    }
    m_directives.append({ key, value, m_line });
    return true;
}

bool LogicalLineReader::trimContinuation(QString *line) const
{
    // BuildKit: `([^E])E[ \t]*$|^E[ \t]*$` with E the escape character. An escaped escape
    // character at the end (`\\`) does not continue the line.
    qsizetype end = line->size();
    while (end > 0
           && (line->at(end - 1) == QLatin1Char(' ') || line->at(end - 1) == QLatin1Char('\t')))
        --end;
    if (end == 0 || line->at(end - 1) != m_escape)
        return false;
    if (end >= 2 && line->at(end - 2) == m_escape)
        return false;
    line->truncate(end - 1);
    return true;
}

bool LogicalLineReader::next(LogicalLine *logical, QString *errorMessage, int *errorLine)
{
    QString raw;
    while (nextPhysical(&raw)) {
        QString line = trimLeadingSpace(trimNewline(raw));
        if (!parseDirective(line, errorMessage)) {
            *errorLine = m_line;
            return false;
        }
        if (isComment(line))
            line.clear();
        const int startLine = m_line;
        bool continued = trimContinuation(&line);
        if (!continued && line.isEmpty())
            continue;

        QString text = line;
        while (continued && nextPhysical(&raw)) {
            // Continuation lines keep their indentation: runs of blanks stay in the name
            // BuildKit gives the step.
            QString part = trimNewline(raw);
            if (!parseDirective(part, errorMessage)) {
                *errorLine = m_line;
                return false;
            }
            if (isComment(raw))
                continue;
            if (trimLeadingSpace(part).isEmpty())
                continue; // an empty continuation line (BuildKit warns, and skips it)
            continued = trimContinuation(&part);
            text += part;
        }
        logical->text = text;
        logical->startLine = startLine;
        logical->endLine = m_line;
        return true;
    }
    return false;
}

bool LogicalLineReader::readHeredoc(const QString &terminator, bool chomp, QString *body)
{
    QString raw;
    body->clear();
    while (nextPhysical(&raw)) {
        QString candidate = trimNewline(raw);
        if (chomp) {
            qsizetype tabs = 0;
            while (tabs < candidate.size() && candidate.at(tabs) == QLatin1Char('\t'))
                ++tabs;
            candidate.remove(0, tabs);
        }
        if (candidate == terminator)
            return true;
        *body += raw;
    }
    return false;
}

} // namespace Cachelab
