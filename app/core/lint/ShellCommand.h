// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace Cachelab {

// One word of a shell command, as the shell would pass it on, except that expansions are
// kept as written: `"$DOCKER_REPO/test:cache"` is the word `$DOCKER_REPO/test:cache`.
struct ShellWord
{
    QString text; // quotes removed, backslash escapes applied, $VAR / $(...) as written
    int line = 0; // 1-based physical line where the word starts
    bool quoted = false; // some part of it was quoted or escaped
};

// One simple command: the words between two separators (newline, `;`, `&&`, `||`, `|`,
// `&`, parentheses). Redirections and their targets are left out.
struct ShellCommand
{
    QList<ShellWord> words;

    int line() const { return words.isEmpty() ? 0 : words.first().line; }
};

// What makes bash read a script otherwise than it looks (found while splitting it).
struct ShellSyntaxProblem
{
    enum class Kind
    {
        UnterminatedQuote, // a ' or " never closed: bash stops with a syntax error
        UnterminatedExpansion, // a $( ${ or ` never closed
        CrlfContinuation // `\` then CR LF: an escaped CR, not a continuation
    };
    Kind kind = Kind::UnterminatedQuote;
    int line = 0; // where the quote opened, or the first such line
    QChar quote; // UnterminatedQuote: ' or "
    int count = 1; // CrlfContinuation: how many lines end so
};

// A script split into commands, and what bash would read otherwise.
struct ShellScript
{
    QList<ShellCommand> commands;
    QList<ShellSyntaxProblem> problems;
};

} // namespace Cachelab
