// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/progress/ProgressStreamParser.h"

#include <QFile>

namespace Cachelab {

namespace {
// Refuse to load more than this into memory at once; real logs are far smaller.
constexpr qint64 kMaxLogBytes = qint64(4) * 1024 * 1024 * 1024;
} // namespace

ProgressStreamParser::ProgressStreamParser(const QString &source)
    : m_source(source)
{
    m_empty.source = source;
}

ProgressStreamParser::~ProgressStreamParser() = default;

void ProgressStreamParser::feed(QByteArrayView bytes)
{
    if (m_plain) {
        m_plain->feed(bytes);
        return;
    }
    if (m_rawJson) {
        m_rawJson->feed(bytes);
        return;
    }
    qsizetype i = 0;
    while (i < bytes.size() && QChar::isSpace(uchar(bytes.at(i))))
        ++i;
    if (i == bytes.size()) {
        m_undecided.append(bytes);
        return;
    }
    if (bytes.at(i) == '{')
        m_rawJson = std::make_unique<RawJsonProgressParser>(m_source);
    else
        m_plain = std::make_unique<PlainProgressParser>(m_source);
    const QByteArray undecided = std::exchange(m_undecided, {});
    feed(undecided);
    feed(bytes);
}

void ProgressStreamParser::finish()
{
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
    if (m_plain)
        return m_plain->takeRun();
    if (m_rawJson)
        return m_rawJson->takeRun();
    return m_empty;
}

std::optional<BuildRun> ProgressStreamParser::parseLog(QByteArrayView log, const QString &source,
                                                       QString *error)
{
    auto fail = [&](const QString &message) -> std::optional<BuildRun> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    // Text logs hold no NUL byte; a binary file would otherwise be read as many "lines".
    if (log.first(std::min<qsizetype>(log.size(), 64 * 1024)).contains('\0'))
        return fail(QStringLiteral("%1: binary data, not a BuildKit progress log").arg(source));

    ProgressStreamParser parser(source);
    parser.feed(log);
    BuildRun run = parser.takeRun();
    if (run.vertices.isEmpty() && run.errors.isEmpty()) {
        return fail(
            log.trimmed().isEmpty()
                ? QStringLiteral("%1: empty log").arg(source)
                : QStringLiteral("%1: not a BuildKit progress log (no '#N' vertex lines and no "
                                 "rawjson vertices)")
                      .arg(source));
    }
    return run;
}

std::optional<BuildRun> ProgressStreamParser::readFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    if (file.size() > kMaxLogBytes) {
        if (error)
            *error = QStringLiteral("%1: too large (%2 bytes)").arg(path).arg(file.size());
        return std::nullopt;
    }
    // Map rather than read: a large log is parsed in place without a second copy.
    if (file.size() > 0) {
        if (uchar *mapped = file.map(0, file.size())) {
            auto run = parseLog(QByteArrayView(reinterpret_cast<const char *>(mapped), file.size()),
                                path, error);
            file.unmap(mapped);
            return run;
        }
    }
    return parseLog(file.readAll(), path, error);
}

} // namespace Cachelab
