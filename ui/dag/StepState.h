// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/analysis/RunStepMatcher.h"

#include <QString>

namespace Cachelab {

// What the DAG shows for one step in one run: the run's outcome for the step, plus the
// states that are not outcomes (no run selected, a step the run never reached, a stage
// the target does not need).
enum class StepState
{
    NoRun, // no run selected: neutral
    NotNeeded, // the stage is not built for the target
    NotRun, // the run has no vertex for the step (it stopped before, or has not got there)
    Running,
    Ran,
    Cached,
    Loaded,
    Failed,
    Canceled,
};

StepState stepStateOf(const StepResult &result);
StepState stepStateOf(VertexOutcome outcome);
// The user's words: "ran", "cached", "loaded from cache", "not run", …
QString stepStateWords(StepState state);
// ▶ ✓ ⬇ ● ✗ ⊘ ○; empty for the neutral states. For text (tooltips, reports); the scene
// draws the same shapes itself so that they never depend on a font's coverage.
QString stepStateGlyph(StepState state);
// Whether the state belongs to a run at all (colour and glyph), as opposed to neutral.
bool stepStateHasGlyph(StepState state);

} // namespace Cachelab
