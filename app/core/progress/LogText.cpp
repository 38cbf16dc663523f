// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/progress/LogText.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

#ifdef Q_OS_LINUX
#include <sys/mman.h>
#endif

namespace Cachelab {

namespace {

// Blocks double from small (a run of a few lines costs little) to big (few blocks for a
// log of gigabytes).
constexpr qsizetype kFirstBlock = 16 * 1024;
constexpr qsizetype kLargestBlock = 32 * 1024 * 1024;
#ifdef Q_OS_LINUX
// From this size a block is mapped with transparent huge pages: the kernel then zeroes
// 2 MiB per page fault instead of 4 KiB, and faults were most of the parse time.
constexpr qsizetype kHugePageBlock = 2 * 1024 * 1024;
#endif

} // namespace

LogArena::~LogArena()
{
    for (const Block &block : std::as_const(m_blocks)) {
#ifdef Q_OS_LINUX
        if (block.mapped) {
            munmap(block.data, size_t(block.size));
            continue;
        }
#endif
        std::free(block.data);
    }
}

void LogArena::addBlock(qsizetype atLeast)
{
    const qsizetype next
        = m_blocks.isEmpty() ? kFirstBlock : std::min(m_blocks.constLast().size * 2, kLargestBlock);
    Block block { nullptr, std::max(next, atLeast), false };
#ifdef Q_OS_LINUX
    if (block.size >= kHugePageBlock) {
        void *mapped = mmap(nullptr, size_t(block.size), PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (mapped != MAP_FAILED) {
            madvise(mapped, size_t(block.size), MADV_HUGEPAGE); // a hint: fine if refused
            block.data = static_cast<char *>(mapped);
            block.mapped = true;
        }
    }
#endif
    if (!block.data)
        block.data = static_cast<char *>(std::malloc(size_t(block.size)));
    if (!block.data)
        throw std::bad_alloc();
    m_blocks.append(block);
    m_next = block.data;
    m_free = block.size;
}

QByteArray LogText::toByteArray() const
{
    if (m_size == 0)
        return {};
    QByteArray bytes(m_size, Qt::Uninitialized);
    char *out = bytes.data();
    for (qsizetype i = 0; i < spanCount(); ++i) {
        const QByteArrayView piece = span(i);
        std::memcpy(out, piece.data(), size_t(piece.size()));
        out += piece.size();
    }
    bytes.chop(1); // the last line's '\n'
    return bytes;
}

QByteArray LogText::tail(qsizetype maxBytes) const
{
    if (m_size <= maxBytes + 1)
        return toByteArray();
    // Walk back over the spans until enough bytes are gathered; copy only those.
    QByteArray bytes(maxBytes + 1, Qt::Uninitialized);
    qsizetype wanted = maxBytes + 1; // with the last '\n'
    char *out = bytes.data() + bytes.size();
    for (qsizetype i = spanCount() - 1; i >= 0 && wanted > 0; --i) {
        const QByteArrayView piece = span(i);
        const qsizetype take = std::min(wanted, piece.size());
        out -= take;
        std::memcpy(out, piece.data() + piece.size() - take, size_t(take));
        wanted -= take;
    }
    bytes.chop(1);
    return bytes;
}

} // namespace Cachelab
