// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/progress/LogWrapper.h"

#include "core/progress/AnsiEscapes.h"

#include <cctype>
#include <cstring>
#include <QHash>

namespace Cachelab {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

int number(QByteArrayView s, qsizetype at, qsizetype digits)
{
    int value = 0;
    for (qsizetype i = at; i < at + digits; ++i)
        value = value * 10 + (s.at(i) - '0');
    return value;
}

bool digitsAt(QByteArrayView s, qsizetype at, qsizetype count)
{
    if (at + count > s.size())
        return false;
    for (qsizetype i = at; i < at + count; ++i) {
        if (!isDigit(s.at(i)))
            return false;
    }
    return true;
}

// Days from 1970-01-01 to a civil date (proleptic Gregorian; H. Hinnant's algorithm):
// no QDateTime per line, which costs more than the rest of the line's work.
qint64 daysFromCivil(int y, int m, int d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const qint64 yoe = y - era * 400;
    const qint64 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

// "2024-08-18T10:44:11[.fraction][Z|±HH:MM|±HHMM]" at the start of s; its length, or 0.
qsizetype rfc3339(QByteArrayView s, qint64 *msecs)
{
    if (s.size() < 19 || !digitsAt(s, 0, 4) || s.at(4) != '-' || !digitsAt(s, 5, 2) || s.at(7) != '-'
        || !digitsAt(s, 8, 2) || (s.at(10) != 'T' && s.at(10) != ' ') || !digitsAt(s, 11, 2)
        || s.at(13) != ':' || !digitsAt(s, 14, 2) || s.at(16) != ':' || !digitsAt(s, 17, 2))
        return 0;
    qsizetype i = 19;
    int millis = 0;
    if (i < s.size() && (s.at(i) == '.' || s.at(i) == ',')) {
        qsizetype digits = 0;
        ++i;
        while (i < s.size() && isDigit(s.at(i))) {
            if (digits < 3)
                millis = millis * 10 + (s.at(i) - '0');
            ++digits;
            ++i;
        }
        if (digits == 0)
            return 0;
        for (qsizetype d = digits; d < 3; ++d)
            millis *= 10;
    }
    int offsetSeconds = 0;
    if (i < s.size() && (s.at(i) == 'Z' || s.at(i) == 'z')) {
        ++i;
    } else if (i < s.size() && (s.at(i) == '+' || s.at(i) == '-') && digitsAt(s, i + 1, 2)) {
        const int sign = s.at(i) == '-' ? -1 : 1;
        const int hours = number(s, i + 1, 2);
        qsizetype j = i + 3;
        if (j < s.size() && s.at(j) == ':')
            ++j;
        if (!digitsAt(s, j, 2))
            return 0;
        offsetSeconds = sign * (hours * 3600 + number(s, j, 2) * 60);
        i = j + 2;
    }
    const int month = number(s, 5, 2), day = number(s, 8, 2);
    const int hour = number(s, 11, 2), minute = number(s, 14, 2), second = number(s, 17, 2);
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return 0;
    if (msecs) {
        const qint64 seconds = daysFromCivil(number(s, 0, 4), month, day) * 86400 + hour * 3600
            + minute * 60 + second - offsetSeconds;
        *msecs = seconds * 1000 + millis;
    }
    return i;
}

// The timestamp of `stamp` at the start of s (with the space after it); its length, or 0.
qsizetype stampLength(LogWrapper::Stamp stamp, QByteArrayView s, qint64 *time, int *seconds)
{
    switch (stamp) {
    case LogWrapper::Stamp::None:
        return 0;
    case LogWrapper::Stamp::Rfc3339: {
        const qsizetype n = rfc3339(s, time);
        if (n == 0)
            return 0;
        if (n == s.size())
            return n; // a timestamp alone on its line
        return s.at(n) == ' ' || s.at(n) == '\t' ? n + 1 : 0;
    }
    case LogWrapper::Stamp::JenkinsIso: {
        if (s.isEmpty() || s.at(0) != '[')
            return 0;
        const qsizetype n = rfc3339(s.sliced(1), time);
        if (n == 0 || 1 + n >= s.size() || s.at(1 + n) != ']')
            return 0;
        return 2 + n < s.size() && s.at(2 + n) == ' ' ? 3 + n : 2 + n;
    }
    case LogWrapper::Stamp::JenkinsTime: {
        if (!digitsAt(s, 0, 2) || s.size() < 8 || s.at(2) != ':' || !digitsAt(s, 3, 2) || s.at(5) != ':'
            || !digitsAt(s, 6, 2) || (s.size() > 8 && s.at(8) != ' '))
            return 0;
        const int h = number(s, 0, 2), m = number(s, 3, 2), sec = number(s, 6, 2);
        if (h > 23 || m > 59 || sec > 60)
            return 0;
        if (seconds)
            *seconds = h * 3600 + m * 60 + sec;
        qsizetype n = 8;
        while (n < s.size() && s.at(n) == ' ')
            ++n;
        return n;
    }
    case LogWrapper::Stamp::Buildkite: {
        static const QByteArrayView head("\x1b_bk;t=");
        if (!s.startsWith(head))
            return 0;
        qsizetype i = head.size();
        qint64 ms = 0;
        while (i < s.size() && isDigit(s.at(i)) && i < head.size() + 16)
            ms = ms * 10 + (s.at(i++) - '0');
        if (i == head.size() || i >= s.size() || s.at(i) != '\x07')
            return 0;
        if (time)
            *time = ms;
        return i + 1;
    }
    }
    return 0;
}

// GitLab runner's stream token after its timestamp: "00O ", "01E ", "00O+ ".
qsizetype gitlabStreamLength(QByteArrayView s)
{
    if (s.size() < 4 || !digitsAt(s, 0, 2) || (s.at(2) != 'O' && s.at(2) != 'E'))
        return 0;
    if (s.at(3) == ' ')
        return 4;
    return s.size() > 4 && s.at(3) == '+' && s.at(4) == ' ' ? 5 : 0;
}

// Heroku's "app[web.1]: " after its timestamp.
qsizetype herokuSourceLength(QByteArrayView s)
{
    const qsizetype open = s.indexOf('[');
    if (open <= 0 || open > 40)
        return 0;
    const qsizetype close = s.indexOf("]: ");
    return close > open && close < 80 ? close + 3 : 0;
}

// BuildKit's own line: "#N ..." or the client's "ERROR: "/"------" summary.
bool isBuildKitLine(QByteArrayView s)
{
    return s.size() >= 2 && s.at(0) == '#' && isDigit(s.at(1));
}

QByteArrayView withoutCarriageReturns(QByteArrayView s, QByteArray *storage)
{
    while (s.endsWith('\r'))
        s.chop(1);
    if (s.isEmpty())
        return s;
    // What a terminal shows of "a\rb": b (GitLab's "section_…\r\e[0Kheader").
    if (std::memchr(s.data(), '\r', size_t(s.size())))
        s = s.sliced(s.lastIndexOf('\r') + 1);
    if (!s.isEmpty() && std::memchr(s.data(), '\x1b', size_t(s.size())) && !s.startsWith("\x1b_bk;t=")) {
        *storage = withoutAnsiEscapes(s);
        return *storage;
    }
    return s;
}

// A wrapper's own line, dropped: markers and group headers.
bool isMarker(QByteArrayView s)
{
    return s.startsWith("section_start:") || s.startsWith("section_end:") || s.startsWith("##[group]")
        || s.startsWith("##[endgroup]") || s.startsWith("##[section]") || s.startsWith("##[command]")
        || s.startsWith("##[debug]") || s.startsWith("[Pipeline] ") || s.startsWith("--- ")
        || s.startsWith("+++ ") || s.startsWith("~~~ ") || s == "---" || s == "+++" || s == "~~~";
}

// "web  | " (docker compose, bake): the service's name, or empty.
QByteArrayView servicePrefix(QByteArrayView s, qsizetype *length)
{
    qsizetype i = 0;
    while (i < s.size() && i < 64
           && (std::isalnum(uchar(s.at(i))) || s.at(i) == '-' || s.at(i) == '_' || s.at(i) == '.'))
        ++i;
    if (i == 0)
        return {};
    qsizetype j = i;
    while (j < s.size() && s.at(j) == ' ')
        ++j;
    if (j == i || j >= s.size() || s.at(j) != '|')
        return {};
    *length = j + 1 < s.size() && s.at(j + 1) == ' ' ? j + 2 : j + 1;
    return s.first(i);
}

} // namespace

QString LogWrapper::stampName(Stamp stamp)
{
    switch (stamp) {
    case Stamp::None:
        return QStringLiteral("none");
    case Stamp::Rfc3339:
        return QStringLiteral("RFC 3339 timestamps");
    case Stamp::JenkinsIso:
        return QStringLiteral("Jenkins [ISO] timestamps");
    case Stamp::JenkinsTime:
        return QStringLiteral("Jenkins HH:MM:SS timestamps");
    case Stamp::Buildkite:
        return QStringLiteral("Buildkite timestamps");
    }
    return {};
}

QString LogWrapper::description() const
{
    if (!m_wrapped)
        return QStringLiteral("none");
    QStringList parts;
    if (m_stamp != Stamp::None)
        parts.append(stampName(m_stamp) + (m_gitlabStream ? QStringLiteral(" (GitLab runner)") : QString()));
    if (!m_service.isEmpty())
        parts.append(QStringLiteral("service prefix '%1'").arg(QString::fromUtf8(m_service)));
    if (m_indent > 0)
        parts.append(QStringLiteral("indented by %1").arg(m_indent));
    if (parts.isEmpty())
        parts.append(QStringLiteral("CI markers"));
    return parts.join(QStringLiteral(", "));
}

LogWrapper LogWrapper::detect(const QList<QByteArray> &firstLines)
{
    LogWrapper wrapper;
    QList<QByteArray> lines;
    bool markers = false;
    for (const QByteArray &raw : firstLines) {
        QByteArray storage;
        const QByteArrayView line = withoutCarriageReturns(raw, &storage);
        if (!line.trimmed().isEmpty())
            lines.append(line.toByteArray());
        if (raw.startsWith("section_start:") || raw.startsWith("\x1b[0K") || raw.contains("##[group]"))
            markers = true;
    }
    if (lines.isEmpty())
        return wrapper;

    // The timestamp style most lines start with (a bare log's lines start with none).
    int best = 0;
    for (const Stamp stamp : { Stamp::Rfc3339, Stamp::JenkinsIso, Stamp::JenkinsTime, Stamp::Buildkite }) {
        int matches = 0;
        int counted = 0;
        for (qsizetype i = 0; i < lines.size(); ++i, ++counted) {
            const qsizetype n = stampLength(stamp, lines.at(i), nullptr, nullptr);
            if (n > 0)
                ++matches;
            if (n > 0 && n == lines.at(i).size())
                ++i; // a timestamp alone on its line dates the next: one line of the log
        }
        if (matches > best && matches * 10 >= counted * 6) {
            best = matches;
            wrapper.m_stamp = stamp;
        }
    }
    // What is left of each line once the timestamp and the markers are off.
    QList<QByteArray> rest;
    int gitlab = 0;
    for (const QByteArray &line : std::as_const(lines)) {
        QByteArrayView text = line;
        if (const qsizetype n = stampLength(wrapper.m_stamp, text, nullptr, nullptr); n > 0) {
            text = text.sliced(n);
            if (const qsizetype g = gitlabStreamLength(text); g > 0) {
                ++gitlab;
                text = text.sliced(g);
            }
        }
        if (!text.trimmed().isEmpty() && !isMarker(text.trimmed()))
            rest.append(text.toByteArray());
    }
    wrapper.m_gitlabStream = gitlab * 10 >= int(lines.size()) * 6;
    // A service prefix on most of them.
    QHash<QByteArray, int> services;
    for (const QByteArray &line : std::as_const(rest)) {
        qsizetype length = 0;
        const QByteArrayView service = servicePrefix(line, &length);
        if (!service.isEmpty() && isBuildKitLine(QByteArrayView(line).sliced(length)))
            ++services[service.toByteArray()];
    }
    for (auto it = services.cbegin(); it != services.cend(); ++it) {
        if (it.value() * 10 >= int(rest.size()) * 6)
            wrapper.m_service = it.key();
    }
    // The indentation every line shares, when that leaves BuildKit's lines.
    if (wrapper.m_service.isEmpty() && !rest.isEmpty()) {
        qsizetype indent = -1;
        bool buildkit = false;
        for (const QByteArray &line : std::as_const(rest)) {
            qsizetype i = 0;
            while (i < line.size() && (line.at(i) == ' ' || line.at(i) == '\t'))
                ++i;
            indent = indent < 0 ? i : std::min(indent, i);
            buildkit = buildkit || isBuildKitLine(QByteArrayView(line).sliced(i));
        }
        if (indent > 0 && buildkit)
            wrapper.m_indent = indent;
    }
    wrapper.m_wrapped = wrapper.m_stamp != Stamp::None || !wrapper.m_service.isEmpty()
        || wrapper.m_indent > 0 || markers;
    return wrapper;
}

QDateTime LogWrapper::Line::time() const
{
    return msecs == kNoTime ? QDateTime() : QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC);
}

LogWrapper::Line LogWrapper::unwrap(QByteArrayView raw)
{
    Line result;
    QByteArrayView line = withoutCarriageReturns(raw, &m_storage);
    qint64 time = kNoTime;
    int seconds = -1;
    if (const qsizetype n = stampLength(m_stamp, line, &time, &seconds); n > 0) {
        line = line.sliced(n);
        if (m_stamp == Stamp::JenkinsTime) {
            // A clock without a date: days from 2000-01-01, a new one when it goes back.
            if (m_lastSeconds >= 0 && seconds < m_lastSeconds - 3600)
                ++m_dayOffset;
            m_lastSeconds = seconds;
            time = (daysFromCivil(2000, 1, 1) + m_dayOffset) * 86400000LL + seconds * 1000LL;
        }
        if (m_gitlabStream) {
            if (const qsizetype g = gitlabStreamLength(line); g > 0)
                line = line.sliced(g);
        } else if (m_stamp == Stamp::Rfc3339 && !line.isEmpty() && line.at(0) != '#') {
            if (const qsizetype h = herokuSourceLength(line); h > 0)
                line = line.sliced(h);
        }
        m_lastTime = time;
        if (line.isEmpty()) {
            // A timestamp alone on its line (Render, Coolify): it dates the lines after it.
            result.skip = true;
            return result;
        }
    }
    result.msecs = m_lastTime;
    if (m_indent > 0) {
        qsizetype i = 0;
        while (i < m_indent && i < line.size() && (line.at(i) == ' ' || line.at(i) == '\t'))
            ++i;
        line = line.sliced(i);
    }
    if (!m_service.isEmpty()) {
        qsizetype length = 0;
        if (servicePrefix(line, &length) == QByteArrayView(m_service))
            line = line.sliced(length);
    }
    // BuildKit's own lines first: nearly all lines of a log.
    if (isBuildKitLine(line)) {
        result.text = line;
        return result;
    }
    if (line.startsWith("##[error]")) {
        line = line.sliced(9);
    } else if (line.startsWith("##[warning]")) {
        line = line.sliced(11);
    } else if (isMarker(line)) {
        result.skip = true;
        return result;
    }
    result.text = line;
    return result;
}

} // namespace Cachelab
