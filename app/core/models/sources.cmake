# SPDX-License-Identifier: GPL-3.0-or-later
# Item models the views show (QtCore only). Paths relative to app/core.
list(APPEND CACHELAB_CORE_SOURCES
    models/CacheLayerListModel.cpp models/CacheLayerListModel.h
    models/HistoryRecordListModel.cpp models/HistoryRecordListModel.h
    models/LogLineModel.cpp models/LogLineModel.h
    models/RunLoader.cpp models/RunLoader.h
    models/RunListModel.cpp models/RunListModel.h
    models/RunSummary.cpp models/RunSummary.h
    models/StepComparisonModel.cpp models/StepComparisonModel.h
)
