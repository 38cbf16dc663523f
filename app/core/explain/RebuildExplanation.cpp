// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/explain/RebuildExplanation.h"

#include <algorithm>
#include <QJsonArray>

namespace Cachelab {

namespace {

QString expectWords(StepExpectation::Expect expect)
{
    switch (expect) {
    case StepExpectation::Expect::Cached:
        return QStringLiteral("cached");
    case StepExpectation::Expect::MayRebuild:
        return QStringLiteral("may rebuild");
    case StepExpectation::Expect::MustRebuild:
        return QStringLiteral("must rebuild");
    }
    return {};
}

QString verdictWords(ExplainedStep::Verdict verdict)
{
    switch (verdict) {
    case ExplainedStep::Verdict::Cached:
        return QStringLiteral("as expected");
    case ExplainedStep::Verdict::ExpectedRebuild:
        return QStringLiteral("expected rebuild");
    case ExplainedStep::Verdict::AllowedRebuild:
        return QStringLiteral("rebuild allowed");
    case ExplainedStep::Verdict::UnexpectedRebuild:
        return QStringLiteral("UNEXPECTED rebuild");
    case ExplainedStep::Verdict::CachedAlthoughChanged:
        return QStringLiteral("cached although a file changed");
    case ExplainedStep::Verdict::Failed:
        return QStringLiteral("failed");
    case ExplainedStep::Verdict::NotRun:
        return QStringLiteral("not run");
    }
    return {};
}

QString findingLine(const LintFinding &finding)
{
    QString line = QStringLiteral("%1:%2: %3: %4")
                       .arg(finding.file)
                       .arg(finding.line)
                       .arg(finding.severity, finding.message);
    if (!finding.suggestion.isEmpty())
        line += QStringLiteral(" (%1)").arg(finding.suggestion);
    return line;
}

// Markdown table cells: a pipe would end the cell.
QString cell(QString text)
{
    return text.replace(QLatin1Char('|'), QStringLiteral("\\|"));
}

} // namespace

QString ExplainedStep::verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Cached:
        return QStringLiteral("cached");
    case Verdict::ExpectedRebuild:
        return QStringLiteral("expected-rebuild");
    case Verdict::AllowedRebuild:
        return QStringLiteral("allowed-rebuild");
    case Verdict::UnexpectedRebuild:
        return QStringLiteral("unexpected-rebuild");
    case Verdict::CachedAlthoughChanged:
        return QStringLiteral("cached-although-changed");
    case Verdict::Failed:
        return QStringLiteral("failed");
    case Verdict::NotRun:
        return QStringLiteral("not-run");
    }
    return {};
}

QList<StepRef> RebuildExplanation::unexpectedSteps() const
{
    QList<StepRef> refs;
    for (const ExplainedStep &step : steps) {
        if (step.verdict == ExplainedStep::Verdict::UnexpectedRebuild)
            refs.append(step.step);
    }
    return refs;
}

int RebuildExplanation::count(ExplainedStep::Verdict verdict) const
{
    return int(std::count_if(steps.cbegin(), steps.cend(), [verdict](const ExplainedStep &step) {
        return step.verdict == verdict;
    }));
}

QString RebuildExplanation::causeName(Cause cause)
{
    switch (cause) {
    case Cause::None:
        return QStringLiteral("none");
    case Cause::LocalCacheEmpty:
        return QStringLiteral("local-cache-empty");
    case Cause::NoImport:
        return QStringLiteral("no-import");
    case Cause::ImportFailed:
        return QStringLiteral("import-failed");
    case Cause::RefMismatch:
        return QStringLiteral("ref-mismatch");
    case Cause::InlineCache:
        return QStringLiteral("inline-cache");
    case Cause::MinMode:
        return QStringLiteral("min-mode");
    case Cause::RecordMissing:
        return QStringLiteral("record-missing");
    case Cause::Unknown:
        return QStringLiteral("unknown");
    }
    return {};
}

QString RebuildExplanation::toText() const
{
    QString out;
    out += QStringLiteral("Explain: %1\n").arg(after);
    if (!before.isEmpty())
        out += QStringLiteral("  the run before it: %1\n").arg(before);
    out += QStringLiteral("  changed: %1\n")
               .arg(changedFiles.isEmpty() ? QStringLiteral("(nothing)")
                                           : changedFiles.join(QStringLiteral(", ")));
    const auto section = [&](ExplainedStep::Verdict verdict, const QString &title, bool why) {
        const int n = count(verdict);
        if (n == 0)
            return;
        out += QStringLiteral("\n%1 (%2):\n").arg(title).arg(n);
        for (const ExplainedStep &step : steps) {
            if (step.verdict != verdict)
                continue;
            out += QStringLiteral("  %1 %2").arg(step.label, step.instruction);
            if (why)
                out += QStringLiteral("\n      %1").arg(step.expectReason);
            if (!step.xray.isEmpty())
                out += QStringLiteral("\n      X-ray: %1").arg(step.xray.constLast().toText());
            out += QLatin1Char('\n');
        }
    };
    section(ExplainedStep::Verdict::UnexpectedRebuild,
            QStringLiteral("Unexpected rebuilds: nothing they use changed"), false);
    section(ExplainedStep::Verdict::ExpectedRebuild, QStringLiteral("Expected rebuilds"), true);
    section(ExplainedStep::Verdict::AllowedRebuild,
            QStringLiteral("Rebuilds allowed (they read a stage that ran again)"), true);
    section(ExplainedStep::Verdict::CachedAlthoughChanged,
            QStringLiteral("Cached although a file they copy changed (same content)"), true);
    section(ExplainedStep::Verdict::Failed, QStringLiteral("Failed or canceled"), false);
    if (cause != Cause::None) {
        out += QStringLiteral("\nWhy (%1%2): %3\n")
                   .arg(causeName(cause), xrayProblem.isEmpty() ? QString() : QStringLiteral(", inferred"), causeText);
        for (const QString &line : evidence)
            out += QStringLiteral("  - %1\n").arg(line);
    }
    if (!xrayProblem.isEmpty())
        out += QStringLiteral("\nNo cache-key X-ray: %1\n").arg(xrayProblem);
    if (!findings.isEmpty()) {
        out += QStringLiteral("\nCache flags:\n");
        for (const LintFinding &finding : findings)
            out += QStringLiteral("  %1\n").arg(findingLine(finding));
    }
    if (exportedLayersBefore >= 0 || exportedLayersAfter >= 0)
        out += QStringLiteral("\nExported cache layers: before %1, after %2\n")
                   .arg(exportedLayersBefore < 0 ? QStringLiteral("–")
                                                 : QString::number(exportedLayersBefore),
                        exportedLayersAfter < 0 ? QStringLiteral("–")
                                                : QString::number(exportedLayersAfter));
    return out;
}

QString RebuildExplanation::toMarkdown() const
{
    QString out;
    const int unexpected = count(ExplainedStep::Verdict::UnexpectedRebuild);
    out += QStringLiteral("### Expected vs observed rebuilds\n\n");
    out += QStringLiteral("Changed: %1  \n")
               .arg(changedFiles.isEmpty()
                        ? QStringLiteral("nothing")
                        : QStringLiteral("`%1`").arg(changedFiles.join(QStringLiteral("`, `"))));
    out += QStringLiteral("%1 unexpected rebuild(s), %2 expected, %3 allowed.\n\n")
               .arg(unexpected)
               .arg(count(ExplainedStep::Verdict::ExpectedRebuild))
               .arg(count(ExplainedStep::Verdict::AllowedRebuild));
    if (cause != Cause::None) {
        out += QStringLiteral("**Why%1:** %2\n\n")
                   .arg(xrayProblem.isEmpty() ? QString() : QStringLiteral(" (inferred from the logs)"), causeText);
        for (const QString &line : evidence)
            out += QStringLiteral("- %1\n").arg(line);
        out += QLatin1Char('\n');
    }
    if (!xrayProblem.isEmpty())
        out += QStringLiteral("_No cache-key X-ray: %1._\n\n").arg(xrayProblem);
    bool xrayHeader = false;
    for (const ExplainedStep &step : steps) {
        if (step.xray.isEmpty())
            continue;
        if (!xrayHeader)
            out += QStringLiteral("**Cache-key X-ray** (BuildKit's own cache keys):\n\n");
        xrayHeader = true;
        out += QStringLiteral("- %1: %2\n").arg(cell(step.label), step.xray.constLast().toText());
    }
    if (xrayHeader)
        out += QLatin1Char('\n');
    out += QStringLiteral(
        "| Step | Instruction | Expected | Observed | |\n|---|---|---|---|---|\n");
    for (const ExplainedStep &step : steps) {
        const bool flagged = step.verdict == ExplainedStep::Verdict::UnexpectedRebuild;
        out += QStringLiteral("| %1 | `%2` | %3 | %4 | %5 |\n")
                   .arg(cell(step.label), cell(step.instruction), expectWords(step.expect),
                        vertexOutcomeName(step.observed),
                        flagged ? QStringLiteral("**%1**").arg(verdictWords(step.verdict))
                                : verdictWords(step.verdict));
    }
    if (!findings.isEmpty()) {
        out += QStringLiteral("\n**Cache flags:**\n\n");
        for (const LintFinding &finding : findings)
            out += QStringLiteral("- `%1`\n").arg(findingLine(finding));
    }
    return out;
}

QJsonObject RebuildExplanation::toJson() const
{
    QJsonArray stepArray;
    for (const ExplainedStep &step : steps) {
        QJsonArray xray;
        for (const XrayCause &cause : step.xray)
            xray.append(cause.toText());
        stepArray.append(QJsonObject {
            { QStringLiteral("xray"), xray },
            { QStringLiteral("stage"), step.step.stage },
            { QStringLiteral("number"), step.step.number },
            { QStringLiteral("label"), step.label },
            { QStringLiteral("instruction"), step.instruction },
            { QStringLiteral("expected"), StepExpectation::expectName(step.expect) },
            { QStringLiteral("expectedBecause"), step.expectReason },
            { QStringLiteral("observed"), vertexOutcomeName(step.observed) },
            { QStringLiteral("verdict"), ExplainedStep::verdictName(step.verdict) } });
    }
    QJsonArray findingArray;
    for (const LintFinding &finding : findings) {
        findingArray.append(QJsonObject { { QStringLiteral("file"), finding.file },
                                          { QStringLiteral("line"), finding.line },
                                          { QStringLiteral("code"), finding.code },
                                          { QStringLiteral("severity"), finding.severity },
                                          { QStringLiteral("message"), finding.message },
                                          { QStringLiteral("suggestion"), finding.suggestion } });
    }
    return QJsonObject {
        { QStringLiteral("dockerfile"), dockerfile },
        { QStringLiteral("before"), before },
        { QStringLiteral("after"), after },
        { QStringLiteral("changed"), QJsonArray::fromStringList(changedFiles) },
        { QStringLiteral("unexpected"), count(ExplainedStep::Verdict::UnexpectedRebuild) },
        { QStringLiteral("cause"), cause == Cause::None ? QString() : causeName(cause) },
        { QStringLiteral("causeText"), causeText },
        { QStringLiteral("causeInferred"), !xrayProblem.isEmpty() },
        { QStringLiteral("xrayProblem"), xrayProblem },
        { QStringLiteral("evidence"), QJsonArray::fromStringList(evidence) },
        { QStringLiteral("exportedLayersBefore"), exportedLayersBefore },
        { QStringLiteral("exportedLayersAfter"), exportedLayersAfter },
        { QStringLiteral("findings"), findingArray },
        { QStringLiteral("steps"), stepArray },
    };
}

} // namespace Cachelab
