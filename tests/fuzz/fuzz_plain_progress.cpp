// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer: the plain progress parser, whole and fed in two chunks, must agree and
// never crash, hang or read out of bounds on any input.
#include "core/progress/PlainProgressParser.h"
#include "core/report/RunTextReport.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace Cachelab;
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    const BuildRun whole = PlainProgressParser::parse(input);

    PlainProgressParser split;
    const qsizetype cut = size > 0 ? qsizetype(data[0]) % qsizetype(size + 1) : 0;
    split.feed(input.first(cut));
    split.feed(input.sliced(cut));
    const BuildRun parts = split.takeRun();

    // Same input, same result, whatever the chunking.
    if (RunTextReport::render(whole) != RunTextReport::render(parts))
        std::abort();
    (void)whole.toJson();
    return 0;
}
