# SPDX-License-Identifier: GPL-3.0-or-later
# BuildKit progress parsers (plain, rawjson) and the run model. Paths relative to app/core.
list(APPEND CACHELAB_CORE_SOURCES
    progress/AnsiEscapes.cpp progress/AnsiEscapes.h
    progress/BuildRun.cpp progress/BuildRun.h
    progress/BuildVertex.cpp progress/BuildVertex.h
    progress/CacheExport.h
    progress/LineSplitter.h
    progress/LogText.cpp progress/LogText.h
    progress/LogWrapper.cpp progress/LogWrapper.h
    progress/PlainProgressParser.cpp progress/PlainProgressParser.h
    progress/PlainRendering.cpp progress/PlainRendering.h
    progress/ProgressStreamParser.cpp progress/ProgressStreamParser.h
    progress/RawJsonProgressParser.cpp progress/RawJsonProgressParser.h
    progress/StatusLine.cpp progress/StatusLine.h
    progress/StepLabel.cpp progress/StepLabel.h
)
