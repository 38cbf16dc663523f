# SPDX-License-Identifier: GPL-3.0-or-later
# Plots: the numbers the timeline, durations and history plots draw. Paths relative to app/core.
list(APPEND CACHELAB_CORE_SOURCES
    plots/RunTimeline.cpp plots/RunTimeline.h
    plots/StepDurationPairs.cpp plots/StepDurationPairs.h
    plots/RunHistorySeries.cpp plots/RunHistorySeries.h
)
