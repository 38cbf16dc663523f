# SPDX-License-Identifier: GPL-3.0-or-later
# The lab: what the scripts need, set up by Cachelab. Paths relative to app/core.
list(APPEND CACHELAB_CORE_SOURCES
    lab/Lab.cpp lab/Lab.h
    lab/LabBuildx.cpp lab/LabBuildx.h
    lab/LabEngine.cpp lab/LabEngine.h
    lab/LabRegistry.cpp lab/LabRegistry.h
)
