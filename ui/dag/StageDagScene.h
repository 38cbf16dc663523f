// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/analysis/RunAnalysis.h"
#include "core/analysis/RunStepMatcher.h"
#include "core/analysis/StepRef.h"
#include "core/dockerfile/Dockerfile.h"
#include "ui/dag/DagStyle.h"
#include "ui/dag/StepState.h"

#include <memory>
#include <optional>
#include <QGraphicsScene>
#include <QHash>
#include <QImage>
#include <QSet>

namespace Cachelab {

struct BuildRun;
class DagEdgeItem;
class DagLegendItem;
class ImageNodeItem;
class StageNodeItem;
class StepRowItem;

// One edge of the drawn graph. Several dependencies of one kind between the same two
// nodes (two COPY --from of one stage) make one edge with all their lines.
struct StageDagEdge
{
    StageDependency::Via via = StageDependency::Via::From;
    int fromStage = -1; // -1: from an image node
    QString fromImage; // the image node's key (its resolved reference)
    int toStage = -1;
    QList<int> lines;
};

// The stage graph of a Dockerfile laid out by Graphviz's dot: a box per stage with its
// steps as rows, a small node per image that is not a stage, an edge per dependency.
// Rows are coloured by what a run did to them, or split A | B to compare two runs.
//
// Only setDockerfile() lays out. setRun() and setComparison() recolour rows and nothing
// else, so that a live build can call them many times a second with the same run.
// The runs are not copied: keep them alive while they are shown, or set nullptr.
class StageDagScene : public QGraphicsScene
{
    Q_OBJECT
public:
    enum class Orientation
    {
        Automatic, // whichever of the two fits a 1280×800 window better
        TopToBottom,
        LeftToRight
    };

    explicit StageDagScene(QObject *parent = nullptr);
    ~StageDagScene() override;

    void setOrientation(Orientation orientation); // before setDockerfile()
    Orientation orientation() const { return m_orientation; }
    // The orientation the last layout used (never Automatic).
    Orientation effectiveOrientation() const { return m_effectiveOrientation; }

    void setDockerfile(const Dockerfile &dockerfile);
    const Dockerfile *dockerfile() const { return m_dockerfile ? &*m_dockerfile : nullptr; }
    void clearDockerfile();

    // nullptr: no run, steps neutral. Leaves compare mode.
    // `analysis`: the run's steps already matched (a finished run's RunAnalysis); without
    // it the scene matches the run itself (a live run, as it grows).
    void setRun(const BuildRun *run, const RunAnalysis *analysis = nullptr);
    // Each row split in two halves, A | B; rows whose states differ get a marker.
    // b == nullptr is setRun(a).
    void setComparison(const BuildRun *a, const BuildRun *b, const RunAnalysis *analysisA = nullptr,
                       const RunAnalysis *analysisB = nullptr);
    const BuildRun *runA() const { return m_runA; }
    const BuildRun *runB() const { return m_runB; }
    bool isComparing() const { return m_runB != nullptr; }

    // Steps that ran although nothing they depend on changed (from Explain): an outline
    // of their own, whatever their state.
    void setUnexpectedSteps(const QList<StepRef> &steps);
    QList<StepRef> unexpectedSteps() const;

    // Highlights one step (an invalid StepRef clears). Returns false if there is no such row.
    bool selectStep(const StepRef &step);
    StepRef selectedStep() const { return m_selected; }

    // What is drawn, for tests and for panels beside the view.
    QList<StepRef> steps() const; // every row, in Dockerfile order
    StepState stepState(const StepRef &step, bool sideB = false) const;
    qreal stepSeconds(const StepRef &step, bool sideB = false) const; // -1 unknown
    bool stepDiffers(const StepRef &step) const; // compare mode only
    bool isUnexpected(const StepRef &step) const;
    QRectF stepRect(const StepRef &step) const; // scene coordinates; null if none
    StepRef stepAt(const QPointF &scenePos) const; // stage -1 when none
    QRectF stageRect(int stage) const; // null if none
    QStringList imageNodes() const; // keys: resolved references
    QString imageLabel(const QString &key) const;
    QRectF imageRect(const QString &key) const;
    const QList<StageDagEdge> &edges() const { return m_edges; }
    QPainterPath edgePath(int edge) const; // scene coordinates
    QStringList legendLines() const;
    // The tooltip of a step row: instruction, status in the user's words, seconds, the
    // last log lines and BuildKit's raw vertex name, for A and B when comparing.
    QString toolTipFor(const StepRef &step) const;
    // What run A did to the step, as the graph shows it ("not run" when nothing).
    StepResult resultA(const StepRef &step) const
    {
        return m_resultsA.value(step, StepResult { step, 0, VertexOutcome::Running, false });
    }
    // How many times Graphviz ran: only setDockerfile() and font changes add one.
    int layoutCount() const { return m_layoutCount; }
    QString layoutError() const { return m_layoutError; }
    const DagStyle::Metrics &metrics() const { return m_metrics; }

    // The whole scene, on the palette's base colour.
    QImage renderImage(qreal scale = 2.0);
    bool exportPng(const QString &path, qreal scale = 2.0, QString *error = nullptr);
    bool exportSvg(const QString &path, QString *error = nullptr);
    // For `cachelab render` and scripts: lays out `dockerfile`, colours it by runA (or
    // compares runA | runB when runB is given; both may be nullptr) and writes an SVG
    // when `path` ends in .svg, a PNG otherwise. Needs a QApplication (the offscreen
    // platform will do); no window is shown.
    static bool renderToFile(const Dockerfile &dockerfile, const BuildRun *runA,
                             const BuildRun *runB, const QString &path, QString *error = nullptr,
                             qreal scale = 2.0);

Q_SIGNALS:
    // After setDockerfile() and relayouts: views refit.
    void layoutChanged();

protected:
    void helpEvent(QGraphicsSceneHelpEvent *event) override;
    bool event(QEvent *event) override;

private:
    void rebuild();
    void layoutItems();
    void applyRuns();
    void placeLegend();
    QString runSummary(const QHash<StepRef, StepResult> &results) const;
    QString toolTipForRun(const StepRef &step, const BuildRun *run,
                          const QHash<StepRef, StepResult> &results) const;

    Orientation m_orientation = Orientation::Automatic;
    Orientation m_effectiveOrientation = Orientation::TopToBottom;
    std::optional<Dockerfile> m_dockerfile;
    std::unique_ptr<RunStepMatcher> m_matcher; // refers to *m_dockerfile
    DagStyle::Metrics m_metrics;

    QList<StageNodeItem *> m_stageItems; // by stage index
    QList<ImageNodeItem *> m_imageItems;
    QHash<StepRef, StepRowItem *> m_rows;
    QList<StepRef> m_stepOrder;
    QList<StageDagEdge> m_edges;
    QList<DagEdgeItem *> m_edgeItems;
    DagLegendItem *m_legend = nullptr;

    const BuildRun *m_runA = nullptr;
    const BuildRun *m_runB = nullptr;
    const RunAnalysis *m_analysisA = nullptr; // owned by the caller, as the runs are
    const RunAnalysis *m_analysisB = nullptr;
    QHash<StepRef, StepResult> m_resultsA;
    QHash<StepRef, StepResult> m_resultsB;
    QSet<StepRef> m_unexpected;
    StepRef m_selected;
    int m_layoutCount = 0;
    QString m_layoutError;
};

} // namespace Cachelab
