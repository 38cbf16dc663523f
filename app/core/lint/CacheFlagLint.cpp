// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lint/CacheFlagLint.h"

#include "core/lint/BuildCommandChecks.h"
#include "core/lint/BuildCommandFinder.h"
#include "core/lint/CacheFlagChecks.h"
#include "core/lint/TargetStages.h"
#include "core/text/BoundedFile.h"

#include <algorithm>
#include <QFile>

namespace Cachelab {

QList<CacheFlag> CacheFlagLint::flagsIn(const QString &scriptText, const QString &path)
{
    QList<CacheFlag> flags;
    const ScriptBuilds script = BuildCommandFinder::find(scriptText, path);
    for (const BuildCommand &build : script.builds)
        flags += build.cacheFlags;
    return flags;
}

QList<LintFinding> CacheFlagLint::lint(const QString &scriptText, const QString &path,
                                       const Dockerfile *dockerfile)
{
    QList<LintFinding> findings;
    const ScriptBuilds script = BuildCommandFinder::find(scriptText, path);
    // The script as bash reads it first: a flag after an unclosed quote is no flag.
    for (const ShellSyntaxProblem &problem : script.problems) {
        LintFinding finding;
        finding.file = path;
        finding.line = problem.line;
        finding.severity = QStringLiteral("error");
        switch (problem.kind) {
        case ShellSyntaxProblem::Kind::UnterminatedQuote:
            finding.code = QStringLiteral("unterminated-quote");
            finding.message = QStringLiteral("the %1 opened here is never closed: bash stops with a syntax error, "
                                             "and everything after it is one word")
                                  .arg(problem.quote == QLatin1Char('\'') ? QStringLiteral("single quote")
                                                                          : QStringLiteral("double quote"));
            finding.suggestion = QStringLiteral("close the quote");
            break;
        case ShellSyntaxProblem::Kind::UnterminatedExpansion:
            finding.code = QStringLiteral("unterminated-quote");
            finding.message = QStringLiteral("the %1 opened here is never closed: bash stops with a syntax error")
                                  .arg(problem.quote == QLatin1Char('`') ? QStringLiteral("backquote")
                                                                         : QStringLiteral("$( or ${"));
            finding.suggestion = QStringLiteral("close it");
            break;
        case ShellSyntaxProblem::Kind::CrlfContinuation:
            finding.code = QStringLiteral("crlf-continuation");
            finding.message = problem.count == 1
                ? QStringLiteral("this line ends in a backslash and CRLF: bash does not join it with the next "
                                 "line, which runs as a command of its own")
                : QStringLiteral("this line and %1 more end in a backslash and CRLF: bash does not join them with "
                                 "the next lines, which run as commands of their own")
                      .arg(problem.count - 1);
            finding.suggestion = QStringLiteral("save the script with LF line endings (dos2unix)");
            break;
        }
        findings.append(finding);
    }
    for (const BuildCommand &build : script.builds) {
        const TargetStages stages = TargetStages::of(dockerfile, build.target);
        CacheFlagChecks flagChecks(build, stages, &findings);
        for (const CacheFlag &flag : build.cacheFlags)
            flagChecks.check(flag);
        BuildCommandChecks(build, path, script.pushedImages, &findings).check();
    }
    std::stable_sort(findings.begin(), findings.end(),
                     [](const LintFinding &a, const LintFinding &b) {
                         return a.line < b.line;
                     });
    return findings;
}

std::optional<QString> CacheFlagLint::readScript(const QString &path, QString *error)
{
    const std::optional<QByteArray> content = BoundedFile::read(path, MaxScriptSize, error);
    if (!content)
        return std::nullopt;
    if (content->contains('\0')) {
        if (error)
            *error = QStringLiteral("%1: a binary file, not a build script").arg(path);
        return std::nullopt;
    }
    return QString::fromUtf8(*content);
}

QList<LintFinding> CacheFlagLint::lintFile(const QString &path, const Dockerfile *dockerfile,
                                           QString *error)
{
    const std::optional<QString> text = readScript(path, error);
    if (!text)
        return {};
    if (error)
        error->clear();
    return lint(*text, path, dockerfile);
}

} // namespace Cachelab
