// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/plots/RunHistorySeries.h"

#include "core/models/RunListModel.h"
#include "core/plots/RunTimeline.h"

#include <QFileInfo>

namespace Cachelab {

RunHistoryPoint RunHistorySeries::pointOf(const QString &runId, const QString &label,
                                          const QString &script, const BuildRun &run,
                                          const RunSummary &summary, const RunResult &result)
{
    RunHistoryPoint point;
    point.runId = runId;
    point.label = label;
    point.script = script.isEmpty() ? label : QFileInfo(script).fileName();
    point.started = result.started;
    point.summary = summary;
    point.hitRatio = summary.hitRatio();
    point.exportedLayers = summary.exportedLayers;
    point.exportedCache = summary.exporter == CacheExport::Exporter::Registry;
    // An imported log starts and finishes at its file's time: no clock, use the log.
    const qint64 wallMs = result.started.isValid() && result.finished.isValid()
        ? result.started.msecsTo(result.finished)
        : 0;
    if (wallMs > 0) {
        point.buildSeconds = wallMs / 1000.0;
    } else {
        const RunTimeline timeline = RunTimeline::of(run);
        point.buildSeconds = timeline.totalSeconds();
        point.buildTimeApproximate = timeline.approximate();
    }
    return point;
}

QList<RunHistoryPoint> RunHistorySeries::of(const RunListModel &runs)
{
    QList<RunHistoryPoint> points;
    // The model is newest first. Runs still loading in the background join the series
    // when they are in (the window redraws then).
    for (int row = runs.rowCount() - 1; row >= 0; --row) {
        const RunListModel::Entry *entry = runs.loadedEntry(row);
        if (!entry || entry->live || !entry->stored.error.isEmpty())
            continue;
        points.append(pointOf(entry->stored.id, entry->stored.label, entry->stored.script,
                              entry->run, entry->summary, entry->stored.result));
    }
    return points;
}

} // namespace Cachelab
