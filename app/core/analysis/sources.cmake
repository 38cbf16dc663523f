# SPDX-License-Identifier: GPL-3.0-or-later
# Analysis: runs joined to the Dockerfile. Paths relative to app/core.
list(APPEND CACHELAB_CORE_SOURCES
    analysis/RunAnalysis.cpp analysis/RunAnalysis.h
    analysis/RunStepMatcher.cpp analysis/RunStepMatcher.h
    analysis/StepRef.h
)
