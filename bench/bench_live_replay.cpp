// SPDX-License-Identifier: GPL-3.0-or-later
// Event-loop stalls of the window while a large log streams in: a generated plain log of
// the bundled #1515 project (every step label real, most lines RUN output) replayed as
// fast as `cachelab replay --speed 0` can print it, through the very QProcess path of a
// live build, into a MainWindow with the run shown (graph, step table, log pane). A 1 ms
// heartbeat timer measures the gaps of the event loop; printed: the line rate reached
// (target >= 100k lines/s) and the p50/p99/max gaps (target p99 <= 16 ms, one frame).
// Fails only if the run does not finish or parses wrong; timings are not asserted.
#include "BenchStats.h"
#include "core/DataLocations.h"
#include "core/models/RunListModel.h"
#include "core/session/ProjectSession.h"
#include "ui/MainWindow.h"

#include <algorithm>
#include <cstdio>
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

using namespace Cachelab;

namespace {

struct Step
{
    QByteArray label;
    bool run; // a RUN step: it prints output
};

// The moby-cache steps in the order a build prints them (labels as BuildKit prints them).
QList<Step> mobyCacheSteps()
{
    return {
        { "[build-assets-less 1/4] FROM docker.io/library/alpine:latest", false },
        { "[build-assets-less 2/4] WORKDIR /var/www/html", false },
        { "[build-node-modules 3/6] COPY package.json package.json", false },
        { "[build-assets-less 3/4] COPY assets/less assets/less", false },
        { "[build-node-modules 4/6] RUN echo install node modules > node_modules.txt", true },
        { "[build-assets-less 4/4] RUN cat assets/less/*.less > public.css", true },
        { "[build-node-modules 5/6] COPY webpack.config.js webpack.config.js", false },
        { "[build-node-modules 6/6] RUN echo webpack >> node_modules.txt", true },
        { "[build-public 3/8] COPY --from=build-node-modules /var/www/html/node_modules.txt "
          "node_modules.txt",
          false },
        { "[build-public 4/8] COPY assets assets", false },
        { "[build-public 5/8] COPY js js", false },
        { "[build-public 6/8] RUN cat js/*.js assets/js/*.js > public.js", true },
        { "[build-public 7/8] COPY --from=build-assets-less /var/www/html/public.css public.css",
          false },
        { "[build-public 8/8] RUN ls -la", true },
        { "[website-ssr 3/3] COPY --from=build-public /var/www/html /var/www/html", false },
    };
}

// Builds over and over (vertex numbers growing), each RUN printing `outputLines` lines.
qint64 writeLog(const QString &path, qint64 targetLines, int outputLines)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    const QList<Step> steps = mobyCacheSteps();
    QByteArray chunk;
    qint64 lines = 0;
    int id = 0;
    while (lines < targetLines) {
        for (const Step &step : steps) {
            const QByteArray n = '#' + QByteArray::number(++id) + ' ';
            chunk += n + step.label + '\n';
            ++lines;
            for (int i = 0; step.run && i < outputLines; ++i, ++lines)
                chunk += n + QByteArray::number(i / 100) + '.' + QByteArray::number(100 + i % 100)
                    + " webpack 5.90.1 compiled asset main.js 1.2 MiB [emitted] (name: main) "
                      "chunk "
                    + QByteArray::number(i) + '\n';
            chunk += n + "DONE 0.1s\n\n";
            lines += 2;
        }
        if (chunk.size() > 1024 * 1024) {
            file.write(chunk);
            chunk.clear();
        }
    }
    file.write(chunk);
    return lines;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({ QStringLiteral("lines"), QStringLiteral("Lines of log to replay."),
                       QStringLiteral("n"), QStringLiteral("1000000") });
    parser.addOption({ QStringLiteral("cachelab"), QStringLiteral("The cachelab executable."),
                       QStringLiteral("path") });
    parser.process(app);
    QStandardPaths::setTestModeEnabled(true); // settings and data of a bench, not the user's

    QTemporaryDir dir;
    const QString log = dir.filePath(QStringLiteral("large.log"));
    const qint64 lines
        = writeLog(log, std::max(1000LL, parser.value(QStringLiteral("lines")).toLongLong()), 2000);
    const QString project = dir.filePath(QStringLiteral("moby-cache"));
    QProcess::execute(QStringLiteral("cp"),
                      { QStringLiteral("-r"), DataLocations::bundledProjectDir(), project });

    MainWindow window(dir.filePath(QStringLiteral("runs")));
    window.show();
    if (!window.openProject(project)) {
        std::fprintf(stderr, "FAIL: cannot open %s\n", qPrintable(project));
        return 1;
    }
    window.session()->setReplayProgram(parser.value(QStringLiteral("cachelab")));

    QList<double> gaps;
    gaps.reserve(100000);
    QElapsedTimer beat;
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    heartbeat.setInterval(1);
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        gaps.append(beat.nsecsElapsed() / 1e6);
        beat.restart();
    });

    bool finished = false;
    QObject::connect(window.session(), &ProjectSession::runFinished, [&] {
        finished = true;
    });
    QElapsedTimer clock;
    clock.start();
    beat.start();
    heartbeat.start();
    if (!window.session()->startReplay(log, 0)) {
        std::fprintf(stderr, "FAIL: the replay did not start\n");
        return 1;
    }
    while (!finished && clock.elapsed() < 600000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    const double seconds = clock.nsecsElapsed() / 1e9;
    heartbeat.stop();

    const auto *entry = window.session()->runs()->entry(0);
    if (!finished || !entry || !entry->stored.result.succeeded() || entry->run.vertices.isEmpty()) {
        std::fprintf(stderr, "FAIL: the replay did not finish as a successful run\n");
        return 1;
    }
    std::printf("replayed %lld lines (%d vertices) in %.2f s: %.0f lines/s (target >= 100000), "
                "ratio %.2f\n",
                lines, int(entry->run.vertices.size()), seconds, lines / seconds,
                lines / seconds / 100000.0);
    std::printf("event-loop gaps over %d heartbeats (1 ms timer): p50 %.1f ms, p99 %.1f ms, "
                "max %.1f ms (target p99 <= 16 ms), p99/16 ms = %.2f\n",
                int(gaps.size()), Bench::percentile(gaps, 0.5), Bench::percentile(gaps, 0.99),
                Bench::percentile(gaps, 1.0), Bench::percentile(gaps, 0.99) / 16.0);
    return 0;
}
