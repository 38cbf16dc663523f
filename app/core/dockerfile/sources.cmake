# SPDX-License-Identifier: GPL-3.0-or-later
# Dockerfile parser and the stage model. Paths relative to app/core.
list(APPEND CACHELAB_CORE_SOURCES
    dockerfile/ArgExpander.cpp dockerfile/ArgExpander.h
    dockerfile/Dockerfile.cpp dockerfile/Dockerfile.h
    dockerfile/DockerfileError.cpp dockerfile/DockerfileError.h
    dockerfile/DockerfileInstruction.cpp dockerfile/DockerfileInstruction.h
    dockerfile/DockerfileParser.cpp dockerfile/DockerfileParser.h
    dockerfile/DockerfileStage.cpp dockerfile/DockerfileStage.h
    dockerfile/DockerfileStep.h
    dockerfile/ImageReference.cpp dockerfile/ImageReference.h
    dockerfile/InstructionParser.cpp dockerfile/InstructionParser.h
    dockerfile/LogicalLineReader.cpp dockerfile/LogicalLineReader.h
    dockerfile/RunMount.cpp dockerfile/RunMount.h
    dockerfile/StageDispatcher.cpp dockerfile/StageDispatcher.h
    dockerfile/StageGraph.cpp dockerfile/StageGraph.h
)
