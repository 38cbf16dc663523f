# SPDX-License-Identifier: GPL-3.0-or-later
# Dockerfile parser and the stage model. Paths relative to app/core.
list(APPEND CACHELAB_CORE_SOURCES
)
