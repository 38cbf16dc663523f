// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/analysis/StepRef.h"
#include "core/dockerfile/Dockerfile.h"
#include "core/progress/BuildRun.h"

#include <QList>
#include <QMap>

namespace Cachelab {

// What a run did to each Dockerfile step: the vertex that stood for it, if any.
struct StepResult
{
    StepRef step;
    int vertexId = 0; // 0: no vertex stood for this step in the run ("not run")
    VertexOutcome outcome = VertexOutcome::Running; // meaningful only when seen()
    bool shared = false; // the vertex is printed under another stage's label

    bool seen() const { return vertexId != 0; }
    // The outcome, nullopt when the run has no vertex for the step.
    std::optional<VertexOutcome> observed() const
    {
        return seen() ? std::optional<VertexOutcome>(outcome) : std::nullopt;
    }
};

// Joins a run's vertices to the Dockerfile's steps. BuildKit builds one vertex for
// identical work: stages FROM the same image share one FROM vertex, and identical
// leading steps (FROM alpine, WORKDIR /x in five stages) share one vertex too, printed
// under one stage's label — which one can change from run to run. A FROM can also be
// printed bare ("FROM docker.io/library/alpine:latest") when the image is a COPY --from
// source as well.
class RunStepMatcher
{
public:
    explicit RunStepMatcher(const Dockerfile &dockerfile);

    // The steps a vertex stands for; empty when its name is not a step of this file.
    QList<StepRef> stepsOf(const BuildVertex &vertex) const;
    // The step the vertex's label names (its own line); nullptr when none.
    const DockerfileStep *labelledStep(const BuildVertex &vertex) const;

    // Every step of the stages the target needs, in Dockerfile order, with what the run
    // did to it. When several vertices claim a step, its own label wins over a share.
    QList<StepResult> results(const BuildRun &run) const;
    // How many of the run's step vertices (names like "[stage i/n] …") stand for no step
    // of this Dockerfile: a log of another project, or of another version of the file.
    struct Coverage
    {
        int stepVertices = 0;
        int unmatched = 0;
    };
    Coverage coverage(const BuildRun &run) const;
    // "12 of 14 steps of the log match no step of Dockerfile" when at least half of them
    // match none; else empty. For a warning line.
    static QString coverageWarning(const Coverage &coverage, const QString &logName, const QString &dockerfileName);

    // How many times results() ran in this process: a finished run is matched once per
    // Dockerfile version however many views show it (RunAnalysis); tests check that.
    static int matchCount();

private:
    bool sameLeadingSteps(const DockerfileStage &a, const DockerfileStage &b, int count) const;
    QList<StepRef> stagesFromImage(const QString &reference) const;

    const Dockerfile &m_dockerfile;
};

} // namespace Cachelab
