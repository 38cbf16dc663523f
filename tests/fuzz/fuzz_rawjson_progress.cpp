// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer: the rawjson reader (JSON lines, base64 log chunks) on any input.
#include "core/progress/RawJsonProgressParser.h"
#include "core/report/RunTextReport.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace Cachelab;
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    const BuildRun whole = RawJsonProgressParser::parse(input);

    RawJsonProgressParser split;
    const qsizetype cut = size > 0 ? qsizetype(data[size - 1]) % qsizetype(size + 1) : 0;
    split.feed(input.first(cut));
    split.feed(input.sliced(cut));
    if (RunTextReport::render(whole) != RunTextReport::render(split.takeRun()))
        std::abort();
    return 0;
}
