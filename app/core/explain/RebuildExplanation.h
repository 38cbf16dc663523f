// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/cachekey/CacheKeyXray.h"
#include "core/explain/StepExpectation.h"
#include "core/lint/CacheFlagLint.h"
#include "core/progress/BuildVertex.h"

#include <optional>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace Cachelab {

// What Explain says about one step: what the change should have done to it, what the
// run did, and whether that was expected.
struct ExplainedStep
{
    enum class Verdict
    {
        Cached, // expected and found in a cache (local or imported)
        ExpectedRebuild, // it had to run
        AllowedRebuild, // it may run: it reads a stage that ran again
        UnexpectedRebuild, // nothing it uses changed, and it ran
        CachedAlthoughChanged, // a file it copies changed, but its content came back equal
        Failed,
        NotRun,
    };

    StepRef step;
    QString label; // "[build-public 4/8]"
    QString instruction; // "COPY assets assets"
    StepExpectation::Expect expect = StepExpectation::Expect::Cached;
    QString expectReason;
    std::optional<VertexOutcome> observed; // what the run did; nullopt: not run
    Verdict verdict = Verdict::Cached;
    // For a step that ran: the cache-key X-ray, outermost cause first (empty without
    // cache debug data for both runs).
    QList<XrayCause> xray;

    static QString verdictName(Verdict verdict); // "cached", "expected-rebuild", ...
};

// Explain's answer for a pair of runs: each step of the target, and why the unexpected
// rebuilds happened, as far as the evidence (the logs, the scripts' cache flags) goes.
struct RebuildExplanation
{
    QString dockerfile;
    QString before; // the runs' sources (log paths or labels)
    QString after;
    QStringList changedFiles;
    QList<ExplainedStep> steps;

    // Why the unexpected rebuilds ran (None when there are none), a sentence, and the
    // evidence behind it.
    enum class Cause
    {
        None,
        LocalCacheEmpty, // nothing imported, and a builder with an empty local cache
        NoImport, // nothing imported at all
        ImportFailed,
        RefMismatch, // exported to one ref, imported from another
        InlineCache, // an inline cache: always min mode
        MinMode, // a registry cache in min mode (`mod=max`, no mode, few layers)
        RecordMissing, // the imported cache has no record of the step
        Unknown,
    };
    // The one place causes are named: "min-mode", "inline-cache", ... (JSON, text, tests).
    static QString causeName(Cause cause);
    Cause cause = Cause::None;
    QString causeText;
    QStringList evidence;
    // Why the steps have no X-ray (a run without cache debug data, and how to get it):
    // then causeText is inferred from the logs and the flags, and says so. Empty when the
    // X-ray was made.
    QString xrayProblem;
    QList<LintFinding> findings; // of the scripts given

    int exportedLayersBefore = -1; // -1: the run exported no registry cache
    int exportedLayersAfter = -1;

    QList<StepRef> unexpectedSteps() const;
    int count(ExplainedStep::Verdict verdict) const;
    QString toText() const;
    QString toMarkdown() const;
    QJsonObject toJson() const;
};

} // namespace Cachelab
