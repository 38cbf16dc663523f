// SPDX-License-Identifier: GPL-3.0-or-later
// A project with a run store of 2,000 runs opened in the window and its run list scrolled,
// against the same project with an empty store, measured in the same run. The runs are
// saved through RunStore::save() with a real recorded log of the #1515 project (buildctl's
// cold build or its rebuild after the edit, alternately), a few minutes apart, one in
// eleven failed. Printed for both stores: the time from constructing the window to the
// first paint of its run list and to the list complete (every row's counts in), median
// of three opens, alternated; then the event loop's lateness (a 1 ms heartbeat) while the
// list is scrolled top to bottom with its scrollbar, and while the keyboard's Down key
// selects every run in turn as a user would (a key every 8 ms: the window shows each
// run). Fails only if a list is wrong (not every run listed, the last run not reached);
// timings are not asserted.
#include "BenchStats.h"
#include "core/DataLocations.h"
#include "core/models/RunListModel.h"
#include "core/session/ProjectSession.h"
#include "core/store/RunStore.h"
#include "ui/MainWindow.h"
#include "ui/RunsPanel.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QKeyEvent>
#include <QProcess>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

using namespace Cachelab;

namespace {

constexpr int kFailedEvery = 11;

QByteArray readFixture(const QString &name)
{
    QFile file(QDir(DataLocations::recordingsDir()).filePath(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return file.readAll();
}

// `count` runs of the project's two scripts, saved the way a finished run is saved.
bool fillStore(const QString &root, const QString &project, int count)
{
    const QByteArray cold = readFixture(QStringLiteral("buildctl-v0.34.2-01-cold.log"));
    const QByteArray rebuild
        = readFixture(QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.log"));
    const ContextSnapshot context = ContextSnapshot::take(project);
    const QDateTime first
        = QDateTime::fromString(QStringLiteral("2026-01-05T08:00:00.000"), Qt::ISODateWithMs);
    RunStore store(root);
    for (int i = 0; i < count; ++i) {
        const bool buildx = i % 3 == 2;
        const bool failed = i % kFailedEvery == 5;
        StoredRun run;
        run.origin = StoredRun::Origin::Script;
        run.projectDir = project;
        run.dockerfile = QDir(project).filePath(QStringLiteral("Dockerfile"));
        run.script = QDir(project).filePath(buildx ? QStringLiteral("build-with-buildx.sh")
                                                   : QStringLiteral("build.sh"));
        run.label = QFileInfo(run.script).fileName();
        run.commandLine = run.script;
        run.environment = { QStringLiteral("DOCKER_REPO=127.0.0.1:43851/issue1515"),
                            QStringLiteral("REGISTRY_TOKEN=***") };
        if (i > 0)
            run.changedFiles = { QStringLiteral("assets/js/file1.js") };
        run.context = context;
        run.result.started = first.addSecs(i * 437 + (i * 7919) % 120).addMSecs(i % 1000);
        run.result.finished = run.result.started.addMSecs(20000 + (i * 104729) % 70000);
        run.result.ending = failed ? RunResult::Ending::Failed : RunResult::Ending::Succeeded;
        run.result.exitCode = failed ? 1 : 0;
        run.result.message = failed ? QStringLiteral("%1 exited with status 1").arg(run.label)
                                    : QStringLiteral("%1 exited with status 0").arg(run.label);
        run.log = i % 2 == 0 ? cold : rebuild;
        QString error;
        if (!store.save(run, &error)) {
            std::fprintf(stderr, "FAIL: cannot save run %d: %s\n", i, qPrintable(error));
            return false;
        }
    }
    return true;
}

// Paints of a widget: the run list is on screen once its viewport has painted.
class PaintWatch : public QObject
{
public:
    int paints = 0;
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++paints;
        return false;
    }
};

QTableView *runTable(const MainWindow &window)
{
    return window.runsPanel()->findChild<QTableView *>(QStringLiteral("runTable"));
}

struct Opened
{
    std::unique_ptr<MainWindow> window;
    double firstPaintMs = -1;
    double completeMs = -1;
};

void waitUntil(const std::function<bool()> &done, int timeoutMs = 600000)
{
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
}

// As main() does with --project DIR: the window made, the project opened, then shown.
Opened open(const QString &root, const QString &project, int expectedRuns)
{
    Opened opened;
    PaintWatch watch;
    QElapsedTimer clock;
    clock.start();
    opened.window = std::make_unique<MainWindow>(root);
    MainWindow &window = *opened.window;
    window.resize(1280, 800);
    runTable(window)->viewport()->installEventFilter(&watch);
    if (!window.openProject(project))
        return opened;
    window.show();
    waitUntil([&] { return watch.paints > 0; });
    opened.firstPaintMs = clock.nsecsElapsed() / 1e6;
    // Complete: every run listed with its counts (loaded), and painted since.
    const RunListModel *runs = window.session()->runs();
    waitUntil([&] { return runs->rowCount() == expectedRuns && !runs->isLoading(); });
    const int paints = watch.paints;
    runTable(window)->viewport()->update();
    waitUntil([&] { return watch.paints > paints; });
    opened.completeMs = clock.nsecsElapsed() / 1e6;
    runTable(window)->viewport()->removeEventFilter(&watch);
    return opened;
}

double median(const QList<double> &values)
{
    return Bench::percentile(values, 0.5);
}

struct Lateness
{
    double p50 = 0, p99 = 0, max = 0, seconds = 0;
    int beats = 0;
};

// Runs `tick` every `intervalMs` until it returns false or `ticks` have passed, while a
// 1 ms heartbeat records how late the event loop comes back to it.
Lateness measure(int ticks, int intervalMs, const std::function<bool()> &tick)
{
    QList<double> late;
    late.reserve(200000);
    QElapsedTimer beat;
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    heartbeat.setInterval(1);
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        late.append(std::max(0.0, beat.nsecsElapsed() / 1e6 - 1.0));
        beat.restart();
    });
    int done = 0;
    bool more = true;
    QTimer driver;
    driver.setTimerType(Qt::PreciseTimer);
    driver.setInterval(intervalMs);
    QObject::connect(&driver, &QTimer::timeout, [&] {
        more = ++done < ticks && tick();
    });
    QElapsedTimer clock;
    clock.start();
    beat.start();
    heartbeat.start();
    driver.start();
    while (more)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    driver.stop();
    // What the last tick started (a paint, a queued update) counts too.
    QElapsedTimer settle;
    settle.start();
    while (settle.elapsed() < 100)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 10);
    heartbeat.stop();
    return { Bench::percentile(late, 0.5), Bench::percentile(late, 0.99), Bench::percentile(late, 1.0),
             clock.nsecsElapsed() / 1e9, int(late.size()) };
}

// The scrollbar stepped a row at a time from the top to the bottom.
Lateness scrollThrough(MainWindow &window, int ticks, int intervalMs, bool *reachedEnd)
{
    QScrollBar *bar = runTable(window)->verticalScrollBar();
    bar->setValue(0);
    const Lateness lateness = measure(ticks, intervalMs, [bar] {
        bar->triggerAction(QAbstractSlider::SliderSingleStepAdd);
        return bar->maximum() == 0 || bar->value() < bar->maximum(); // empty: every tick
    });
    *reachedEnd = bar->value() == bar->maximum();
    return lateness;
}

// Down pressed on the list until the oldest run is selected (each one shown on the way).
Lateness selectThrough(MainWindow &window, int ticks, int intervalMs, QString *lastSelected)
{
    QTableView *table = runTable(window);
    const RunListModel *runs = window.session()->runs();
    if (runs->rowCount() > 0)
        window.runsPanel()->selectRun(runs->entry(0)->stored.id);
    table->setFocus();
    const Lateness lateness = measure(ticks, intervalMs, [table, runs] {
        QKeyEvent press(QEvent::KeyPress, Qt::Key_Down, Qt::NoModifier);
        QCoreApplication::sendEvent(table, &press);
        QKeyEvent release(QEvent::KeyRelease, Qt::Key_Down, Qt::NoModifier);
        QCoreApplication::sendEvent(table, &release);
        return runs->rowCount() == 0 || table->currentIndex().row() < runs->rowCount() - 1;
    });
    const QStringList selected = window.runsPanel()->selectedIds();
    *lastSelected = selected.size() == 1 ? selected.constFirst() : QString();
    return lateness;
}

double ratio(double a, double b)
{
    return b > 0 ? a / b : 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({ QStringLiteral("runs"), QStringLiteral("Runs in the full store."),
                       QStringLiteral("n"), QStringLiteral("2000") });
    parser.addOption({ QStringLiteral("key-interval"),
                       QStringLiteral("Milliseconds between two Down keys or scroll steps."),
                       QStringLiteral("ms"), QStringLiteral("8") });
    parser.process(app);
    QStandardPaths::setTestModeEnabled(true); // settings and data of a bench, not the user's
    const int count = std::max(2, parser.value(QStringLiteral("runs")).toInt());
    const int interval = std::max(1, parser.value(QStringLiteral("key-interval")).toInt());

    QTemporaryDir dir;
    const QString project = dir.filePath(QStringLiteral("moby-cache"));
    if (DataLocations::bundledProjectDir().isEmpty()
        || QProcess::execute(QStringLiteral("cp"), { QStringLiteral("-r"),
                                                     DataLocations::bundledProjectDir(), project })
            != 0) {
        std::fprintf(stderr, "FAIL: cannot copy the bundled project\n");
        return 1;
    }
    const QString emptyRoot = dir.filePath(QStringLiteral("empty-store"));
    const QString fullRoot = dir.filePath(QStringLiteral("full-store"));
    QElapsedTimer fillClock;
    fillClock.start();
    if (!fillStore(fullRoot, project, count))
        return 1;
    std::printf("store of %d runs saved in %.1f s\n", count, fillClock.nsecsElapsed() / 1e9);
    std::fflush(stdout);

    QList<double> paintEmpty, paintFull, completeEmpty, completeFull;
    Opened empty, full;
    for (int i = 0; i < 3; ++i) {
        empty = open(emptyRoot, project, 0);
        full = open(fullRoot, project, count);
        if (empty.completeMs < 0 || full.completeMs < 0) {
            std::fprintf(stderr, "FAIL: the project did not open\n");
            return 1;
        }
        paintEmpty.append(empty.firstPaintMs);
        paintFull.append(full.firstPaintMs);
        completeEmpty.append(empty.completeMs);
        completeFull.append(full.completeMs);
        if (i < 2) {
            empty.window.reset();
            full.window.reset();
        }
    }
    const RunListModel *runs = full.window->session()->runs();
    int failed = 0;
    for (int row = 0; row < runs->rowCount(); ++row)
        failed += runs->entry(row)->stored.result.ending == RunResult::Ending::Failed;
    const int expectedFailed = (count + kFailedEvery - 6) / kFailedEvery;
    if (runs->rowCount() != count || failed != expectedFailed
        || empty.window->session()->runs()->rowCount() != 0) {
        std::fprintf(stderr, "FAIL: %d runs listed (%d failed), %d expected (%d failed)\n",
                     int(runs->rowCount()), failed, count, expectedFailed);
        return 1;
    }
    const QString oldest = runs->entry(count - 1)->stored.id;

    // The same number of ticks for both: the empty store's is the machine's own noise.
    bool endEmpty = false, endFull = false;
    full.window->activateWindow();
    const Lateness scrollFull = scrollThrough(*full.window, count, interval, &endFull);
    empty.window->activateWindow();
    const Lateness scrollEmpty = scrollThrough(*empty.window, count, interval, &endEmpty);
    QString lastFull, lastEmpty;
    full.window->activateWindow();
    const Lateness selectFull = selectThrough(*full.window, count, interval, &lastFull);
    empty.window->activateWindow();
    const Lateness selectEmpty = selectThrough(*empty.window, count, interval, &lastEmpty);
    if (!endFull || lastFull != oldest) {
        std::fprintf(stderr, "FAIL: the list was not scrolled to its end (%s) or the oldest run "
                     "not selected (%s, expected %s)\n",
                     endFull ? "it was" : "it was not", qPrintable(lastFull), qPrintable(oldest));
        return 1;
    }

    const double pe = median(paintEmpty), pf = median(paintFull);
    const double ce = median(completeEmpty), cf = median(completeFull);
    std::printf("open to the first paint of the run list, median of 3 (ms): empty %.1f, "
                "%d runs %.1f, ratio %.2f\n",
                pe, count, pf, ratio(pf, pe));
    std::printf("open to the run list complete, median of 3 (ms): empty %.1f, %d runs %.1f, "
                "ratio %.2f\n",
                ce, count, cf, ratio(cf, ce));
    const auto print = [count](const char *what, const Lateness &e, const Lateness &f) {
        std::printf("%s: event-loop lateness (1 ms heartbeat), empty: p50 %.1f, p99 %.1f, max "
                    "%.1f ms (%d beats, %.1f s); %d runs: p50 %.1f, p99 %.1f, max %.1f ms (%d "
                    "beats, %.1f s); ratio p99 %.2f, max %.2f\n",
                    what, e.p50, e.p99, e.max, e.beats, e.seconds, count, f.p50, f.p99, f.max,
                    f.beats, f.seconds, ratio(f.p99, std::max(1.0, e.p99)),
                    ratio(f.max, std::max(1.0, e.max)));
    };
    print("scrollbar top to bottom", scrollEmpty, scrollFull);
    print("Down through every run", selectEmpty, selectFull);
    return 0;
}
