# SPDX-License-Identifier: GPL-3.0-or-later
# Explain: expected against observed rebuilds, and why. Paths relative to app/core.
list(APPEND CACHELAB_CORE_SOURCES
    explain/StepExpectation.h
    explain/RebuildPredictor.cpp explain/RebuildPredictor.h
    explain/RebuildExplanation.cpp explain/RebuildExplanation.h
    explain/RebuildExplainer.cpp explain/RebuildExplainer.h
)
