# SPDX-License-Identifier: GPL-3.0-or-later
# Text helpers shared by the parsers and the lint. QtCore only. Paths relative to app/core.
list(APPEND CACHELAB_CORE_SOURCES
    text/BoundedFile.cpp text/BoundedFile.h
    text/EditDistance.cpp text/EditDistance.h
    text/JoinedLines.h
)
