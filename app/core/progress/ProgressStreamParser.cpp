// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/progress/ProgressStreamParser.h"

#include "core/history/DockerBuildFile.h"

#include <QFile>

namespace Cachelab {

ProgressStreamParser::ProgressStreamParser(const QString &source)
    : m_source(source)
{
    m_empty.source = source;
}

ProgressStreamParser::~ProgressStreamParser() = default;

void ProgressStreamParser::feed(QByteArrayView bytes)
{
    if (m_plain) {
        if (m_wrapper.isWrapped())
            feedWrapped(bytes);
        else
            m_plain->feed(bytes);
        return;
    }
    if (m_rawJson) {
        m_rawJson->feed(bytes);
        return;
    }
    // The first bytes are looked at where they are: a big log given whole is not copied.
    if (!m_undecided.isEmpty())
        m_undecided.append(bytes);
    const QByteArrayView head = m_undecided.isEmpty() ? bytes : QByteArrayView(m_undecided);
    qsizetype i = 0;
    while (i < head.size() && QChar::isSpace(uchar(head.at(i))))
        ++i;
    if (i < head.size() && head.at(i) == '{') {
        m_rawJson = std::make_unique<RawJsonProgressParser>(m_source);
        m_rawJson->feed(head);
        m_undecided.clear();
        return;
    }
    if (i == head.size() || !decide(head, false)) {
        if (m_undecided.isEmpty())
            m_undecided = bytes.toByteArray();
        return;
    }
    const QByteArray undecided = std::exchange(m_undecided, {});
    feed(undecided.isEmpty() ? bytes : QByteArrayView(undecided));
}

namespace {
constexpr int kWrapperSampleLines = 16;
constexpr qsizetype kWrapperSampleBytes = 64 * 1024;
} // namespace

// Plain progress: the wrapper is known once the first line is BuildKit's own (a bare log,
// so a live run is never held back), after 16 lines, 64 KiB, or at the end. True when it
// is (m_plain then exists).
std::optional<QList<QByteArray>> ProgressStreamParser::wrapperSample(QByteArrayView head, bool atEnd, bool *bare)
{
    // The sample is the same however the input was cut into chunks: the complete lines of
    // the first 64 KiB (up to 16), and at the end the last line too.
    const QByteArrayView window = head.first(std::min(head.size(), kWrapperSampleBytes));
    const bool whole = window.size() == head.size();
    QList<QByteArray> lines;
    qsizetype start = 0;
    bool ready = (atEnd && whole) || head.size() >= kWrapperSampleBytes;
    *bare = false;
    while (start < window.size() && lines.size() < kWrapperSampleLines) {
        qsizetype end = window.indexOf('\n', start);
        if (end < 0) {
            if (!(atEnd && whole))
                break;
            end = window.size();
        }
        const QByteArrayView line = window.sliced(start, end - start);
        start = end + 1;
        if (line.trimmed().isEmpty())
            continue;
        if (lines.isEmpty() && line.size() >= 2 && line.at(0) == '#' && line.at(1) >= '0' && line.at(1) <= '9') {
            *bare = ready = true; // BuildKit's own first line: a bare log
            break;
        }
        lines.append(line.toByteArray());
    }
    if (lines.size() >= kWrapperSampleLines)
        ready = true;
    if (!ready)
        return std::nullopt;
    return lines;
}

LogWrapper ProgressStreamParser::wrapperOf(QByteArrayView head)
{
    bool bare = false;
    const std::optional<QList<QByteArray>> lines = wrapperSample(head, true, &bare);
    return bare || !lines ? LogWrapper() : LogWrapper::detect(*lines);
}

bool ProgressStreamParser::decide(QByteArrayView head, bool atEnd)
{
    bool bare = false;
    const std::optional<QList<QByteArray>> lines = wrapperSample(head, atEnd, &bare);
    if (!lines)
        return false;
    m_wrapper = bare ? LogWrapper() : LogWrapper::detect(*lines);
    m_plain = std::make_unique<PlainProgressParser>(m_source);
    if (m_wrapper.isWrapped())
        m_plain->setWrapper(m_wrapper.description());
    return true;
}

void ProgressStreamParser::feedWrapped(QByteArrayView bytes)
{
    m_wrappedLines.feed(bytes, [this](QByteArrayView line) { feedWrappedLine(line); });
}

void ProgressStreamParser::feedWrappedLine(QByteArrayView line)
{
    const LogWrapper::Line unwrapped = m_wrapper.unwrap(line);
    if (unwrapped.skip) {
        m_plain->skipLine();
        return;
    }
    m_plain->setLineTime(unwrapped.msecs);
    m_plain->feedLine(unwrapped.text);
}

void ProgressStreamParser::finish()
{
    if (!m_plain && !m_rawJson && !m_undecided.trimmed().isEmpty() && decide(m_undecided, true))
        feed(std::exchange(m_undecided, {}));
    if (m_plain && m_wrapper.isWrapped())
        m_wrappedLines.finish([this](QByteArrayView line) { feedWrappedLine(line); });
    if (m_plain)
        m_plain->finish();
    if (m_rawJson)
        m_rawJson->finish();
}

const BuildRun &ProgressStreamParser::run() const
{
    if (m_plain)
        return m_plain->run();
    if (m_rawJson)
        return m_rawJson->run();
    return m_empty;
}

BuildRun ProgressStreamParser::takeRun()
{
    finish();
    if (m_plain)
        return m_plain->takeRun();
    if (m_rawJson)
        return m_rawJson->takeRun();
    return m_empty;
}

namespace {
std::optional<BuildRun> checkedRun(BuildRun run, bool blank, const QString &source, QString *error)
{
    if (!run.vertices.isEmpty() || !run.errors.isEmpty())
        return run;
    if (error) {
        *error = blank
            ? QStringLiteral("%1: empty log").arg(source)
            : QStringLiteral("%1: not a BuildKit progress log (no '#N' vertex lines and no "
                             "rawjson vertices)")
                  .arg(source);
    }
    return std::nullopt;
}

// Mostly not text: a build may print a NUL or a control byte in its output, a log is
// still a log; random or compressed bytes have about one in nine below 0x20 (not tab,
// newline, carriage return, escape, backspace, form feed).
bool looksBinary(QByteArrayView head)
{
    const QByteArrayView sample = head.first(std::min<qsizetype>(head.size(), 64 * 1024));
    qsizetype control = 0;
    for (const char c : sample) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r' && byte != 0x1b && byte != '\b'
             && byte != '\f')
            || byte == 0x7f)
            ++control;
    }
    return control * 20 > sample.size(); // more than 5 %
}
} // namespace

QList<BuildRun> ProgressStreamParser::runsOf(const QList<HistoryBuild> &builds, const QString &path)
{
    QList<BuildRun> runs;
    for (const HistoryBuild &build : builds) {
        QString source = QStringLiteral("%1 (build %2)").arg(path, build.record.id());
        if (builds.size() == 1)
            source = path;
        runs.append(RawJsonProgressParser::parse(build.log, source));
    }
    return runs;
}

std::optional<BuildRun> ProgressStreamParser::parseLog(QByteArrayView log, const QString &source,
                                                       QString *error)
{
    // A binary file would otherwise be read as many "lines".
    if (looksBinary(log)) {
        if (error)
            *error = QStringLiteral("%1: binary data, not a BuildKit progress log").arg(source);
        return std::nullopt;
    }
    ProgressStreamParser parser(source);
    parser.feed(log);
    return checkedRun(parser.takeRun(), log.trimmed().isEmpty(), source, error);
}

std::optional<BuildRun> ProgressStreamParser::readFile(const QString &path, QString *error)
{
    std::optional<QList<BuildRun>> runs = readFileRuns(path, error);
    if (!runs)
        return std::nullopt;
    // The log's last build (after buildx's "booting buildkit" stream, the build itself).
    BuildRun last = runs->takeLast();
    last.source = path;
    return last;
}

std::optional<QList<BuildRun>> ProgressStreamParser::readFileRuns(const QString &path, QString *error)
{
    if (DockerBuildFile::looksLike(path)) {
        QString fileError;
        std::optional<QList<HistoryBuild>> builds = DockerBuildFile::read(path, &fileError);
        if (builds)
            return runsOf(*builds, path);
        // Not a .dockerbuild after all (another gzip file): said as for any log, below.
        if (path.endsWith(QLatin1String(".dockerbuild"), Qt::CaseInsensitive)) {
            if (error)
                *error = fileError;
            return std::nullopt;
        }
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    // Read in blocks and feed them, as from a live process: memory holds the parsed
    // run, never the whole file besides it. 1 MiB fits in a core's L2 cache: the parser
    // reads each block from there right after read() wrote it (measured faster than 4 MiB).
    constexpr qint64 kBlock = 1024 * 1024;
    ProgressStreamParser parser(path);
    bool blank = true;
    bool first = true;
    QByteArray buffer(kBlock, Qt::Uninitialized); // one buffer, reused: no page faults per block
    for (;;) {
        const qint64 read = file.read(buffer.data(), kBlock);
        if (read < 0) {
            if (error)
                *error = QStringLiteral("%1: %2").arg(path, file.errorString());
            return std::nullopt;
        }
        if (read == 0)
            break;
        const QByteArrayView block(buffer.constData(), read);
        if (first && looksBinary(block)) {
            if (error)
                *error = QStringLiteral("%1: binary data, not a BuildKit progress log").arg(path);
            return std::nullopt;
        }
        first = false;
        blank = blank && block.trimmed().isEmpty();
        parser.feed(block);
    }
    QList<BuildRun> runs = parser.takeRuns();
    if (runs.size() == 1) {
        std::optional<BuildRun> run = checkedRun(runs.takeFirst(), blank, path, error);
        if (!run)
            return std::nullopt;
        return QList<BuildRun> { std::move(*run) };
    }
    // Several builds in one log (a CI job): each its own run, named by its order.
    for (int i = 0; i < runs.size(); ++i)
        runs[i].source = QStringLiteral("%1 (build %2 of %3)").arg(path).arg(i + 1).arg(runs.size());
    return runs;
}

QList<BuildRun> ProgressStreamParser::takeRuns()
{
    finish();
    if (m_plain)
        return m_plain->takeRuns();
    return { takeRun() };
}

} // namespace Cachelab
