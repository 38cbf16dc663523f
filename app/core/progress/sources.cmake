# SPDX-License-Identifier: GPL-3.0-or-later
# BuildKit progress parsers (plain, rawjson) and the run model. Paths relative to app/core.
list(APPEND CACHELAB_CORE_SOURCES
)
