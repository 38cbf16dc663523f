// SPDX-License-Identifier: GPL-3.0-or-later
// `cachelab analyze` (text and --format json) of large logs of three shapes, each run as
// a user runs it, in its own process: its peak RSS printed against the log's size, its
// time against `grep -c '^#'` over the same file in the same run.
//   vertices: 1.2 million small vertices (~200 bytes each, as today's BuildKit prints
//             them: a step header, a few output lines, DONE or CACHED) — per-vertex state
//   outputs:  a few vertices with hundreds of megabytes of output — the output's copy
//   rawjson:  the same small vertices as `--progress=rawjson` prints them
// Target (printed, not asserted): peak RSS <= 2 x the log. Fails only if an answer is
// wrong: the text's vertex count, or the JSON's number of vertex objects, is not the log's.
#include <cstdio>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace {

struct ChildResult
{
    int status = -1;
    double seconds = 0;
    long peakRssKiB = 0;
};

// Runs argv with stdout to `outPath`; wait4() gives the child's own peak RSS, which
// QProcess does not.
ChildResult runChild(const QStringList &arguments, const QString &outPath)
{
    QList<QByteArray> bytes;
    for (const QString &argument : arguments)
        bytes.append(QFile::encodeName(argument));
    std::vector<char *> argv;
    for (QByteArray &argument : bytes)
        argv.push_back(argument.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, QFile::encodeName(outPath).constData(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    QElapsedTimer timer;
    timer.start();
    pid_t pid = 0;
    ChildResult result;
    if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
        posix_spawn_file_actions_destroy(&actions);
        return result;
    }
    posix_spawn_file_actions_destroy(&actions);
    int status = 0;
    rusage usage {};
    wait4(pid, &status, 0, &usage);
    result.seconds = timer.nsecsElapsed() / 1e9;
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.peakRssKiB = usage.ru_maxrss;
    return result;
}

QByteArray grepCount(const QString &pattern, const QString &path, double *seconds)
{
    QElapsedTimer timer;
    timer.start();
    QProcess grep;
    grep.start(QStringLiteral("grep"), { QStringLiteral("-c"), pattern, path });
    grep.waitForFinished(-1);
    *seconds = timer.nsecsElapsed() / 1e9;
    return grep.readAllStandardOutput().trimmed();
}

class LogWriter
{
public:
    explicit LogWriter(const QString &path)
        : m_file(path)
    {
        if (!m_file.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(path));
    }
    void add(const QByteArray &bytes)
    {
        m_chunk += bytes;
        if (m_chunk.size() > 4 * 1024 * 1024)
            flush();
    }
    qint64 close()
    {
        flush();
        m_file.close();
        return m_written;
    }

private:
    void flush()
    {
        m_written += m_file.write(m_chunk);
        m_chunk.clear();
    }
    QFile m_file;
    QByteArray m_chunk;
    qint64 m_written = 0;
};

QByteArray stepName(int id)
{
    return "[stage-" + QByteArray::number(id % 12) + ' ' + QByteArray::number(id % 9 + 1)
        + "/9] RUN ./scripts/build-part.sh --part " + QByteArray::number(id) + " --jobs 4";
}

// Today's plain printer: "#N name", output lines "#N 0.123 text", "#N DONE 0.4s".
qint64 writeVertices(const QString &path, int count)
{
    LogWriter log(path);
    log.add("#0 building with \"default\" instance using docker driver\n\n");
    for (int id = 1; id <= count; ++id) {
        const QByteArray n = '#' + QByteArray::number(id) + ' ';
        QByteArray block = n + stepName(id) + '\n';
        if (id % 7 == 0) {
            block += n + "CACHED\n\n";
        } else {
            block += n + "0.152 compiling part " + QByteArray::number(id) + " of the build\n";
            block += n + "0.371 part " + QByteArray::number(id) + ": 12 files, 0 warnings\n";
            block += n + "DONE 0.4s\n\n";
        }
        log.add(block);
    }
    return log.close();
}

// A handful of vertices, each printing millions of lines.
qint64 writeOutputs(const QString &path, qint64 targetBytes, int *count)
{
    LogWriter log(path);
    qint64 written = 0;
    int id = 0;
    const int perVertex = 1000000;
    while (written < targetBytes) {
        ++id;
        const QByteArray n = '#' + QByteArray::number(id) + ' ';
        QByteArray block = n + stepName(id) + '\n';
        for (int line = 0; line < perVertex && written + block.size() < targetBytes; ++line) {
            block += n + "12.345 webpack compiled asset chunk-" + QByteArray::number(line)
                + ".js 1.2 KiB [emitted]\n";
            if (block.size() > 1024 * 1024) {
                written += block.size();
                log.add(block);
                block.clear();
            }
        }
        block += n + "DONE 73.1s\n\n";
        written += block.size();
        log.add(block);
    }
    *count = id;
    return log.close();
}

// `--progress=rawjson`: one status message a line, each vertex started then completed.
qint64 writeRawJson(const QString &path, int count)
{
    LogWriter log(path);
    for (int id = 1; id <= count; ++id) {
        char digest[80];
        std::snprintf(digest, sizeof digest, "sha256:%064x", id);
        const QByteArray vertex = "{\"digest\":\"" + QByteArray(digest) + "\",\"name\":\""
            + stepName(id) + "\",\"started\":\"2024-08-18T10:44:11.583889612Z\"";
        log.add("{\"vertexes\":[" + vertex + "}]}\n");
        log.add("{\"vertexes\":[" + vertex
                + (id % 7 == 0 ? QByteArray(",\"cached\":true") : QByteArray())
                + ",\"completed\":\"2024-08-18T10:44:12.012345678Z\"}]}\n");
    }
    return log.close();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption cachelabOption(QStringLiteral("cachelab"), QStringLiteral("The executable."),
                                            QStringLiteral("path"));
    const QCommandLineOption verticesOption(QStringLiteral("vertices"),
                                            QStringLiteral("Vertices of the many-vertex log."),
                                            QStringLiteral("n"), QStringLiteral("1200000"));
    parser.addOptions({ cachelabOption, verticesOption });
    parser.process(app);
    const QString cachelab = parser.value(cachelabOption);
    const int vertices = parser.value(verticesOption).toInt();

    QTemporaryDir dir;
    struct Shape
    {
        const char *name;
        QString path;
        qint64 bytes = 0;
        int vertices = 0;
        const char *grepPattern;
    };
    QList<Shape> shapes;
    {
        Shape shape { "vertices", dir.filePath(QStringLiteral("vertices.log")), 0, vertices, "^#" };
        shape.bytes = writeVertices(shape.path, vertices);
        shapes.append(shape);
    }
    {
        Shape shape { "outputs", dir.filePath(QStringLiteral("outputs.log")), 0, 0, "^#" };
        shape.bytes = writeOutputs(shape.path, 150LL * 1024 * 1024, &shape.vertices);
        shapes.append(shape);
    }
    {
        const int count = vertices / 4;
        Shape shape { "rawjson", dir.filePath(QStringLiteral("rawjson.log")), 0, count, "^{" };
        shape.bytes = writeRawJson(shape.path, count);
        shapes.append(shape);
    }

    int failures = 0;
    for (const Shape &shape : std::as_const(shapes)) {
        const double mib = shape.bytes / (1024.0 * 1024.0);
        QProcess warm; // the page cache holds the file for both readers
        warm.setStandardOutputFile(QProcess::nullDevice());
        warm.start(QStringLiteral("cat"), { shape.path });
        warm.waitForFinished(-1);
        double grepSeconds = 0;
        const QByteArray lines = grepCount(QString::fromLatin1(shape.grepPattern), shape.path, &grepSeconds);
        std::printf("%s: %.0f MiB, %d vertices, grep -c '%s' %s lines in %.2f s\n", shape.name, mib,
                    shape.vertices, shape.grepPattern, lines.constData(), grepSeconds);
        for (const QString &format : { QStringLiteral("text"), QStringLiteral("json") }) {
            const QString out = dir.filePath(QStringLiteral("%1.%2").arg(QLatin1String(shape.name), format));
            const ChildResult result = runChild({ cachelab, QStringLiteral("analyze"), QStringLiteral("--format"),
                                                  format, shape.path },
                                                out);
            // The answer: the text's "vertices: N," line, or N vertex objects in the JSON.
            bool right = false;
            if (format == QLatin1String("text")) {
                QFile file(out);
                if (file.open(QIODevice::ReadOnly)) {
                    const QByteArray head = file.read(4096);
                    right = head.contains(QByteArray("vertices: " + QByteArray::number(shape.vertices) + ','));
                }
            } else {
                double ignored = 0;
                right = grepCount(QStringLiteral("^                    \"id\": "), out, &ignored)
                    == QByteArray::number(shape.vertices);
            }
            std::printf("  analyze --format %-4s: exit %d, %.2f s (%.1f x grep), peak RSS %.0f MiB = %.2f x the "
                        "log (target <= 2)%s\n",
                        qPrintable(format), result.status, result.seconds, result.seconds / grepSeconds,
                        result.peakRssKiB / 1024.0, result.peakRssKiB / 1024.0 / mib,
                        right ? "" : "  WRONG ANSWER");
            if (result.status != 0 || !right)
                ++failures;
            QFile::remove(out);
        }
        QFile::remove(shape.path);
    }
    if (failures > 0) {
        std::fprintf(stderr, "FAIL: %d analyze run(s) failed or gave a wrong answer\n", failures);
        return 1;
    }
    return 0;
}
