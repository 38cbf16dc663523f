// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the Dockerfile parser (not built by CMake; a clang fuzz build adds it).
// By hand, from the repository root:
//
//   clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -I app
//           $(pkg-config --cflags Qt6Core) tests/core/dockerfile/fuzz_dockerfile.cpp
//           app/core/dockerfile/*.cpp $(pkg-config --libs Qt6Core) -o fuzz_dockerfile
//   ./fuzz_dockerfile -dict=tests/core/dockerfile/fuzz_dockerfile.dict fixtures/dockerfiles
//
// Any input must give a Dockerfile or an error with a place; never a crash, a hang or a
// sanitizer report. A parsed result is also walked (JSON, lookups) and parsed again with
// each stage as the target, which exercises the graph and the dispatch of every stage.
#include "core/dockerfile/DockerfileParser.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <QByteArray>
#include <QJsonDocument>

using namespace Cachelab;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > size_t(DockerfileParser::MaxFileSize))
        return 0;
    const QByteArray content
        = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    DockerfileParser::Options options;
    options.buildArgs.insert(QStringLiteral("BASE"), QStringLiteral("busybox"));
    DockerfileError error;
    const std::optional<Dockerfile> dockerfile
        = DockerfileParser::parse(content, QStringLiteral("Dockerfile"), options, &error);
    if (!dockerfile) {
        if (error.message.isEmpty() || error.line < 0)
            std::abort(); // every refusal must say why and where
        return 0;
    }
    if (dockerfile->stages().isEmpty() || !dockerfile->target().needed)
        std::abort();
    (void)QJsonDocument(dockerfile->toJson()).toJson(QJsonDocument::Compact);
    for (const DockerfileStage &stage : dockerfile->stages()) {
        for (const DockerfileStep &step : stage.steps) {
            if (dockerfile->step(stage.name, step.number) != &step || step.number > step.total)
                std::abort();
        }
        if (!stage.named)
            continue;
        DockerfileParser::Options targeted = options;
        targeted.target = stage.name;
        (void)DockerfileParser::parse(content, QStringLiteral("Dockerfile"), targeted, &error);
    }
    return 0;
}
