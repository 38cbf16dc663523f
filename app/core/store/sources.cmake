# SPDX-License-Identifier: GPL-3.0-or-later
# Run history on disk. Paths relative to app/core.
list(APPEND CACHELAB_CORE_SOURCES
    store/RunStore.cpp store/RunStore.h
    store/StoredRun.cpp store/StoredRun.h
)
