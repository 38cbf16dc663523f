// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/progress/AnsiEscapes.h"

namespace Cachelab {

QByteArray withoutAnsiEscapes(QByteArrayView text)
{
    QByteArray out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text.at(i);
        if (c != '\x1b') {
            out.append(c);
            continue;
        }
        const char next = i + 1 < text.size() ? text.at(i + 1) : '\0';
        if (next == '[') {
            i += 2;
            while (i < text.size() && !(text.at(i) >= '@' && text.at(i) <= '~'))
                ++i;
        } else if (next == ']' || next == '_' || next == 'P' || next == '^') {
            i += 2;
            while (i < text.size() && text.at(i) != '\x07'
                   && !(text.at(i) == '\x1b' && i + 1 < text.size()))
                ++i;
            if (i < text.size() && text.at(i) == '\x1b')
                ++i; // ST is ESC '\'
        } else {
            ++i; // a two-byte escape
        }
    }
    return out;
}

} // namespace Cachelab
