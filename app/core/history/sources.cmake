# SPDX-License-Identifier: GPL-3.0-or-later
# Builder history: buildx history records read through the buildx CLI and from
# `.dockerbuild` files (BuildKit's logs blob decoded with libprotobuf). Paths relative to
# app/core; the .proto is compiled in app/core/CMakeLists.txt.
list(APPEND CACHELAB_CORE_SOURCES
    history/BuilderHistory.cpp history/BuilderHistory.h
    history/DockerBuildFile.cpp history/DockerBuildFile.h
    history/HistoryRecord.cpp history/HistoryRecord.h
    history/StatusBlob.cpp history/StatusBlob.h
    history/TraceSpans.cpp history/TraceSpans.h
)
