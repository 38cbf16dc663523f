// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer: the .dockerbuild reader (gzip tar, OCI index and manifests, history record
// JSON) and the logs blob decoder (length-prefixed StatusResponse protobuf) on any input.
// Whatever the logs blob decodes to must read back as rawjson without a bad line.
#include "core/history/DockerBuildFile.h"
#include "core/history/StatusBlob.h"
#include "core/progress/RawJsonProgressParser.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace Cachelab;
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
        if (const auto builds = DockerBuildFile::read(input, QStringLiteral("fuzz.dockerbuild"), &error)) {
            for (const HistoryBuild &build : *builds)
                RawJsonProgressParser::parse(build.log);
        } else if (error.isEmpty()) {
            std::abort(); // a refusal always says why
        }
        return 0;
    }
    if (const auto rawJson = StatusBlob::toRawJson(input, &error)) {
        RawJsonProgressParser parser;
        parser.feed(*rawJson);
        parser.finish();
        if (parser.badLines() != 0)
            std::abort();
    } else if (!error.startsWith(QLatin1String("message "))) {
        std::abort(); // the place of the bad message is said
    }
    return 0;
}
