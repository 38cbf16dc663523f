// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/progress/LogWrapper.h"
#include "core/progress/PlainProgressParser.h"
#include "core/progress/RawJsonProgressParser.h"

#include <memory>
#include <optional>

namespace Cachelab {

struct HistoryBuild;

// Progress output of either format, told apart by its first non-blank byte ('{' starts
// rawjson). For live QProcess output and for files alike. Plain progress inside a CI
// system's or a paste's wrapping (LogWrapper) is told from its first lines — at once for
// a bare log, whose first line is BuildKit's — and read through it.
class ProgressStreamParser
{
public:
    explicit ProgressStreamParser(const QString &source = {});
    ~ProgressStreamParser();

    void feed(QByteArrayView bytes);
    void finish();
    // Valid at any time; empty until the format is known.
    const BuildRun &run() const;
    BuildRun takeRun();

    // A whole log. Fails (returns nothing, sets *error) for binary data and for text that
    // holds no BuildKit vertex at all; a log that is partly readable still gives a run.
    static std::optional<BuildRun> parseLog(QByteArrayView log, const QString &source,
                                            QString *error);
    // The log's last build.
    static std::optional<BuildRun> readFile(const QString &path, QString *error);
    // Every build of the log, in order: a CI job's log may hold several progress streams
    // (buildx's "booting buildkit", then the build; several builds in one job). With more
    // than one, each run's source says "PATH (build i of n)".
    // A `.dockerbuild` file (DockerBuildFile) gives each build it holds.
    static std::optional<QList<BuildRun>> readFileRuns(const QString &path, QString *error);
    // The runs of builds read from a builder's history or a .dockerbuild file at `path`.
    static QList<BuildRun> runsOf(const QList<HistoryBuild> &builds, const QString &path);
    QList<BuildRun> takeRuns();

    const LogWrapper &wrapper() const { return m_wrapper; }
    // The wrapper of a log whose first bytes (64 KiB or all) are `head`, as a parse detects it.
    static LogWrapper wrapperOf(QByteArrayView head);

private:
    // The lines the wrapper is told from; nullopt while `head` is too short to tell
    // (atEnd: there is no more). *bare: BuildKit's own first line came first.
    static std::optional<QList<QByteArray>> wrapperSample(QByteArrayView head, bool atEnd, bool *bare);
    bool decide(QByteArrayView head, bool atEnd);
    void feedWrapped(QByteArrayView bytes);
    void feedWrappedLine(QByteArrayView line);

    QString m_source;
    QByteArray m_undecided; // the first bytes, before the format and the wrapper are known
    LogWrapper m_wrapper;
    LineSplitter m_wrappedLines;
    std::unique_ptr<PlainProgressParser> m_plain;
    std::unique_ptr<RawJsonProgressParser> m_rawJson;
    BuildRun m_empty;
};

} // namespace Cachelab
