// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer: the shell-script lexer and the cache flag lint on any script text. Every
// finding and flag names a line of the script; a refusal never happens (lint reads any
// text).
#include "core/lint/CacheFlagLint.h"
#include "core/lint/ShellScriptLexer.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace Cachelab;
    const QString script = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const int lines = int(script.count(QLatin1Char('\n'))) + 1;
    const ShellScript lexed = ShellScriptLexer::lex(script);
    for (const ShellCommand &command : lexed.commands) {
        for (const ShellWord &word : command.words) {
            if (word.line < 1 || word.line > lines)
                std::abort();
        }
    }
    for (const ShellSyntaxProblem &problem : lexed.problems) {
        if (problem.line < 1 || problem.line > lines)
            std::abort();
    }
    for (const LintFinding &finding : CacheFlagLint::lint(script, QStringLiteral("fuzz.sh"))) {
        if (finding.line < 0 || finding.line > lines || finding.code.isEmpty() || finding.message.isEmpty())
            std::abort();
    }
    return 0;
}
