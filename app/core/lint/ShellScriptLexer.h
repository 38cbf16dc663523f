// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lint/ShellCommand.h"

#include <QList>
#include <QString>

namespace Cachelab {

// Splits a shell script into simple commands the way bash reads them, far enough to find
// build command lines in scripts as people write them: backslash-newline continuations,
// single and double quotes, comments, `$(...)`, `${...}` and backquotes kept whole, and
// heredoc bodies skipped (text fed to a command is not a command). It never expands or
// runs anything; control words (`if`, `then`, `{` ...) stay in the words for the caller.
namespace ShellScriptLexer {

QList<ShellCommand> commands(const QString &script);
// The commands and the problems found on the way (unterminated quotes, CRLF continuations).
ShellScript lex(const QString &script);

} // namespace ShellScriptLexer

} // namespace Cachelab
