// SPDX-License-Identifier: GPL-3.0-or-later
// The cache-key X-ray of a 202-step build (fixtures/cache-debug/bench-200, recorded from
// the real engine by tests/engine/record-xray-200.sh): reading both runs' cache debug
// data and explaining every step that ran again, against parsing the rebuild's plain log,
// in the same run (best of five each, and the first runs). Printed as a ratio; nothing is
// asserted on time. Fails only if an answer is wrong: every step after the edited file
// must be traced to that file's content.
#include "BenchStats.h"
#include "core/cachekey/CacheDebugData.h"
#include "core/cachekey/CacheKeyXray.h"
#include "core/dockerfile/DockerfileParser.h"
#include "core/progress/ProgressStreamParser.h"

#include <cstdio>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <sys/resource.h>

using namespace Cachelab;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "FAIL: cannot read %s\n", qPrintable(path));
        std::exit(1);
    }
    return file.readAll();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption dataOption(QStringLiteral("data"), QStringLiteral("The recorded build."),
                                        QStringLiteral("dir"),
                                        QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/cache-debug/bench-200"));
    parser.addOption(dataOption);
    parser.process(app);
    const QString dir = parser.value(dataOption) + QLatin1Char('/');
    DockerfileError dockerfileError;
    const auto dockerfile = DockerfileParser::parseFile(dir + QStringLiteral("Dockerfile"), {}, &dockerfileError);
    if (!dockerfile) {
        std::fprintf(stderr, "FAIL: %s\n", qPrintable(dockerfileError.toString()));
        return 1;
    }
    // The files as bytes once: both sides are timed from memory, not the disk.
    const QByteArray coldJson = readAll(dir + QStringLiteral("cold.store.json"));
    const QByteArray editJson = readAll(dir + QStringLiteral("edit.store.json"));
    const QByteArray log = readAll(dir + QStringLiteral("edit.plain.log"));

    constexpr int kRuns = 5;
    double parseBest = 0;
    double xrayBest = 0;
    double parseFirst = 0;
    double xrayFirst = 0;
    int explained = 0;
    int traced = 0;
    int vertices = 0;
    for (int i = 0; i < kRuns; ++i) {
        QElapsedTimer timer;
        timer.start();
        const auto run = ProgressStreamParser::parseLog(log, QStringLiteral("edit.plain.log"), nullptr);
        const double parseSeconds = timer.nsecsElapsed() / 1e9;
        vertices = run ? int(run->vertices.size()) : -1;

        timer.restart();
        QString error;
        const auto cold = CacheDebugData::fromStoreJson(coldJson, &error);
        const auto edit = CacheDebugData::fromStoreJson(editJson, &error);
        if (!cold || !edit) {
            std::fprintf(stderr, "FAIL: %s\n", qPrintable(error));
            return 1;
        }
        const QList<XrayStep> steps = XrayStep::of(*dockerfile);
        const CacheKeyXray xray(*cold, *edit, steps);
        explained = 0;
        traced = 0;
        for (const XrayStep &step : steps) {
            if (step.kind != XrayStep::Kind::Copy && step.kind != XrayStep::Kind::Run)
                continue;
            const QList<XrayCause> causes = xray.explain(step);
            ++explained;
            if (!causes.isEmpty() && causes.constLast().kind == XrayCause::Kind::Content
                && causes.constLast().subject == QLatin1String("f000.txt"))
                ++traced;
        }
        const double xraySeconds = timer.nsecsElapsed() / 1e9;
        std::printf("run %d: parse the plain log %.4f s, read and explain the debug data %.4f s\n", i + 1,
                    parseSeconds, xraySeconds);
        if (i == 0) {
            parseFirst = parseBest = parseSeconds;
            xrayFirst = xrayBest = xraySeconds;
        }
        parseBest = std::min(parseBest, parseSeconds);
        xrayBest = std::min(xrayBest, xraySeconds);
    }
    std::printf("Dockerfile: %d steps explained; log: %.1f KiB, %d vertices; debug data: %.1f + %.1f KiB\n",
                explained, log.size() / 1024.0, vertices, coldJson.size() / 1024.0, editJson.size() / 1024.0);
    std::printf("parse the plain log, best of %d: %.4f s\n", kRuns, parseBest);
    std::printf("read both answers and explain every step, best of %d: %.4f s\n", kRuns, xrayBest);
    std::printf("time ratio X-ray/parse: %.1f; first runs: %.1f\n", xrayBest / parseBest, xrayFirst / parseFirst);
    std::printf("peak RSS: %.1f MiB\n", Bench::peakRssKiB() / 1024.0);
    if (explained < 200 || traced != explained) {
        std::fprintf(stderr, "FAIL: %d of %d steps traced to f000.txt's content\n", traced, explained);
        return 1;
    }
    return 0;
}
