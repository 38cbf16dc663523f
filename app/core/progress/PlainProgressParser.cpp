// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/progress/PlainProgressParser.h"

#include "core/progress/AnsiEscapes.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <QRegularExpression>

namespace Cachelab {

namespace {

// '\r' (a progress bar redrawn) or ESC (colour) in output lines, which then need work.
bool hasControlBytes(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return false; // memchr must not get a null pointer, even for no bytes
    return std::memchr(bytes.data(), '\r', size_t(bytes.size()))
        || std::memchr(bytes.data(), '\x1b', size_t(bytes.size()));
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// "0.123 text" or "0.123" (an empty output line keeps a trailing space, or not).
qsizetype logPrefixLength(QByteArrayView rest)
{
    qsizetype i = 0;
    while (i < rest.size() && isDigit(rest.at(i)))
        ++i;
    if (i == 0 || i >= rest.size() || rest.at(i) != '.')
        return -1;
    const qsizetype dot = i++;
    while (i < rest.size() && isDigit(rest.at(i)))
        ++i;
    if (i == dot + 1)
        return -1;
    if (i == rest.size())
        return i;
    return rest.at(i) == ' ' ? i + 1 : -1;
}

bool isBareDigest(QByteArrayView rest)
{
    if (rest.size() != 71 || !rest.startsWith("sha256:"))
        return false;
    for (qsizetype i = 7; i < rest.size(); ++i) {
        const char c = rest.at(i);
        if (!isDigit(c) && !(c >= 'a' && c <= 'f'))
            return false;
    }
    return true;
}

double secondsOf(QByteArrayView text) // "0.1s" -> 0.1, anything else -> -1
{
    if (!text.endsWith('s'))
        return -1;
    bool ok = false;
    const double value = text.chopped(1).toDouble(&ok);
    return ok ? value : -1;
}

QString text(QByteArrayView bytes)
{
    return QString::fromUtf8(bytes);
}

} // namespace

PlainProgressParser::PlainProgressParser(const QString &source)
{
    m_run.source = source;
    m_run.format = BuildRun::Format::Plain;
}

void PlainProgressParser::feed(QByteArrayView bytes)
{
    m_controlBytes = hasControlBytes(bytes) || hasControlBytes(m_lines.pending());
    m_lines.feed(bytes, [this](QByteArrayView line) {
        if (!appendOutputLine(line))
            parseLine(line);
    });
}

// Nearly every line of a big log is "#N 0.123 text" of the vertex of the line before.
// Those are recognised here, inline in the split loop and on raw pointers: through
// parseLine() the per-line calls and view slicing cost as much as copying the text. The
// checks are those of parseLine() and parseVertexLine() for such a line, in their order;
// any other line returns false and goes there.
bool PlainProgressParser::appendOutputLine(QByteArrayView line)
{
    if (m_controlBytes || m_block != Block::None || m_lastPrefixLength == 0
        || line.size() < qsizetype(sizeof(quint64)))
        return false; // no '\r' in the input either: no CRLF to chop
    // "#N " of the last vertex, compared as one word.
    quint64 head;
    std::memcpy(&head, line.data(), sizeof head);
    if ((head & m_lastPrefixMask) != m_lastPrefix)
        return false;
    const char *p = line.data() + m_lastPrefixLength;
    const char *const end = line.data() + line.size();
    // logPrefixLength(): "0.123 " or "0.123" at the end
    const char *const seconds = p;
    while (p < end && isDigit(*p))
        ++p;
    if (p == seconds || p == end || *p != '.')
        return false;
    const char *const fraction = ++p;
    while (p < end && isDigit(*p))
        ++p;
    if (p == fraction)
        return false;
    if (p < end) {
        if (*p != ' ')
            return false;
        ++p;
    }
    ++m_linesRead;
    vertex(m_lastIndex).appendLogLine(QByteArrayView(p, end - p));
    return true;
}

void PlainProgressParser::setLastVertex(int id, qsizetype index)
{
    m_lastId = id;
    m_lastIndex = index;
    // The prefix as parseLine() reads it, when it fits a word: ids up to 999999. A longer
    // one, or "#07" for 7, takes the general path, with the same result.
    char prefix[16] = { '#' };
    char *const digitsEnd = std::to_chars(prefix + 1, prefix + sizeof prefix - 1, id).ptr;
    *digitsEnd = ' ';
    const qsizetype length = digitsEnd + 1 - prefix;
    m_lastPrefix = 0;
    m_lastPrefixMask = 0;
    m_lastPrefixLength = 0;
    if (id <= 0 || length > qsizetype(sizeof(quint64)))
        return;
    std::memcpy(&m_lastPrefix, prefix, size_t(length));
    std::memset(&m_lastPrefixMask, 0xff, size_t(length));
    m_lastPrefixLength = length;
}

qsizetype PlainProgressParser::indexOfVertex(int id) const
{
    if (id < m_indexById.size())
        return m_indexById.at(id) - 1;
    return m_indexOfSparseId.value(id, -1);
}

void PlainProgressParser::addVertexIndex(int id, qsizetype index)
{
    // BuildKit numbers vertices from 1 up: a list indexed by id. Ids far beyond the last
    // (damaged input) go to a hash, so that "#999999999" costs no gigabytes.
    if (id >= m_indexById.size() && id < 2 * m_indexById.size() + 1024)
        m_indexById.resize(std::max<qsizetype>(id + 1, 2 * m_indexById.size()), 0);
    if (id < m_indexById.size() && index < std::numeric_limits<qint32>::max())
        m_indexById[id] = qint32(index + 1);
    else
        m_indexOfSparseId.insert(id, index);
}

void PlainProgressParser::feedLine(QByteArrayView line)
{
    m_controlBytes = hasControlBytes(line);
    if (!appendOutputLine(line))
        parseLine(line);
}

void PlainProgressParser::finish()
{
    m_controlBytes = hasControlBytes(m_lines.pending());
    m_lines.finish([this](QByteArrayView line) {
        parseLine(line);
    });
}

// A step that failed without its own "#N ERROR" line (older printers, a cut-off stream):
// the closing summary names it in its error block.
void PlainProgressParser::failStepsOfErrorBlocks()
{
    if (m_run.errors.isEmpty())
        return;
    for (const QString &name : std::as_const(m_run.errorBlocks)) {
        for (BuildVertex &v : m_run.vertices) {
            if (v.name() == name && v.state == VertexState::Running) {
                v.state = VertexState::Error;
                v.setErrorMessage(m_run.errors.constLast());
            }
        }
    }
}

// Another progress stream begins in the same log (a CI job's second build, or the build
// after buildx's "booting buildkit" stream): the run so far is kept, a new one starts.
void PlainProgressParser::startNewStream()
{
    failStepsOfErrorBlocks();
    BuildRun next;
    next.firstLine = m_linesRead; // the line being read starts the new stream
    next.source = m_run.source;
    next.format = m_run.format;
    next.wrapper = m_run.wrapper;
    m_finishedRuns.append(std::exchange(m_run, std::move(next)));
    m_indexById.clear();
    m_indexOfSparseId.clear();
    setLastVertex(0, 0);
    m_earlyLogs.clear();
    m_block = Block::None;
    m_expectBareError = false;
}

BuildRun PlainProgressParser::takeRun()
{
    finish();
    failStepsOfErrorBlocks();
    m_indexById.clear();
    m_indexOfSparseId.clear();
    setLastVertex(0, 0);
    // The log's last build; takeRuns() gives them all.
    if (m_run.vertices.isEmpty() && m_run.errors.isEmpty() && !m_finishedRuns.isEmpty())
        return m_finishedRuns.takeLast();
    return std::move(m_run);
}

QList<BuildRun> PlainProgressParser::takeRuns()
{
    QList<BuildRun> runs = std::exchange(m_finishedRuns, {});
    BuildRun last = takeRun();
    if (!last.vertices.isEmpty() || !last.errors.isEmpty() || runs.isEmpty())
        runs.append(std::move(last));
    return runs;
}

BuildRun PlainProgressParser::parse(QByteArrayView log, const QString &source)
{
    PlainProgressParser parser(source);
    parser.feed(log);
    return parser.takeRun();
}

void PlainProgressParser::parseLine(QByteArrayView line)
{
    ++m_linesRead;
    if (line.endsWith('\r'))
        line.chop(1); // CRLF
    if (line.isEmpty())
        return;

    static const QByteArrayView buildingWith("#0 building with ");
    if (line.startsWith(buildingWith) && !m_run.vertices.isEmpty())
        startNewStream();
    if (line.at(0) == '#' && m_block == Block::None) {
        qsizetype i = 1;
        int id = 0;
        while (i < line.size() && isDigit(line.at(i)) && i < 10)
            id = id * 10 + (line.at(i++) - '0');
        if (i > 1 && (i == line.size() || line.at(i) == ' ')) {
            const QByteArrayView rest = i == line.size() ? QByteArrayView() : line.sliced(i + 1);
            if (id == 0)
                parseZeroLine(rest);
            else
                parseVertexLine(id, rest);
            return;
        }
    }
    parseClientLine(line);
}

void PlainProgressParser::parseVertexLine(int id, QByteArrayView rest)
{
    // The lines of a vertex mostly come in a row: one hash lookup per row, not per line.
    if (id != m_lastId) {
        const qsizetype found = indexOfVertex(id);
        if (found < 0) {
            addVertex(id, rest);
            return;
        }
        setLastVertex(id, found);
    }
    BuildVertex &v = vertex(m_lastIndex);
    // "#1 [internal] …" (or a step) again once #1 ended under another name: BuildKit
    // numbers the vertices of each stream from 1, so this is the next stream's first.
    if (id == 1 && v.state != VertexState::Running && rest.startsWith('[')
        && (rest.startsWith("[internal] ") || StepLabel::parse(text(rest)).valid) && rest != v.nameUtf8()) {
        startNewStream();
        addVertex(id, rest);
        return;
    }
    if (m_lineMsecs != std::numeric_limits<qint64>::min() && !v.started.isValid())
        v.started = QDateTime::fromMSecsSinceEpoch(m_lineMsecs, Qt::UTC);

    // Output first: nearly all lines of a big log, and no keyword below starts with a digit.
    if (const qsizetype prefix = logPrefixLength(rest); prefix >= 0) {
        QByteArrayView output = rest.sliced(prefix);
        if (!m_controlBytes) {
            v.appendLogLine(output);
            return;
        }
        // Rare characters, found with memchr (vectorised): a log is mostly output lines.
        if (std::memchr(output.data(), '\r', output.size()))
            output = output.sliced(output.lastIndexOf('\r')
                                   + 1); // a progress bar: what a terminal shows
        if (std::memchr(output.data(), '\x1b', output.size()))
            v.appendLogLine(withoutAnsiEscapes(output));
        else
            v.appendLogLine(output);
        return;
    }

    if (rest.startsWith("DONE")) {
        if (rest.size() == 4 || rest.at(4) == ' ') {
            v.state = VertexState::Done;
            v.seconds = rest.size() > 5 ? secondsOf(rest.sliced(5)) : -1;
            completeAtLineTime(v);
            return;
        }
    } else if (rest == "CACHED") {
        v.state = VertexState::Cached;
        completeAtLineTime(v);
        return;
    } else if (rest == "CANCELED") {
        v.state = VertexState::Canceled;
        completeAtLineTime(v);
        return;
    } else if (rest.startsWith("ERROR")) {
        if (rest.size() == 5 || rest.startsWith("ERROR: ")) {
            v.state = VertexState::Error;
            v.setErrorMessage(rest.size() > 7 ? text(rest.sliced(7)) : QString());
            completeAtLineTime(v);
            return;
        }
    } else if (rest.startsWith("WARN: ")) {
        v.addWarning(text(rest.sliced(6)));
        return;
    } else if (rest == "...") {
        return; // the printer switched to another vertex; this one comes back later
    } else if (rest.startsWith(' ') && parseEventLine(v, rest)) {
        return;
    }

    if (v.digest.isEmpty() && v.statuses().isEmpty() && v.logLineCount == 0 && isBareDigest(rest)) {
        v.digest = text(rest); // v0.8: "#N sha256:<hex>" right after the header
        return;
    }
    if (rest == v.nameUtf8())
        return; // the header again, after the printer came back to this vertex
    // The same, cut to 72 bytes and "..." as printers before v0.9 cut it ("…echo \"f...").
    if (rest.size() == 75 && rest.endsWith("...") && v.nameUtf8().startsWith(rest.chopped(3)))
        return;
    const StatusLine status = StatusLine::parse(text(rest));
    // A status is printed when it starts and again when it is done: keep one entry.
    QList<StatusLine> &statuses = v.changeStatuses();
    if (!statuses.isEmpty() && statuses.constLast().id == status.id)
        statuses.last() = status;
    else
        statuses.append(status);
}

namespace {
// Go's %q of a string: the vertex's full name in a v0.3/v0.4 "name:" event.
QString unquoteGo(QByteArrayView quoted)
{
    if (quoted.size() < 2 || quoted.front() != '"' || quoted.back() != '"')
        return QString::fromUtf8(quoted);
    QByteArray out;
    for (qsizetype i = 1; i + 1 < quoted.size(); ++i) {
        const char c = quoted.at(i);
        if (c != '\\' || i + 2 >= quoted.size()) {
            out += c;
            continue;
        }
        const char e = quoted.at(++i);
        switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'x':
            if (i + 2 < quoted.size()) {
                out += char(QByteArray(quoted.sliced(i + 1, 2).toByteArray()).toInt(nullptr, 16));
                i += 2;
            }
            break;
        case 'u':
        case 'U': {
            const int digits = e == 'u' ? 4 : 8;
            if (i + digits < quoted.size()) {
                const uint code = QByteArray(quoted.sliced(i + 1, digits).toByteArray()).toUInt(nullptr, 16);
                const char32_t codePoint = char32_t(code);
                out += QString::fromUcs4(&codePoint, 1).toUtf8();
                i += digits;
            }
            break;
        }
        default: out += e; break; // \" \\ and the rest as written
        }
    }
    return QString::fromUtf8(out);
}

// Go's %v of a time.Time in UTC: "2019-03-12 17:55:01.187404896 +0000 UTC".
QDateTime goTime(QByteArrayView text)
{
    const QString value = QString::fromLatin1(text);
    const QString head = value.section(QLatin1Char(' '), 0, 1); // date and time of day
    QDateTime time = QDateTime::fromString(head.left(23), QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    if (!time.isValid())
        time = QDateTime::fromString(head.left(19), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (!time.isValid())
        return {};
    time.setTimeSpec(Qt::UTC);
    // The offset BuildKit's daemon printed its times in (+0000 on every recording).
    const QString offset = value.section(QLatin1Char(' '), 2, 2);
    if (offset.size() == 5 && (offset.startsWith(QLatin1Char('+')) || offset.startsWith(QLatin1Char('-')))) {
        const int minutes = offset.mid(1, 2).toInt() * 60 + offset.mid(3, 2).toInt();
        time = time.addSecs(offset.startsWith(QLatin1Char('+')) ? -minutes * 60 : minutes * 60);
    }
    return time;
}
} // namespace

// BuildKit v0.3 and v0.4 (Docker 18.09, 19.03) printed no DONE, CACHED or ERROR line: a
// vertex's changes came as events, its key right-aligned in 13 columns:
// "#1       digest: sha256:…", "#1         name: \"…\"" (the whole name; the header is cut
// at 72 characters), "started:", "completed:", "duration:", "cached: true",
// "error: \"…\"". A vertex may be started and completed more than once: the last pair
// counts, as the later printers' DONE does.
bool PlainProgressParser::parseEventLine(BuildVertex &v, QByteArrayView rest)
{
    const QByteArrayView event = rest.trimmed();
    const qsizetype colon = event.indexOf(": ");
    if (colon <= 0 || rest.size() - event.size() + colon != 12)
        return false; // not "%13s %s"
    const QByteArrayView key = event.first(colon);
    const QByteArrayView value = event.sliced(colon + 2);
    if (key == "digest") {
        v.digest = text(value);
    } else if (key == "name") {
        v.setName(unquoteGo(value));
    } else if (key == "started") {
        v.started = goTime(value);
        v.completed = QDateTime();
        v.state = VertexState::Running;
        v.seconds = -1;
    } else if (key == "completed") {
        v.completed = goTime(value);
        if (v.state == VertexState::Running)
            v.state = VertexState::Done;
        if (v.started.isValid() && v.completed.isValid())
            v.seconds = v.started.msecsTo(v.completed) / 1000.0;
    } else if (key == "duration") {
        // Kept from started and completed, to the millisecond.
    } else if (key == "cached") {
        if (value == "true")
            v.state = VertexState::Cached;
    } else if (key == "error") {
        v.setErrorMessage(unquoteGo(value));
        v.state = v.errorMessage().endsWith(QLatin1String("context canceled")) ? VertexState::Canceled
                                                                           : VertexState::Error;
    } else {
        return false;
    }
    return true;
}

void PlainProgressParser::completeAtLineTime(BuildVertex &v) const
{
    if (m_lineMsecs == std::numeric_limits<qint64>::min())
        return;
    v.completed = QDateTime::fromMSecsSinceEpoch(m_lineMsecs, Qt::UTC);
    // The log's own duration where it printed one (to 0.1 s); else the wrapper's.
    if (v.seconds < 0 && v.started.isValid())
        v.seconds = v.started.msecsTo(v.completed) / 1000.0;
}

// The first line of a vertex is its header: "#N <name>".
void PlainProgressParser::addVertex(int id, QByteArrayView name)
{
    BuildVertex created;
    created.id = id;
    if (m_lineMsecs != std::numeric_limits<qint64>::min())
        created.started = QDateTime::fromMSecsSinceEpoch(m_lineMsecs, Qt::UTC);
    created.setName(name);
    created.log = LogText(m_logArena);
    for (const QByteArray &early : std::as_const(m_earlyLogs))
        created.appendLogLine(early);
    m_earlyLogs.clear();
    setLastVertex(id, m_run.vertices.size());
    addVertexIndex(id, m_lastIndex);
    m_run.vertices.append(std::move(created));
}

void PlainProgressParser::parseZeroLine(QByteArrayView rest)
{
    static const QByteArrayView building("building with ");
    if (rest.startsWith(building)) {
        m_run.builder = text(rest);
        return;
    }
    if (const qsizetype prefix = logPrefixLength(rest); prefix >= 0) {
        m_earlyLogs.append(rest.sliced(prefix).toByteArray());
        return;
    }
    m_run.otherLines.append(QStringLiteral("#0 ") + text(rest));
}

void PlainProgressParser::parseClientLine(QByteArrayView line)
{
    // End-of-stream error blocks: "------", " > <name>:", log lines, "------"; from v0.10 a
    // Dockerfile excerpt framed by 20 dashes follows.
    if (line.startsWith("--------------------") && line.size() == 20) {
        m_block = m_block == Block::SourceExcerpt ? Block::None : Block::SourceExcerpt;
        return;
    }
    if (line == "------") {
        if (m_block == Block::Error) {
            m_block = Block::None;
            // docker 20.10 then prints its error bare, on the next line; but a failed
            // cache import also gets a block, and the build (and a push) goes on.
            m_expectBareError = !m_run.errorBlocks.isEmpty()
                && !m_run.errorBlocks.constLast().startsWith(
                    QLatin1String("importing cache manifest"));
        } else {
            m_block = Block::Error;
        }
        return;
    }
    if (m_block == Block::Error) {
        // " > name:" (and "> name:" where the block went through quote markup)
        const QByteArrayView trimmed = line.trimmed();
        if (trimmed.startsWith("> ") && trimmed.endsWith(':') && trimmed.size() > 3)
            m_run.errorBlocks.append(text(trimmed.sliced(2).chopped(1)));
        return; // the failed vertex's last log lines: already in its vertex
    }
    if (m_block == Block::SourceExcerpt)
        return;

    const QString lineText = text(line);
    if (line.startsWith("ERROR: ") || line.startsWith("error: ")) {
        m_expectBareError = false; // buildctl and buildx prefix their error
        m_run.errors.append(lineText.mid(7));
        return;
    }
    static const QRegularExpression sourceLocation(
        QStringLiteral("^\\S+:\\d+$")); // "Dockerfile:12"
    // Not an error: "Dockerfile:12" (the excerpt's heading) and buildx's warnings summary.
    const bool notAnError = sourceLocation.match(lineText).hasMatch() || line.startsWith("WARN:")
        || line.startsWith(" - ")
        || lineText.contains(QLatin1String(" found (use docker --debug to expand)"));
    if (m_expectBareError && !notAnError) {
        m_expectBareError = false;
        m_run.errors.append(lineText);
        return;
    }
    m_run.otherLines.append(lineText);
}

} // namespace Cachelab
