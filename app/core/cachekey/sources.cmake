# SPDX-License-Identifier: GPL-3.0-or-later
# The cache-key X-ray: BuildKit's cache debug data (buildkitd --save-cache-debug;
# docs/cache-debug.md) read and compared. Paths relative to app/core.
list(APPEND CACHELAB_CORE_SOURCES
    cachekey/CacheDebugData.cpp cachekey/CacheDebugData.h
    cachekey/CacheKeyXray.cpp cachekey/CacheKeyXray.h
)
