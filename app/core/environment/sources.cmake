# SPDX-License-Identifier: GPL-3.0-or-later
# The environment check (`cachelab doctor`, Help → Check Environment): what the build
# scripts need, probed without blocking. Paths relative to app/core.
list(APPEND CACHELAB_CORE_SOURCES
    environment/ToolLookup.cpp environment/ToolLookup.h
    environment/ProcessProbe.cpp environment/ProcessProbe.h
    environment/RegistryProbe.cpp environment/RegistryProbe.h
    environment/EnvironmentCheck.cpp environment/EnvironmentCheck.h
)
