// SPDX-License-Identifier: GPL-3.0-or-later
// Parse throughput of a large plain progress log, shaped like real output, measured in
// the same run as `grep -c '^#'` over the same file (best of five each, and the first
// runs) and printed as a ratio; peak memory printed against the log's size. Targets (not
// asserted): >= 0.5 of grep's throughput, peak RSS <= 2 x the log size. Fails only if
// the parse result is wrong. --wrapped: every line inside GitHub Actions' timestamps
// (core/progress/LogWrapper), grep then counting `Z #`.
#include "BenchStats.h"
#include "core/progress/ProgressStreamParser.h"

#include <cstdio>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <sys/resource.h>

using namespace Cachelab;

namespace {

// GitHub Actions' "2024-08-18T10:44:11.5838896Z " before every line of a chunk.
QByteArray withTimestamps(const QByteArray &chunk, int id)
{
    QByteArray out;
    out.reserve(chunk.size() + chunk.size() / 3);
    char stamp[40];
    int line = 0;
    qsizetype start = 0;
    while (start < chunk.size()) {
        qsizetype end = chunk.indexOf('\n', start);
        if (end < 0)
            end = chunk.size();
        std::snprintf(stamp, sizeof stamp, "2024-08-18T%02d:%02d:%02d.%07dZ ", (id / 3600) % 24,
                      (id / 60) % 60, id % 60, (line++ * 1337) % 10000000);
        out.append(stamp);
        out.append(chunk.constData() + start, end - start);
        out.append('\n');
        start = end + 1;
    }
    return out;
}

// Builds of a five-stage Dockerfile, over and over, as BuildKit v0.8 prints them: header,
// digest, statuses, many lines of RUN output, a terminal line; vertex numbers grow.
qint64 writeLog(const QString &path, qint64 targetBytes, bool wrapped, int *vertexCount)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    QByteArray chunk;
    qint64 written = 0;
    int id = 0;
    const QByteArray digest
        = "sha256:7ddf33982bcdfbeb6f2ba88e38a69f12387a0204fa11876905775a7f47782885";
    while (written < targetBytes) {
        ++id;
        const QByteArray n = '#' + QByteArray::number(id) + ' ';
        chunk += n + "[build-public " + QByteArray::number(id % 8 + 1)
            + "/8] RUN npm run build -- --mode=production\n";
        chunk += n + digest + '\n';
        if (id % 5 == 0) {
            chunk += n + digest + " 1.06MB / 1.06MB 0.2s done\n";
            chunk += n + "extracting " + digest + " 0.1s done\n";
        }
        for (int line = 0; line < 60; ++line) {
            chunk += n + QByteArray::number(line / 10) + '.' + QByteArray::number(100 + line) + ' ';
            chunk += "webpack 5.90.1 compiled asset main.js 1.2 MiB [emitted] (name: main) chunk "
                + QByteArray::number(line) + '\n';
        }
        chunk += n + (id % 7 == 0 ? QByteArray("CACHED") : QByteArray("DONE 12.3s")) + "\n\n";
        if (chunk.size() > 1024 * 1024) {
            if (wrapped)
                chunk = withTimestamps(chunk, id);
            written += file.write(chunk);
            chunk.clear();
        }
    }
    written += file.write(wrapped ? withTimestamps(chunk, id) : chunk);
    *vertexCount = id;
    return written;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    qint64 megabytes = 200;
    const QStringList args = app.arguments();
    const bool wrapped = args.contains(QStringLiteral("--wrapped"));
    if (const qsizetype i = args.indexOf(QStringLiteral("--megabytes"));
        i > 0 && i + 1 < args.size())
        megabytes = args.at(i + 1).toLongLong();

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("large-plain.log"));
    int vertices = 0;
    const qint64 bytes = writeLog(path, megabytes * 1024 * 1024, wrapped, &vertices);
    const double mib = bytes / (1024.0 * 1024.0);

    // Warm the page cache so that both readers see the same, in-memory file.
    QProcess warm;
    warm.setStandardOutputFile(QProcess::nullDevice());
    warm.start(QStringLiteral("cat"), { path });
    warm.waitForFinished(-1);

    // Best of five runs each, alternated: the machine may be busy with something else
    // (two cores, a test suite around), and the fastest run is the one least disturbed.
    // Each parse's run is destroyed before the next, so the peak is that of one parse.
    constexpr int kRuns = 5;
    QFile loadavg(QStringLiteral("/proc/loadavg"));
    if (loadavg.open(QIODevice::ReadOnly))
        std::printf("load average before: %s\n", loadavg.readAll().trimmed().constData());
    double grepSeconds = 0;
    double parseSeconds = 0;
    double firstRatio = 0;
    QByteArray grepCount;
    qsizetype parsedVertices = -1;
    QString error;
    const long rssBefore = Bench::peakRssKiB();
    for (int i = 0; i < kRuns; ++i) {
        QElapsedTimer timer;
        timer.start();
        QProcess grep;
        grep.start(QStringLiteral("grep"),
                   { QStringLiteral("-c"), wrapped ? QStringLiteral("Z #") : QStringLiteral("^#"), path });
        grep.waitForFinished(-1);
        const double grepRun = timer.nsecsElapsed() / 1e9;
        grepCount = grep.readAllStandardOutput().trimmed();

        timer.restart();
        const auto run = ProgressStreamParser::readFile(path, &error);
        const double parseRun = timer.nsecsElapsed() / 1e9;
        parsedVertices = run ? run->vertices.size() : -1;
        std::printf("run %d: grep %.3f s, parse %.3f s\n", i + 1, grepRun, parseRun);
        if (i == 0)
            firstRatio = grepRun / parseRun; // memory not yet reused from an earlier parse
        grepSeconds = i == 0 ? grepRun : std::min(grepSeconds, grepRun);
        parseSeconds = i == 0 ? parseRun : std::min(parseSeconds, parseRun);
        if (parsedVertices != vertices)
            break;
    }
    const long rssPeak = Bench::peakRssKiB();

    if (parsedVertices != vertices) {
        std::fprintf(stderr, "FAIL: parsed %lld vertices, wrote %d (%s)\n", qint64(parsedVertices),
                     vertices, qPrintable(error));
        return 1;
    }
    std::printf("log: %.0f MiB, %d vertices, %s lines matched by grep\n", mib, vertices,
                grepCount.constData());
    std::printf("log: %s\n", wrapped ? "GitHub Actions timestamps on every line" : "bare");
    std::printf("grep -c '%s', best of %d: %.3f s (%.0f MiB/s)\n", wrapped ? "Z #" : "^#", kRuns,
                grepSeconds, mib / grepSeconds);
    std::printf("cachelab parse, best of %d: %.3f s (%.0f MiB/s)\n", kRuns, parseSeconds,
                mib / parseSeconds);
    std::printf("throughput ratio parse/grep: %.2f (target >= 0.5); first runs: %.2f\n",
                grepSeconds / parseSeconds, firstRatio);
    std::printf(
        "peak RSS: %.0f MiB before parse, %.0f MiB at peak = %.2f x the log size (target <= 2)\n",
        rssBefore / 1024.0, rssPeak / 1024.0, (rssPeak / 1024.0) / mib);
    return 0;
}
