// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer: plain progress inside any wrapping (core/progress/LogWrapper, through
// ProgressStreamParser): every run of the input, whole and fed in three chunks, must agree,
// and nothing may crash, hang or read out of bounds.
#include "core/progress/ProgressStreamParser.h"
#include "core/report/RunTextReport.h"

#include <cstdint>
#include <cstdlib>

namespace {
QString render(const QList<Cachelab::BuildRun> &runs)
{
    QString text;
    for (const Cachelab::BuildRun &run : runs)
        text += Cachelab::RunTextReport::render(run);
    return text;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace Cachelab;
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    ProgressStreamParser whole;
    whole.feed(input);
    const QList<BuildRun> wholeRuns = whole.takeRuns();

    ProgressStreamParser split;
    const qsizetype a = size > 0 ? qsizetype(data[0]) % qsizetype(size + 1) : 0;
    const qsizetype b = size > 1 ? a + (qsizetype(data[1]) * 7) % qsizetype(size - a + 1) : a;
    split.feed(input.first(a));
    split.feed(input.sliced(a, b - a));
    split.feed(input.sliced(b));
    const QList<BuildRun> parts = split.takeRuns();

    // Same input, same runs, whatever the chunking.
    if (render(wholeRuns) != render(parts))
        std::abort();
    for (const BuildRun &run : wholeRuns)
        (void)run.toJson();
    return 0;
}
