// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QSet>
#include <QString>

namespace Cachelab {

// A parser directive at the top of a Dockerfile: `# syntax=…`, `# escape=…`, `# check=…`.
struct DockerfileDirective
{
    QString name; // lower case
    QString value;
    int line = 0;
};

// One instruction's worth of text: physical lines joined the way BuildKit's parser
// (frontend/dockerfile/parser, Parse) joins them.
struct LogicalLine
{
    QString text;
    int startLine = 0; // 1-based
    int endLine = 0;
};

// The line layer of BuildKit's Dockerfile parser: the byte-order mark, parser directives
// (`# escape=` also changes the line-continuation character), comment lines, line
// continuations (a comment or blank line inside a continuation is dropped; a
// continuation still open at the end of the file just ends there, as in BuildKit) and,
// on request, heredoc bodies, which are read raw.
//
// Works on text already checked for NUL bytes, line length and UTF-8 (DockerfileParser).
class LogicalLineReader
{
public:
    explicit LogicalLineReader(const QString &content);

    // The next logical line; false at the end or on an error (then *errorMessage and
    // *errorLine are set; only directives can fail).
    bool next(LogicalLine *line, QString *errorMessage, int *errorLine);

    // Consumes the lines after the current logical line up to `terminator`: the body of a
    // heredoc. With chomp (<<-) leading tabs do not count when looking for the terminator.
    // False when the file ends first.
    bool readHeredoc(const QString &terminator, bool chomp, QString *body);

    int currentLine() const { return m_line; }
    QChar escapeToken() const { return m_escape; }
    QList<DockerfileDirective> directives() const { return m_directives; }

private:
    bool nextPhysical(QString *raw);
    bool parseDirective(const QString &line, QString *errorMessage);
    // Strips a trailing line-continuation character; false when there was none.
    bool trimContinuation(QString *line) const;

    QString m_content;
    qsizetype m_position = 0;
    int m_line = 0; // physical lines consumed
    QChar m_escape = QLatin1Char('\\');
    bool m_directivesDone = false;
    QSet<QString> m_seenDirectives;
    QList<DockerfileDirective> m_directives;
};

} // namespace Cachelab
