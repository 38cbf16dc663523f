// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/report/IssueReport.h"

#include <algorithm>

#include "core/runner/SecretRedactor.h"

namespace Cachelab {

namespace {

QString stepList(const RebuildExplanation &explanation, ExplainedStep::Verdict verdict)
{
    QStringList labels;
    for (const ExplainedStep &step : explanation.steps) {
        if (step.verdict == verdict)
            labels.append(QStringLiteral("`%1`").arg(step.label));
    }
    return labels.join(QStringLiteral(", "));
}

QString exportWords(const RunSummary &summary)
{
    switch (summary.exporter) {
    case CacheExport::Exporter::Registry:
        return QStringLiteral("%1 layer(s) to the registry").arg(summary.exportedLayers);
    case CacheExport::Exporter::Inline:
        return QStringLiteral("inline, in the image");
    case CacheExport::Exporter::None:
        break;
    }
    return QStringLiteral("no cache");
}

} // namespace

void IssueReport::addFindings(const QList<LintFinding> &more)
{
    for (const LintFinding &finding : more) {
        const bool known
            = std::any_of(findings.cbegin(), findings.cend(), [&finding](const LintFinding &f) {
                  return f.file == finding.file && f.line == finding.line && f.code == finding.code;
              });
        if (!known)
            findings.append(finding);
    }
}

QString IssueReport::toMarkdown() const
{
    QString out = QStringLiteral("## BuildKit cache report\n\n");
    if (!tools.isEmpty())
        out += QStringLiteral("**Environment**\n\n") + ToolVersions::toMarkdown(tools)
            + QLatin1Char('\n');

    if (!runs.isEmpty()) {
        out += QStringLiteral("**Runs**\n\n| | Run | Command | Result | Steps | Cache "
                              "exported |\n|---|---|---|---|---|---|\n");
        for (const Run &run : runs)
            out += QStringLiteral("| %1 | %2 | `%3` | %4 | %5 ran, %6 cached, %7 loaded | %8 |\n")
                       .arg(run.side, run.label,
                            QString(run.commandLine)
                                .replace(QLatin1Char('|'), QStringLiteral("\\|")),
                            run.ending)
                       .arg(run.summary.ran)
                       .arg(run.summary.cached)
                       .arg(run.summary.loaded)
                       .arg(exportWords(run.summary));
        out += QLatin1Char('\n');
    }

    for (const RebuildExplanation &explanation : explanations) {
        out += QStringLiteral("**Expected vs observed: %1**%2\n\n")
                   .arg(explanation.after,
                        explanation.before.isEmpty()
                            ? QString()
                            : QStringLiteral(" (after %1)").arg(explanation.before));
        out += QStringLiteral("- changed: %1\n")
                   .arg(explanation.changedFiles.isEmpty()
                            ? QStringLiteral("nothing")
                            : QStringLiteral("`%1`").arg(
                                explanation.changedFiles.join(QStringLiteral("`, `"))));
        const auto line = [&](const QString &title, ExplainedStep::Verdict verdict) {
            const QString list = stepList(explanation, verdict);
            if (!list.isEmpty())
                out += QStringLiteral("- %1: %2\n").arg(title, list);
        };
        line(QStringLiteral("**unexpected rebuilds**"), ExplainedStep::Verdict::UnexpectedRebuild);
        line(QStringLiteral("expected rebuilds"), ExplainedStep::Verdict::ExpectedRebuild);
        line(QStringLiteral("allowed rebuilds"), ExplainedStep::Verdict::AllowedRebuild);
        if (explanation.cause != RebuildExplanation::Cause::None) {
            out += QStringLiteral("- why: %1\n").arg(explanation.causeText);
            for (const QString &evidence : explanation.evidence)
                out += QStringLiteral("  - %1\n").arg(evidence);
        }
        out += QLatin1Char('\n');
    }

    if (!findings.isEmpty()) {
        out += QStringLiteral("**Cache flags**\n\n");
        for (const LintFinding &finding : findings) {
            out += QStringLiteral("- `%1:%2` %3: %4")
                       .arg(finding.file)
                       .arg(finding.line)
                       .arg(finding.severity, finding.message);
            if (!finding.suggestion.isEmpty())
                out += QStringLiteral(" (%1)").arg(finding.suggestion);
            out += QLatin1Char('\n');
        }
        out += QLatin1Char('\n');
    }

    if (!stepTable.isEmpty())
        out += QStringLiteral("<details><summary>Step by step</summary>\n\n%1\n</details>\n\n")
                   .arg(stepTable);
    if (!dagImage.isEmpty())
        out += QStringLiteral("Stage graph: `%1` (attach the image to the issue)\n\n")
                   .arg(dagImage);
    out += QStringLiteral("<sub>Made with Cachelab.</sub>\n");
    // Whatever slipped into a label or a path: masked here too.
    return SecretRedactor::redact(out);
}

} // namespace Cachelab
