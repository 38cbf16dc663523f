# SPDX-License-Identifier: GPL-3.0-or-later
# Text helpers shared by the parsers and the lint. QtCore only. Paths relative to app/core.
list(APPEND CACHELAB_CORE_SOURCES
    text/EditDistance.cpp text/EditDistance.h
)
