# SPDX-License-Identifier: GPL-3.0-or-later
# The cache flag lint: build scripts' --export-cache/--import-cache/--cache-to/--cache-from
# and BUILDKIT_INLINE_CACHE read and checked. QtCore only. Paths relative to app/core.
list(APPEND CACHELAB_CORE_SOURCES
    lint/BuildCommand.cpp lint/BuildCommand.h
    lint/BuildCommandChecks.cpp lint/BuildCommandChecks.h
    lint/BuildCommandFinder.cpp lint/BuildCommandFinder.h
    lint/CacheBackendKeys.cpp lint/CacheBackendKeys.h
    lint/CacheFlag.cpp lint/CacheFlag.h
    lint/CacheFlagChecks.cpp lint/CacheFlagChecks.h
    lint/CacheFlagLint.cpp lint/CacheFlagLint.h
    lint/CsvFields.cpp lint/CsvFields.h
    lint/LintFinding.cpp lint/LintFinding.h
    lint/LintText.cpp lint/LintText.h
    lint/ShellCommand.h
    lint/ShellScriptLexer.cpp lint/ShellScriptLexer.h
    lint/TargetStages.cpp lint/TargetStages.h
)
