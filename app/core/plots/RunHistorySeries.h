// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/models/RunSummary.h"
#include "core/runner/RunResult.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace Cachelab {

class RunListModel;

// One run of a project as the history plot shows it.
struct RunHistoryPoint
{
    QString runId;
    QString label; // the run list's name of the run: "build.sh", a log's file name
    QString script; // the script that made it ("build.sh"); the label when not known
    QDateTime started; // invalid for recordings
    double hitRatio = 0; // RunSummary::hitRatio()
    double buildSeconds = 0;
    bool buildTimeApproximate = false; // from a plain log's DONE times, not a clock
    int exportedLayers = 0;
    bool exportedCache = false; // a registry cache export (inline caches have no layer count)
    RunSummary summary;
};

// The runs of a project, oldest first: cache hit ratio, build time and exported cache
// layers per run, with the script that made each. A script run's build time is its wall
// time; an imported log or a recording has no clock of its own, so its time comes from
// the log (RunTimeline: exact for rawjson, the sum of DONE times for plain).
namespace RunHistorySeries {

// A run that could not be read or is still going is left out, and so is one the model
// is still loading in the background (RunListModel::loadedEntry()).
QList<RunHistoryPoint> of(const RunListModel &runs);
RunHistoryPoint pointOf(const QString &runId, const QString &label,
                        const QString &script, const BuildRun &run,
                        const RunSummary &summary, const RunResult &result = {});

} // namespace RunHistorySeries

} // namespace Cachelab
