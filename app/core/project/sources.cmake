# SPDX-License-Identifier: GPL-3.0-or-later
# The build context of a project. Paths relative to app/core.
list(APPEND CACHELAB_CORE_SOURCES
    project/ContextSnapshot.cpp project/ContextSnapshot.h
    project/DockerIgnore.cpp project/DockerIgnore.h
    project/RecentProjects.cpp project/RecentProjects.h
)
