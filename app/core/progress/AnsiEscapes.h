// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace Cachelab {

// Terminal control sequences taken out of a line: ESC [ … final byte (colour, cursor),
// the strings ESC ] / ESC _ / ESC P / ESC ^ … BEL or ST (titles, Buildkite's timestamps),
// and two-byte escapes. A log is text for people; the escapes are noise in a table.
QByteArray withoutAnsiEscapes(QByteArrayView text);

} // namespace Cachelab
