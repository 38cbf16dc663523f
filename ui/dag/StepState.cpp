// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dag/StepState.h"

#include <QCoreApplication>

namespace Cachelab {

StepState stepStateOf(VertexOutcome outcome)
{
    switch (outcome) {
    case VertexOutcome::Ran:
        return StepState::Ran;
    case VertexOutcome::Cached:
        return StepState::Cached;
    case VertexOutcome::Loaded:
        return StepState::Loaded;
    case VertexOutcome::Failed:
        return StepState::Failed;
    case VertexOutcome::Canceled:
        return StepState::Canceled;
    case VertexOutcome::Running:
        break;
    }
    return StepState::Running;
}

StepState stepStateOf(const StepResult &result)
{
    return result.seen() ? stepStateOf(result.outcome) : StepState::NotRun;
}

QString stepStateWords(StepState state)
{
    switch (state) {
    case StepState::NoRun:
        return QCoreApplication::translate("Cachelab::StepState", "no run selected");
    case StepState::NotNeeded:
        return QCoreApplication::translate("Cachelab::StepState", "not needed");
    case StepState::NotRun:
        return QCoreApplication::translate("Cachelab::StepState", "not run");
    case StepState::Running:
        return QCoreApplication::translate("Cachelab::StepState", "running");
    case StepState::Ran:
        return QCoreApplication::translate("Cachelab::StepState", "ran");
    case StepState::Cached:
        return QCoreApplication::translate("Cachelab::StepState", "cached");
    case StepState::Loaded:
        return QCoreApplication::translate("Cachelab::StepState", "loaded from cache");
    case StepState::Failed:
        return QCoreApplication::translate("Cachelab::StepState", "failed");
    case StepState::Canceled:
        return QCoreApplication::translate("Cachelab::StepState", "canceled");
    }
    return {};
}

QString stepStateGlyph(StepState state)
{
    switch (state) {
    case StepState::NoRun:
    case StepState::NotNeeded:
        break;
    case StepState::NotRun:
        return QStringLiteral("\u25CB");
    case StepState::Running:
        return QStringLiteral("\u25B6");
    case StepState::Ran:
        return QStringLiteral("\u25CF");
    case StepState::Cached:
        return QStringLiteral("\u2713");
    case StepState::Loaded:
        return QStringLiteral("\u2B07");
    case StepState::Failed:
        return QStringLiteral("\u2717");
    case StepState::Canceled:
        return QStringLiteral("\u2298");
    }
    return {};
}

bool stepStateHasGlyph(StepState state)
{
    return state != StepState::NoRun && state != StepState::NotNeeded;
}

} // namespace Cachelab
