# SPDX-License-Identifier: GPL-3.0-or-later
# Running build scripts. Paths relative to app/core.
list(APPEND CACHELAB_CORE_SOURCES
    runner/RunRequest.h
    runner/RunResult.h
    runner/ScriptOutput.cpp runner/ScriptOutput.h
    runner/ScriptRunner.cpp runner/ScriptRunner.h
    runner/SecretRedactor.cpp runner/SecretRedactor.h
)
