// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace Cachelab {

// How far a misspelt word is from the word meant: insertions, deletions, substitutions
// and swaps of two neighbours each count one (optimal string alignment distance), so
// `mod` -> `mode` and `mdoe` -> `mode` are both 1.
class EditDistance
{
public:
    static int between(const QString &a, const QString &b);
    // The candidate closest to `word` if it is close enough to be a likely typo (at most
    // 1 edit for words up to 4 characters, 2 for longer ones); empty otherwise.
    static QString nearest(const QString &word, const QStringList &candidates);
};

} // namespace Cachelab
