# SPDX-License-Identifier: GPL-3.0-or-later
# An open project and its runs. Paths relative to app/core.
list(APPEND CACHELAB_CORE_SOURCES
    session/ProjectSession.cpp session/ProjectSession.h
)
