# SPDX-License-Identifier: GPL-3.0-or-later
# Reports of runs for terminals and issues. Paths relative to app/core.
list(APPEND CACHELAB_CORE_SOURCES
    report/AnalysisReport.cpp report/AnalysisReport.h
    report/RunTextReport.cpp report/RunTextReport.h
    report/IssueReport.cpp report/IssueReport.h
    report/ToolVersions.cpp report/ToolVersions.h
)
