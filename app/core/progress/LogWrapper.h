// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QList>
#include <QString>

#include <limits>

namespace Cachelab {

// What a CI system or a paste wraps BuildKit's plain progress in, told from a log's first
// lines, and taken off line by line: per-line timestamps (GitHub Actions' 7 fractional
// digits, RFC 3339 with any fraction and zone, GitLab runner's `… 00O ` stream token,
// Jenkins timestamper's `HH:MM:SS ` and `[ISO] `, Buildkite's `ESC _bk;t=MS BEL`, a
// timestamp alone on its line that dates the lines after it), ANSI colour codes, CRLF,
// GitLab's `section_start:`/`section_end:` markers, `##[group]`/`##[endgroup]`/`##[error]`
// (GitHub Actions, Azure Pipelines), Buildkite's `---`/`+++`/`~~~` group headers,
// `docker compose`/`bake` service prefixes (`web  | `) and the uniform indentation of a
// quoted paste. A bare log is left alone at no cost (kind None).
class LogWrapper
{
public:
    // The timestamp style; markers, colours and prefixes are taken off in every style.
    enum class Stamp
    {
        None,
        Rfc3339, // "2024-08-18T10:44:11.5838896Z " (GitHub Actions, Azure, docker logs -t, GitLab)
        JenkinsIso, // "[2024-05-01T10:11:12.123Z] "
        JenkinsTime, // "10:11:12 " (no date: dates from 2000-01-01 UTC, across midnights)
        Buildkite, // "\x1b_bk;t=1723977851123\x07" (epoch milliseconds)
    };

    // Reads the first lines of a log (up to the first that is BuildKit's own once
    // unwrapped, at most 64). isWrapped() false: nothing to take off.
    static LogWrapper detect(const QList<QByteArray> &firstLines);

    bool isWrapped() const { return m_wrapped; }
    Stamp stamp() const { return m_stamp; }
    // "GitHub Actions / RFC 3339 timestamps, service prefix 'web'"-like, for a user.
    QString description() const;
    static QString stampName(Stamp stamp);

    static constexpr qint64 kNoTime = std::numeric_limits<qint64>::min();
    struct Line
    {
        // The line as BuildKit printed it: a view into the line given, or into the
        // wrapper's own buffer (ANSI codes taken out); valid until the next unwrap().
        QByteArrayView text;
        qint64 msecs = kNoTime; // the wrapper's time for it, ms since the epoch (UTC)
        bool skip = false; // a wrapper's own line (marker, header, a timestamp alone)
        QDateTime time() const;
    };
    // One line (without its '\n'). Not const: times without a date roll over midnight,
    // a timestamp alone on its line dates the next ones, and text may live in a buffer.
    // Cheap: a CI log is millions of lines (bench/bench_progress_parser.cpp --wrapped).
    Line unwrap(QByteArrayView line);

private:
    bool m_wrapped = false;
    Stamp m_stamp = Stamp::None;
    bool m_gitlabStream = false; // "2024-…Z 00O " / "01E+ "
    QByteArray m_service; // "web" of "web  | "
    qsizetype m_indent = 0;
    QByteArray m_storage;
    qint64 m_lastTime = kNoTime;
    int m_dayOffset = 0; // JenkinsTime: midnights passed
    int m_lastSeconds = -1;
};

} // namespace Cachelab
