// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace Cachelab {

// How far a misspelt word is from the word meant, and the "did you mean …?" built on it:
// one implementation for the cache flag lint and for the Dockerfile parser's BuildKit
// messages.
namespace EditDistance {

// Insertions, deletions, substitutions and swaps of two neighbours each count one
// (optimal string alignment distance), so `mod` -> `mode` and `mdoe` -> `mode` are both 1.
int between(const QString &a, const QString &b);
// Insertions, deletions and substitutions only (Levenshtein): a swap counts two, as in
// BuildKit's suggestions.
int levenshtein(const QString &a, const QString &b);

// The lint's suggestion: the candidate closest to `word` (by between()) if it is close
// enough to be a likely typo (at most 1 edit for words up to 4 characters, 2 for longer
// ones); empty otherwise.
QString nearest(const QString &word, const QStringList &candidates);

// BuildKit's "did you mean …?" for a misspelt keyword or flag (suggest.Search): the
// closest candidate within a Levenshtein distance of 2, empty when there is none or when
// `value` is itself a candidate. Case-insensitive matches answer in lower case, or in
// upper case when `value` was written in upper case.
QString buildKitSuggestion(const QString &value, const QStringList &candidates,
                           bool caseSensitive);

} // namespace EditDistance

} // namespace Cachelab
