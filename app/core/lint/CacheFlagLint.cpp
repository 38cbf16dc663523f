// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lint/CacheFlagLint.h"

#include "core/lint/BuildCommandChecks.h"
#include "core/lint/BuildCommandFinder.h"
#include "core/lint/CacheFlagChecks.h"
#include "core/lint/TargetStages.h"

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

QList<LintFinding> CacheFlagLint::lintFile(const QString &path, const Dockerfile *dockerfile,
                                           QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return {};
    }
    if (file.size() > MaxScriptSize) {
        if (error)
            *error = QStringLiteral("%1: larger than %2 MiB, not a build script")
                         .arg(path)
                         .arg(MaxScriptSize / (1024 * 1024));
        return {};
    }
    const QByteArray content = file.read(MaxScriptSize + 1);
    if (content.contains('\0')) {
        if (error)
            *error = QStringLiteral("%1: a binary file, not a build script").arg(path);
        return {};
    }
    if (error)
        error->clear();
    return lint(QString::fromUtf8(content), path, dockerfile);
}

} // namespace Cachelab
