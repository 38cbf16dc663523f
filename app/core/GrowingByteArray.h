// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <algorithm>
#include <QByteArray>
#include <QByteArrayView>

namespace Cachelab {

// Appends with geometric growth. Qt 6.4's QByteArray::append() of a view goes through
// insert(), which reallocates to the exact new size every time: appending a build's
// output chunk by chunk to its log would copy the whole log on every chunk.
inline void appendGrowing(QByteArray &to, QByteArrayView bytes)
{
    const qsizetype needed = to.size() + bytes.size();
    if (needed > to.capacity())
        to.reserve(std::max<qsizetype>(needed, to.capacity() * 2));
    to.append(bytes.data(), bytes.size());
}

} // namespace Cachelab
