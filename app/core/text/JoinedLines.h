// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QTextStream>

namespace Cachelab {

// Lines written to a stream as QStringList::join('\n') would make them, but as they come:
// a report of a million vertices is never one list of strings first.
class JoinedLines
{
public:
    explicit JoinedLines(QTextStream &out)
        : m_out(out)
    { }

    // The separator, unless this is the first line: for a line written in pieces.
    QTextStream &next()
    {
        if (!m_first)
            m_out << '\n';
        m_first = false;
        return m_out;
    }
    void operator()(const QString &line) { next() << line; }

private:
    QTextStream &m_out;
    bool m_first = true;
};

} // namespace Cachelab
