// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/AuthChallenge.h"

namespace Cachelab {

AuthChallenge AuthChallenge::parse(const QByteArray &header)
{
    AuthChallenge challenge;
    const QString text = QString::fromLatin1(header).trimmed();
    if (text.isEmpty())
        return challenge;
    int pos = text.indexOf(QLatin1Char(' '));
    challenge.m_schemeName = pos < 0 ? text : text.left(pos);
    const QString scheme = challenge.m_schemeName.toLower();
    challenge.m_scheme = scheme == QLatin1String("bearer") ? Scheme::Bearer
        : scheme == QLatin1String("basic")                 ? Scheme::Basic
                                                           : Scheme::Other;
    if (pos < 0)
        return challenge;
    // name=value or name="value with \" and ,", separated by commas and spaces.
    const int n = text.size();
    while (pos < n) {
        while (pos < n && (text.at(pos) == QLatin1Char(' ') || text.at(pos) == QLatin1Char(',')))
            ++pos;
        const int eq = text.indexOf(QLatin1Char('='), pos);
        if (eq < 0)
            break;
        const QString name = text.mid(pos, eq - pos).trimmed().toLower();
        pos = eq + 1;
        QString value;
        if (pos < n && text.at(pos) == QLatin1Char('"')) {
            ++pos;
            while (pos < n && text.at(pos) != QLatin1Char('"')) {
                if (text.at(pos) == QLatin1Char('\\') && pos + 1 < n)
                    ++pos;
                value += text.at(pos++);
            }
            ++pos; // the closing quote
        } else {
            const int end = text.indexOf(QLatin1Char(','), pos);
            value = text.mid(pos, end < 0 ? -1 : end - pos).trimmed();
            pos = end < 0 ? n : end;
        }
        if (!name.isEmpty())
            challenge.m_parameters.insert(name, value);
    }
    return challenge;
}

} // namespace Cachelab
