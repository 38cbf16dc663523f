// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/explain/RebuildExplanation.h"
#include "core/lint/CacheFlagLint.h"
#include "core/models/RunSummary.h"
#include "core/report/ToolVersions.h"

#include <QList>
#include <QString>

namespace Cachelab {

// The Markdown a user pastes into a GitHub issue about a cache that was not used: the
// tools' versions, the commands run, what each run did step by step, expected against
// observed rebuilds and why, the exported layer counts, the cache flag findings, and where
// the picture of the stage graph is. Short enough to paste; secrets masked.
class IssueReport
{
public:
    struct Run
    {
        QString side; // "A", "B"
        QString label;
        QString commandLine; // secrets already masked by the runner
        QString ending; // "succeeded", ...
        RunSummary summary;
    };

    QList<ToolVersions::Tool> tools; // empty: not probed
    QList<Run> runs;
    QString stepTable; // StepComparisonModel::toMarkdown()
    QList<RebuildExplanation> explanations;
    QList<LintFinding> findings;
    QString dagImage; // path of the stage graph's PNG; empty when none

    // A finding once, however many explanations name it (same file, line and code).
    void addFindings(const QList<LintFinding> &more);

    QString toMarkdown() const;
};

} // namespace Cachelab
