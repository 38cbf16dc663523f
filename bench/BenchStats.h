// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the benchmarks measure with: percentiles of samples and the process's peak RSS.

#include <algorithm>
#include <QList>
#include <sys/resource.h>

namespace Bench {

// The p-th (0..1) of the samples, nearest rank; 0 for none.
inline double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return values.at(std::min<qsizetype>(values.size() - 1, qsizetype(p * values.size())));
}

inline long peakRssKiB()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

} // namespace Bench
