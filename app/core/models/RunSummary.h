// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/progress/BuildRun.h"

namespace Cachelab {

// The numbers a run list and the history plots show for one run.
struct RunSummary
{
    int steps = 0;
    int ran = 0;
    int cached = 0;
    int loaded = 0;
    int failed = 0;
    int canceled = 0;
    int running = 0;
    int exportedLayers = 0;
    CacheExport::Exporter exporter = CacheExport::Exporter::None;

    // Cached and loaded steps over all steps that finished; 0 when none did.
    double hitRatio() const;
    static RunSummary of(const BuildRun &run);
};

} // namespace Cachelab
