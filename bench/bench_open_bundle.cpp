// SPDX-License-Identifier: GPL-3.0-or-later
// Opening the demo bundle to the first painted stage graph, cold (the bundle unpacked
// afresh) and warm (already unpacked), against what `--demo` did before it was a bundle,
// measured in the same run: the bundled project opened and the recordings read from
// their folder as runs, the #1515 pair shown. Median of five of each, alternated; the
// ratios are printed, nothing fails on timing.
#include "core/bundle/Bundle.h"
#include "core/DataLocations.h"
#include "core/models/RunListModel.h"
#include "core/session/ProjectSession.h"
#include "ui/dag/StageDagView.h"
#include "ui/MainWindow.h"
#include "ui/RunsPanel.h"

#include <algorithm>
#include <cstdio>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace Cachelab;

namespace {

// Counts paints of a widget: the graph is on screen once its viewport has painted.
class PaintWatch : public QObject
{
public:
    bool painted = false;
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            painted = true;
        return false;
    }
};

double untilPainted(MainWindow &window, PaintWatch &watch, const QElapsedTimer &clock)
{
    window.dagView()->viewport()->update();
    while (!watch.painted)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return clock.nsecsElapsed() / 1e6;
}

// A window as a user sees it at start; the clock starts once it is up.
void showWindow(MainWindow &window, QElapsedTimer &clock)
{
    window.resize(1280, 800);
    window.show();
    QCoreApplication::processEvents();
    clock.start();
}

// The demo as it was: the project folder and each recording of the folder as a run,
// parsed and matched when listed.
double openAsBefore(const QString &store)
{
    MainWindow window(store);
    PaintWatch watch;
    QElapsedTimer clock;
    showWindow(window, clock);
    if (!window.openProject(DataLocations::bundledProjectDir()))
        return -1;
    const QDir dir(DataLocations::recordingsDir());
    QList<StoredRun> runs;
    for (const QString &name : dir.entryList({ QStringLiteral("*.log") }, QDir::Files, QDir::Name)) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            return -1;
        StoredRun run;
        run.origin = StoredRun::Origin::Demo;
        run.id = QStringLiteral("demo-") + name;
        run.label = name;
        run.log = file.readAll();
        run.result.ending = RunResult::Ending::Succeeded;
        runs.append(run);
    }
    window.session()->runs()->setRuns(runs);
    window.runsPanel()->selectPair(QStringLiteral("demo-buildctl-v0.34.2-02-rebuild-after-edit.log"),
                                   QStringLiteral("demo-buildx-v0.38.2-04-rebuild-warm.log"));
    window.dagView()->viewport()->installEventFilter(&watch);
    return untilPainted(window, watch, clock);
}

double openBundle(const QString &store, bool cold)
{
    if (cold)
        QDir(Bundle::defaultUnpackRoot()).removeRecursively();
    MainWindow window(store);
    PaintWatch watch;
    QElapsedTimer clock;
    showWindow(window, clock);
    if (!window.openDemo() || window.runsPanel()->selectedIds().size() != 2)
        return -1;
    window.dagView()->viewport()->installEventFilter(&watch);
    return untilPainted(window, watch, clock);
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.at(values.size() / 2);
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir store;
    if (DataLocations::demoBundle().isEmpty()) {
        std::fprintf(stderr, "bench_open_bundle: no demo bundle (build the demo_bundle target)\n");
        return 1;
    }
    QList<double> before, cold, warm;
    for (int i = 0; i < 5; ++i) {
        before.append(openAsBefore(store.path()));
        cold.append(openBundle(store.path(), true));
        warm.append(openBundle(store.path(), false));
    }
    for (const QList<double> *times : { &before, &cold, &warm }) {
        if (std::any_of(times->begin(), times->end(), [](double t) { return t < 0; })) {
            std::fprintf(stderr, "bench_open_bundle: a demo did not open\n");
            return 1;
        }
    }
    const double b = median(before), c = median(cold), w = median(warm);
    std::printf("demo to the first painted graph, median of 5 (ms): recordings folder %.1f, "
                "bundle cold %.1f, bundle warm %.1f\n",
                b, c, w);
    std::printf("ratio bundle/recordings: cold %.2f, warm %.2f (1.0 = as fast as before)\n", c / b,
                w / b);
    QDir(Bundle::defaultUnpackRoot()).removeRecursively();
    return 0;
}
