// SPDX-License-Identifier: GPL-3.0-or-later
// The plot widgets on real recordings of the #1515 project: every bar, point and marker
// is where the parsed run puts it, the tooltips say the same numbers, and the exports
// are a real PNG and a real SVG.
#include "core/dockerfile/DockerfileParser.h"
#include "core/models/RunListModel.h"
#include "core/plots/RunHistorySeries.h"
#include "core/progress/ProgressStreamParser.h"
#include "core/session/ProjectSession.h"
#include "ui/dag/DagStyle.h"
#include "ui/MainWindow.h"
#include "ui/plots/DurationsPlot.h"
#include "ui/plots/HistoryPlot.h"
#include "ui/plots/PlotsPanel.h"
#include "ui/plots/PlotStyle.h"
#include "ui/plots/TimelinePlot.h"
#include "ui/RunsPanel.h"

#include <cmath>
#include <qcustomplot.h>
#include <QFile>
#include <QImage>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace Cachelab;

namespace {
const QString kRecordings = QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/recordings/");

BuildRun recording(const QString &name)
{
    QString error;
    auto run = ProgressStreamParser::readFile(kRecordings + name, &error);
    if (!run)
        qFatal("%s", qPrintable(error));
    return *run;
}

Dockerfile mobyCache()
{
    DockerfileError error;
    auto dockerfile = DockerfileParser::parseFile(
        QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/moby-cache/Dockerfile"), {}, &error);
    if (!dockerfile)
        qFatal("%s", qPrintable(error.toString()));
    return *dockerfile;
}

// The value a bar chart has at a key; NaN when it has none there.
double valueAt(const QCPBars *bars, double key)
{
    if (!bars)
        return std::nan("");
    for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it) {
        if (qFuzzyCompare(1 + it->key, 1 + key))
            return it->value;
    }
    return std::nan("");
}

int dataPoints(QCustomPlot *plot, bool (*counted)(const QCPAbstractPlottable *))
{
    int count = 0;
    for (int i = 0; i < plot->plottableCount(); ++i) {
        QCPAbstractPlottable *plottable = plot->plottable(i);
        if (counted(plottable))
            count += plottable->interface1D() ? plottable->interface1D()->dataCount() : 0;
    }
    return count;
}

QStringList layoutTexts(QCustomPlot *plot)
{
    QStringList texts;
    for (QCPLayoutElement *element : plot->plotLayout()->elements(true)) {
        if (auto *text = qobject_cast<QCPTextElement *>(element))
            texts.append(text->text());
    }
    return texts;
}

// The pixel at the middle of a row of a horizontal bar chart, at a time on its axis.
QPointF pixelOf(const QCustomPlot *plot, double seconds, double row)
{
    return { plot->xAxis->coordToPixel(seconds), plot->yAxis->coordToPixel(row) };
}
} // namespace

class TestPlots : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    // A run of thousands of steps: the timeline is drawn only when shown or asked about,
    // and never taller than PlotStyle::MaxShownRows rows (the others are dragged into
    // view): 300,000 rows asked QCustomPlot for gigabytes of paint buffer.
    void timelineOfManyStepsIsBounded()
    {
        // hand-made: 2,000 one-line steps of a plain log
        QByteArray log;
        for (int i = 1; i <= 2000; ++i)
            log += "#" + QByteArray::number(i) + " [build " + QByteArray::number(i % 9 + 1) + "/9] RUN step "
                + QByteArray::number(i) + "\n#" + QByteArray::number(i) + " DONE 0.1s\n\n";
        const BuildRun run = *ProgressStreamParser::parseLog(log, QStringLiteral("many.log"), nullptr);
        TimelinePlot plot;
        plot.resize(1200, 700);
        plot.setRun(&run, QStringLiteral("many"));
        QCOMPARE(plot.title(), QStringLiteral("Timeline of many")); // hidden: not drawn yet
        QCOMPARE(plot.timeline().bars().size(), 2000); // asked about: drawn now
        QVERIFY(plot.hasData());
        QVERIFY2(plot.title().contains(QLatin1String("the first 300 rows")), qPrintable(plot.title()));
        QVERIFY2(plot.plot()->minimumHeight() <= (PlotStyle::MaxShownRows + 10) * PlotStyle::rowHeight(plot.plot()),
                 qPrintable(QString::number(plot.plot()->minimumHeight())));
        QVERIFY(plot.plot()->yAxis->range().size() <= PlotStyle::MaxShownRows + 1);
        // The rows past the first 300 are there, reached by dragging.
        QVERIFY(plot.rowOf(2000) >= 0);
        QVERIFY(!plot.rowLabel(1999).isEmpty());
    }

    // rawjson: one bar per started vertex, from its real start, as long as it took.
    void timelineBarsAreTheRunsVertices()
    {
        const BuildRun run
            = recording(QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.rawjson"));
        TimelinePlot plot;
        plot.resize(1200, 700);
        plot.setRun(&run, QStringLiteral("rebuild"));
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        QVERIFY(plot.hasData());
        const RunTimeline &timeline = plot.timeline();
        QVERIFY(!timeline.approximate());
        QVERIFY(plot.title().contains(QLatin1String("rebuild")));

        for (int row = 0; row < timeline.bars().size(); ++row) {
            const TimelineBar &bar = timeline.bars().at(row);
            const BuildVertex *vertex = run.vertexById(bar.vertexId);
            QVERIFY(vertex);
            QCOMPARE(plot.rowOf(bar.vertexId), row);
            QCOMPARE(bar.seconds(), vertex->started.msecsTo(vertex->completed) / 1000.0);
            if (bar.seconds() <= 0)
                continue;
            const QCPBars *bars = plot.barsOf(vertex->outcome());
            QVERIFY2(bars, qPrintable(vertex->name()));
            QCOMPARE(valueAt(bars, row), bar.seconds()); // the length
            QCOMPARE(valueAt(bars->barBelow(), row), bar.start); // on its start
            const StepLabel step = vertex->step();
            if (step.valid)
                QVERIFY2(plot.rowLabel(row).startsWith(step.stage), qPrintable(plot.rowLabel(row)));
        }
        // Every vertex is drawn exactly once: a bar, or a diamond when it has no length.
        const int drawn = dataPoints(plot.plot(), [](const QCPAbstractPlottable *p) {
            auto *bars = qobject_cast<const QCPBars *>(p);
            return bars ? bars->barAbove() == nullptr : true; // not the invisible bases
        });
        QCOMPARE(drawn, timeline.bars().size());
        // The cached `COPY js js` (cached in both recordings) is cached-coloured.
        QVERIFY(plot.barsOf(VertexOutcome::Cached));
        QCOMPARE(plot.barsOf(VertexOutcome::Cached)->brush().color(),
                 PlotStyleColor(VertexOutcome::Cached));

        // Hover: the row under the mouse, in words and numbers.
        const int js = rowNamed(timeline, QStringLiteral("[website-ssr 3/3]"));
        QVERIFY(js >= 0);
        const TimelineBar &bar = timeline.bars().at(js);
        const QString text = plot.hoverText(pixelOf(plot.plot(), (bar.start + bar.end) / 2, js));
        QVERIFY2(text.contains(QLatin1String("[website-ssr 3/3] COPY js js")), qPrintable(text));
        QVERIFY(text.contains(QLatin1String("cached")));
        QVERIFY2(text.contains(QLatin1String("from 1.98 s to 2.03 s")), qPrintable(text));
        QVERIFY(!text.contains(QLatin1String("approximate")));
        QVERIFY(plot.hoverText(QPointF(2, 2)).isEmpty()); // outside the axes
        QVERIFY(plot.plot()->interactions().testFlag(QCP::iRangeZoom));
        QVERIFY(plot.plot()->interactions().testFlag(QCP::iRangeDrag));
    }

    // A plain log: the legend's note and the axis say the times are approximate.
    void plainTimelineSaysItIsApproximate()
    {
        const BuildRun run
            = recording(QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.log"));
        TimelinePlot plot;
        plot.resize(1200, 700);
        plot.setRun(&run, QStringLiteral("build.sh"));
        QVERIFY(plot.timeline().approximate());
        QVERIFY(plot.plot()->xAxis->label().contains(QLatin1String("approximate")));
        QVERIFY(layoutTexts(plot.plot())
                    .join(QLatin1Char(' '))
                    .contains(QLatin1String("Times approximate")));
        // "#10 DONE 0.1s" is a 0.1 s bar; "#21 CACHED" a diamond of the cached colour.
        const int assets = rowNamed(plot.timeline(), QStringLiteral("[build-public 4/8]"));
        QVERIFY(qFuzzyCompare(valueAt(plot.barsOf(VertexOutcome::Ran), assets), 0.1));
        QVERIFY(std::isnan(valueAt(plot.barsOf(VertexOutcome::Cached), 0))); // no cached bar
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        const int js = rowNamed(plot.timeline(), QStringLiteral("[website-ssr 3/3]"));
        const QString text
            = plot.hoverText(pixelOf(plot.plot(), plot.timeline().bars().at(js).start, js));
        QVERIFY2(text.contains(QLatin1String("cached, 0.00 s")), qPrintable(text));
        QVERIFY(text.contains(QLatin1String("(approximate)")));

        plot.setRun(nullptr, {});
        QVERIFY(!plot.hasData());
        QVERIFY(!plot.message().isEmpty());
    }

    // build.sh's rebuild (A) against buildx's warm rebuild (B), step by step.
    void durationsPairEachStep()
    {
        const Dockerfile dockerfile = mobyCache();
        const BuildRun a = recording(QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.log"));
        const BuildRun b = recording(QStringLiteral("buildx-v0.38.2-04-rebuild-warm.log"));
        DurationsPlot plot;
        plot.resize(1200, 800);
        plot.setRuns(&dockerfile, &a, QStringLiteral("build.sh"), &b, QStringLiteral("buildx"));
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        QVERIFY(plot.hasData());
        const QList<StepDurationPair> &pairs = plot.pairs();
        QCOMPARE(pairs.size(), StepDurationPairs::of(dockerfile, a, b).size());
        int differing = 0;
        for (int row = 0; row < pairs.size(); ++row) {
            const StepDurationPair &pair = pairs.at(row);
            for (int run = 0; run < 2; ++run) {
                const auto outcome = run == 0 ? pair.outcomeA : pair.outcomeB;
                const double seconds = run == 0 ? pair.secondsA : pair.secondsB;
                if (!outcome || seconds <= 0)
                    continue;
                const double key = row + (run == 0 ? -1 : 1) * DurationsPlot::kOffset;
                QCOMPARE(valueAt(plot.barsOf(run, *outcome), key), seconds);
            }
            QCOMPARE(plot.rowLabel(row).startsWith(QStringLiteral("≠")), pair.differs());
            differing += pair.differs() ? 1 : 0;
        }
        QCOMPARE(plot.differingCount(), differing);
        QVERIFY(differing >= 7); // the node modules and less stages: #1515's rebuilds
        QVERIFY(plot.title().contains(QString::number(differing)));
        // B's bars are hatched, A's solid.
        QCOMPARE(plot.barsOf(1, VertexOutcome::Ran)->brush().style(), Qt::BDiagPattern);
        QCOMPARE(plot.barsOf(0, VertexOutcome::Ran)->brush().style(), Qt::SolidPattern);

        int react = -1;
        for (int row = 0; row < pairs.size(); ++row) {
            if (pairs.at(row).label.startsWith(QLatin1String("[build-node-modules 5/6]")))
                react = row;
        }
        QVERIFY(react >= 0);
        QVERIFY(qFuzzyCompare(valueAt(plot.barsOf(0, VertexOutcome::Ran), react - 0.2), 0.2));
        const QString text = plot.hoverText(pixelOf(plot.plot(), 0.1, react));
        QVERIFY2(text.contains(QLatin1String("A (build.sh): ran, 0.20 s")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("B (buildx): cached, no time")), qPrintable(text));
        QVERIFY(text.contains(QLatin1String("taken from a cache in one run")));

        plot.setRuns(&dockerfile, &a, QStringLiteral("build.sh"), nullptr, {});
        QVERIFY(!plot.hasData());
        QVERIFY(plot.message().contains(QLatin1String("two runs")));
    }

    // One point per run, per row: the numbers the run list shows.
    void historyPointsAreTheRuns()
    {
        const Dockerfile dockerfile = mobyCache();
        QList<RunHistoryPoint> points;
        for (const QString &name : { QStringLiteral("buildctl-v0.34.2-01-cold.rawjson"),
                                     QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.log"),
                                     QStringLiteral("docker-20.10-inline-01-cold.log"),
                                     QStringLiteral("buildx-v0.38.2-04-rebuild-warm.log") }) {
            const BuildRun run = recording(name);
            points.append(
                RunHistorySeries::pointOf(name, name, {}, run, RunSummary::of(run, &dockerfile)));
        }
        HistoryPlot plot;
        plot.resize(1200, 600);
        plot.setRuns(points, { points.at(1).runId });
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        QCOMPARE(plot.scripts().size(), 4);
        for (int m = 0; m < HistoryPlot::NUM_METRICS; ++m) {
            const QCPGraph *line = plot.lineOf(HistoryPlot::Metric(m));
            QCOMPARE(line->dataCount(), points.size());
            for (int i = 0; i < points.size(); ++i) {
                const double value = line->data()->at(i)->value;
                QCOMPARE(line->data()->at(i)->key, double(i + 1));
                switch (m) {
                case HistoryPlot::HitRatio:
                    QCOMPARE(value, points.at(i).hitRatio * 100);
                    break;
                case HistoryPlot::BuildTime:
                    QCOMPARE(value, points.at(i).buildSeconds);
                    break;
                default:
                    if (points.at(i).exportedCache)
                        QCOMPARE(value, double(points.at(i).exportedLayers));
                    else
                        QVERIFY(std::isnan(value)); // inline: no layer count, a gap
                }
            }
        }
        QCOMPARE(plot.lineOf(HistoryPlot::ExportedLayers)->data()->at(1)->value, 3.0);
        QCOMPARE(plot.lineOf(HistoryPlot::ExportedLayers)->data()->at(3)->value, 16.0);

        // Hover over run 2 in the layers row.
        const QCPAxisRect *layers = plot.rectOf(HistoryPlot::ExportedLayers);
        const QPointF pixel(layers->axis(QCPAxis::atBottom)->coordToPixel(2), layers->center().y());
        const QString text = plot.hoverText(pixel);
        QVERIFY2(text.contains(QLatin1String("Run 2: buildctl-v0.34.2-02-rebuild-after-edit.log")),
                 qPrintable(text));
        QVERIFY(text.contains(QLatin1String("exported cache: 3 layer(s)")));
        QVERIFY(text.contains(QLatin1String("approximate"))); // a plain log's build time
        const QCPAxisRect *hits = plot.rectOf(HistoryPlot::HitRatio);
        const QString inline_ = plot.hoverText(
            QPointF(hits->axis(QCPAxis::atBottom)->coordToPixel(3), hits->center().y()));
        QVERIFY2(inline_.contains(QLatin1String("inline")), qPrintable(inline_));
    }

    void exportsArePngAndSvg()
    {
        const Dockerfile dockerfile = mobyCache();
        const BuildRun a = recording(QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.log"));
        const BuildRun b = recording(QStringLiteral("buildx-v0.38.2-04-rebuild-warm.log"));
        DurationsPlot plot;
        plot.setRuns(&dockerfile, &a, QStringLiteral("build.sh"), &b, QStringLiteral("buildx"));
        const QString png = m_dir.filePath(QStringLiteral("durations.png"));
        QString error;
        QVERIFY2(plot.exportTo(png, &error), qPrintable(error));
        const QImage image(png);
        QVERIFY(!image.isNull());
        QCOMPARE(image.width(), 1280);
        QVERIFY(image.height() >= int(plot.pairs().size()) * 20); // every row has room

        const QString svg = m_dir.filePath(QStringLiteral("durations.svg"));
        QVERIFY2(plot.exportTo(svg, &error), qPrintable(error));
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&file);
        QString text;
        bool root = false;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && !root)
                root = xml.name() == QLatin1String("svg");
            if (xml.isCharacters())
                text += xml.text();
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(root);
        QVERIFY(text.contains(QLatin1String("build-node-modules 5/6")));

        QVERIFY(!plot.exportTo(m_dir.filePath(QStringLiteral("plot.jpg")), &error));
        QVERIFY(error.contains(QLatin1String(".png or .svg")));
        DurationsPlot empty;
        QVERIFY(!empty.exportTo(png, &error));
    }

    // The Plots tab follows the runs the window shows.
    void thePlotsTabFollowsTheSelection()
    {
        MainWindow window(m_dir.filePath(QStringLiteral("store")));
        window.resize(1280, 800);
        window.show();
        QVERIFY(window.openDemo()); // the #1515 pair is shown: A and B
        PlotsPanel *plots = window.plotsPanel();
        QVERIFY(plots->durationsPlot()->hasData());
        QVERIFY(plots->timelinePlot()->hasData());
        // Every run once all are loaded (on a worker thread).
        QTRY_COMPARE(plots->historyPlot()->points().size(), window.session()->runs()->rowCount());

        window.runsPanel()->selectRun(QStringLiteral("demo-buildx-v0.38.2-05-cold.log"));
        QVERIFY(!plots->durationsPlot()->hasData());
        QVERIFY(
            plots->timelinePlot()->title().contains(QLatin1String("buildx-v0.38.2-05-cold.log")));
        const BuildRun cold = recording(QStringLiteral("buildx-v0.38.2-05-cold.log"));
        QCOMPARE(plots->timelinePlot()->timeline().bars().size(), cold.vertices.size());
        plots->setView(PlotsPanel::History);
        QCOMPARE(plots->currentPlot(), plots->historyPlot());
        QVERIFY(plots->titleText().contains(QLatin1String("History")));
    }

private:
    static int rowNamed(const RunTimeline &timeline, const QString &prefix)
    {
        for (int row = 0; row < timeline.bars().size(); ++row) {
            if (timeline.bars().at(row).name.startsWith(prefix))
                return row;
        }
        return -1;
    }
    static QColor PlotStyleColor(VertexOutcome outcome);

    QTemporaryDir m_dir;
};

QColor TestPlots::PlotStyleColor(VertexOutcome outcome)
{
    return DagStyle::stateColor(stepStateOf(outcome));
}

QTEST_MAIN(TestPlots)
#include "tst_plots.moc"
