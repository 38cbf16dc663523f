# SPDX-License-Identifier: GPL-3.0-or-later
# Command-line verbs (no display needed). Paths relative to app/core.
list(APPEND CACHELAB_CORE_SOURCES
    cli/AnalyzeCommand.cpp cli/AnalyzeCommand.h
    cli/BuildArgs.cpp cli/BuildArgs.h
    cli/BundleCommand.cpp cli/BundleCommand.h
    cli/CommandLine.cpp cli/CommandLine.h
    cli/ExplainCommand.cpp cli/ExplainCommand.h
    cli/CacheInspectCommand.cpp cli/CacheInspectCommand.h
    cli/DoctorCommand.cpp cli/DoctorCommand.h
    cli/HistoryCommand.cpp cli/HistoryCommand.h
    cli/LabCommand.cpp cli/LabCommand.h
    cli/LintCommand.cpp cli/LintCommand.h
    cli/ProjectCommands.cpp cli/ProjectCommands.h
    cli/ReplayCommand.cpp cli/ReplayCommand.h
    cli/WhyCommand.cpp cli/WhyCommand.h
)
