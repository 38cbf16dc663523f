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

const BuildVertex::Details &BuildVertex::details() const
{
    static const Details none;
    return m_details ? *m_details : none;
}

BuildVertex::Details &BuildVertex::changeDetails()
{
    if (!m_details)
        m_details = new Details;
    return *m_details; // detached from a copy's by QSharedDataPointer
}

void BuildVertex::setName(const QString &name)
{
    m_name = name.toUtf8();
    m_name.squeeze(); // toUtf8() keeps room for three bytes a character
}

void BuildVertex::setErrorMessage(const QString &message)
{
    if (m_details || !message.isEmpty())
        changeDetails().errorMessage = message;
}

void BuildVertex::setInputs(const QStringList &inputs)
{
    if (m_details || !inputs.isEmpty())
        changeDetails().inputs = inputs;
}

bool BuildVertex::loadedFromCache() const
{
    const QList<StatusLine> &statuses = this->statuses();
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
