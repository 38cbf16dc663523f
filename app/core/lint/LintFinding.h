// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Cachelab {

// One thing the cache flag lint found, at a line of a script.
struct LintFinding
{
    QString file;
    int line = 0;
    // Stable ids: "unknown-key", "missing-mode", "inline-multi-stage", "ref-mismatch",
    // "registry-without-push", ... (CacheFlagLint lists them all).
    QString code;
    QString severity; // "error", "warning", "info"
    QString message; // one sentence a user understands
    QString suggestion; // e.g. "use `mode=max`"; may be empty

    // "file:line: severity: message (suggestion)"
    QString toText() const;
    QJsonObject toJson() const;
    // Errors and warnings make `cachelab lint` fail; infos do not.
    bool isProblem() const;

    static QString toText(const QList<LintFinding> &findings); // one per line
};

} // namespace Cachelab
