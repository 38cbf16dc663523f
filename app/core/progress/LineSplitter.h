// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstring>
#include <QByteArray>
#include <QByteArrayView>

namespace Cachelab {

// Cuts bytes, as they arrive from a process or a file in any chunking, into whole lines
// (without the '\n'), keeping an unterminated tail for the next chunk. Both progress
// parsers read through it, so chunked and whole input give the same lines.
class LineSplitter
{
public:
    template<typename OnLine> void feed(QByteArrayView bytes, OnLine &&onLine)
    {
        qsizetype start = 0;
        while (start < bytes.size()) {
            // memchr directly: QByteArrayView::indexOf() costs a call and checks per line.
            const void *found
                = std::memchr(bytes.data() + start, '\n', size_t(bytes.size() - start));
            if (!found) {
                m_partial.append(bytes.sliced(start));
                return;
            }
            const qsizetype newline = static_cast<const char *>(found) - bytes.data();
            if (m_partial.isEmpty()) {
                onLine(bytes.sliced(start, newline - start));
            } else {
                m_partial.append(bytes.sliced(start, newline - start));
                onLine(QByteArrayView(m_partial));
                m_partial.clear();
            }
            start = newline + 1;
        }
    }

    // The last line, when the input did not end with '\n'.
    template<typename OnLine> void finish(OnLine &&onLine)
    {
        if (!m_partial.isEmpty()) {
            onLine(QByteArrayView(m_partial));
            m_partial.clear();
        }
    }

    // The unterminated tail kept from the last chunk: the start of the next line.
    QByteArrayView pending() const { return m_partial; }

private:
    QByteArray m_partial;
};

} // namespace Cachelab
