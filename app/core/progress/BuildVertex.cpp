// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/progress/BuildVertex.h"

namespace Cachelab {

QString vertexStateName(VertexState state)
{
    switch (state) {
    case VertexState::Running:
        return QStringLiteral("running");
    case VertexState::Done:
        return QStringLiteral("done");
    case VertexState::Cached:
        return QStringLiteral("cached");
    case VertexState::Error:
        return QStringLiteral("error");
    case VertexState::Canceled:
        return QStringLiteral("canceled");
    }
    return {};
}

QString vertexOutcomeName(VertexOutcome outcome)
{
    switch (outcome) {
    case VertexOutcome::Ran:
        return QStringLiteral("ran");
    case VertexOutcome::Cached:
        return QStringLiteral("cached");
    case VertexOutcome::Loaded:
        return QStringLiteral("loaded");
    case VertexOutcome::Failed:
        return QStringLiteral("failed");
    case VertexOutcome::Canceled:
        return QStringLiteral("canceled");
    case VertexOutcome::Running:
        return QStringLiteral("running");
    }
    return {};
}

QString vertexOutcomeName(const std::optional<VertexOutcome> &outcome)
{
    return outcome ? vertexOutcomeName(*outcome) : QStringLiteral("not run");
}

VertexOutcome BuildVertex::outcome() const
{
    switch (state) {
    case VertexState::Done:
        return loadedFromCache() ? VertexOutcome::Loaded : VertexOutcome::Ran;
    case VertexState::Cached:
        return VertexOutcome::Cached;
    case VertexState::Error:
        return VertexOutcome::Failed;
    case VertexState::Canceled:
        return VertexOutcome::Canceled;
    case VertexState::Running:
        break;
    }
    return VertexOutcome::Running;
}

QStringList BuildVertex::logLines() const
{
    if (logLineCount == 0)
        return {};
    return QString::fromUtf8(log.toByteArray()).split(QLatin1Char('\n'));
}

bool BuildVertex::loadedFromCache() const
{
    if (state != VertexState::Done || statuses.isEmpty() || logLineCount > 0)
        return false;
    const StepLabel label = step();
    if (!label.valid || label.keyword() == QLatin1String("FROM"))
        return false;
    for (const StatusLine &status : statuses) {
        if (!status.isLayerDownload() && !status.isExtract())
            return false;
    }
    return true;
}

} // namespace Cachelab
