// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/text/EditDistance.h"

#include <algorithm>
#include <vector>

namespace Cachelab {

namespace {

int distance(const QString &a, const QString &b, bool swapsCountOne)
{
    const qsizetype n = a.size();
    const qsizetype m = b.size();
    std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1, 0));
    for (qsizetype i = 0; i <= n; ++i)
        d[i][0] = int(i);
    for (qsizetype j = 0; j <= m; ++j)
        d[0][j] = int(j);
    for (qsizetype i = 1; i <= n; ++i) {
        for (qsizetype j = 1; j <= m; ++j) {
            const int cost = a.at(i - 1) == b.at(j - 1) ? 0 : 1;
            d[i][j] = std::min({ d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost });
            if (swapsCountOne && i > 1 && j > 1 && a.at(i - 1) == b.at(j - 2)
                && a.at(i - 2) == b.at(j - 1))
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

} // namespace

int EditDistance::between(const QString &a, const QString &b)
{
    return distance(a, b, true);
}

int EditDistance::levenshtein(const QString &a, const QString &b)
{
    return distance(a, b, false);
}

QString EditDistance::nearest(const QString &word, const QStringList &candidates)
{
    const int allowed = word.size() <= 4 ? 1 : 2;
    QString best;
    int bestDistance = allowed + 1;
    for (const QString &candidate : candidates) {
        const int d = between(word, candidate);
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return best;
}

QString EditDistance::buildKitSuggestion(const QString &value, const QStringList &candidates,
                                         bool caseSensitive)
{
    const QString needle = caseSensitive ? value : value.toLower();
    QString match;
    int best = 3;
    for (const QString &candidate : candidates) {
        const QString option = caseSensitive ? candidate : candidate.toLower();
        if (option == needle)
            return QString(); // the value is fine: the problem is elsewhere
        const int d = levenshtein(needle, option);
        if (d < best) {
            best = d;
            match = option;
            // answer in the case the user wrote in (lower case when mixed, as BuildKit)
            if (!caseSensitive && value != value.toLower() && value == value.toUpper())
                match = option.toUpper();
        }
    }
    return match;
}

} // namespace Cachelab
