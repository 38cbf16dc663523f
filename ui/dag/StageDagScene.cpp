// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dag/StageDagScene.h"

#include "core/progress/BuildRun.h"
#include "ui/dag/DagEdgeItem.h"
#include "ui/dag/DagLegendItem.h"
#include "ui/dag/GraphvizLayout.h"
#include "ui/dag/ImageNodeItem.h"
#include "ui/dag/StageNodeItem.h"
#include "ui/dag/StepRowItem.h"

#include <QApplication>
#include <QFileInfo>
#include <QGraphicsSceneHelpEvent>
#include <QImageWriter>
#include <QPainter>
#include <QPalette>
#include <QSaveFile>
#include <QScreen>
#include <QSvgGenerator>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace Cachelab {

namespace {
// The window size the layout is chosen for: everything fits in 1280×800.
constexpr QSizeF TargetViewport(1280, 800);
// Above this many nodes only one orientation is laid out: Graphviz time grows fast.
constexpr int MaxNodesForTwoLayouts = 60;
constexpr int TooltipLogLines = 10;
constexpr int TooltipLineLength = 160;

qreal fitScale(const QSizeF &size)
{
    if (size.isEmpty())
        return 1;
    return std::min(TargetViewport.width() / size.width(), TargetViewport.height() / size.height());
}

// Where the legend goes: beside a tall graph, under a wide one.
bool legendBeside(const QSizeF &graph, const QSizeF &legend, qreal gap)
{
    const QSizeF beside(graph.width() + gap + legend.width(),
                        std::max(graph.height(), legend.height()));
    const QSizeF below(std::max(graph.width(), legend.width()),
                       graph.height() + gap + legend.height());
    return fitScale(beside) >= fitScale(below);
}

// The last lines of a vertex's output without splitting all of it: a RUN can print
// megabytes, and tooltips are built on hover.
QStringList lastLines(const QByteArray &log, int count)
{
    QStringList lines;
    qsizetype end = log.size();
    while (end > 0 && lines.size() < count) {
        const qsizetype newline = log.lastIndexOf('\n', end - 1);
        const qsizetype start = newline < 0 ? 0 : newline + 1;
        QString line = QString::fromUtf8(log.mid(start, end - start));
        if (line.size() > TooltipLineLength)
            line = line.left(TooltipLineLength) + QStringLiteral("…");
        lines.prepend(line);
        if (newline < 0)
            break;
        end = newline;
    }
    return lines;
}
} // namespace

StageDagScene::StageDagScene(QObject *parent)
    : QGraphicsScene(parent)
    , m_metrics(DagStyle::Metrics::forFont(font()))
{ }

StageDagScene::~StageDagScene() = default;

void StageDagScene::setOrientation(Orientation orientation)
{
    m_orientation = orientation;
}

void StageDagScene::setDockerfile(const Dockerfile &dockerfile)
{
    m_matcher.reset();
    m_dockerfile = dockerfile;
    m_matcher = std::make_unique<RunStepMatcher>(*m_dockerfile);
    rebuild();
}

void StageDagScene::clearDockerfile()
{
    m_matcher.reset();
    m_dockerfile.reset();
    rebuild();
}

void StageDagScene::rebuild()
{
    clear();
    m_stageItems.clear();
    m_imageItems.clear();
    m_rows.clear();
    m_stepOrder.clear();
    m_edges.clear();
    m_edgeItems.clear();
    m_legend = nullptr;
    m_layoutError.clear();
    m_metrics = DagStyle::Metrics::forFont(font());
    if (!m_dockerfile) {
        setSceneRect(QRectF());
        emit layoutChanged();
        return;
    }
    const Dockerfile &dockerfile = *m_dockerfile;

    for (const DockerfileStage &stage : dockerfile.stages()) {
        auto *item = new StageNodeItem(stage, stage.index == dockerfile.targetIndex(), &m_metrics);
        QString tip = QStringLiteral("<b>%1</b><br>")
                          .arg(stage.name.toHtmlEscaped())
                          .append(tr("lines %1–%2, %n step(s)", nullptr, int(stage.steps.size()))
                                      .arg(stage.firstLine)
                                      .arg(stage.lastLine));
        if (!stage.needed)
            tip += QStringLiteral("<br>")
                + tr("Not needed: the target %1 does not use this stage, so it is not built.")
                      .arg(dockerfile.target().name.toHtmlEscaped());
        item->setToolTip(tip);
        addItem(item);
        m_stageItems.append(item);
        for (StepRowItem *row : item->rows()) {
            m_rows.insert(row->step(), row);
            m_stepOrder.append(row->step());
        }
    }

    // Images that are not stages, one node per resolved reference: `FROM alpine` in five
    // stages and `COPY --from=alpine:latest` are all the same image.
    QHash<QString, ImageNodeItem *> images;
    auto imageNode = [&](const QString &label, const QString &key) {
        ImageNodeItem *&item = images[key];
        if (!item) {
            item = new ImageNodeItem(label, key, &m_metrics);
            addItem(item);
            m_imageItems.append(item);
            item->setNeeded(false);
        }
        return item;
    };
    auto resolvedImage = [&dockerfile](const QString &ref) {
        for (const ExternalImage &image : dockerfile.externalImages()) {
            if (image.ref == ref && !image.resolved.isEmpty())
                return image.resolved;
        }
        return ref;
    };
    QHash<QString, int> edgeIndex;
    auto addEdge = [&](StageDependency::Via via, int fromStage, const QString &fromImage,
                       int toStage, int line) {
        const QString key = QStringLiteral("%1|%2|%3|%4")
                                .arg(int(via))
                                .arg(fromStage)
                                .arg(fromImage)
                                .arg(toStage);
        auto found = edgeIndex.constFind(key);
        if (found == edgeIndex.constEnd()) {
            found = edgeIndex.insert(key, int(m_edges.size()));
            m_edges.append({ via, fromStage, fromImage, toStage, {} });
        }
        m_edges[found.value()].lines.append(line);
    };
    for (const DockerfileStage &stage : dockerfile.stages()) {
        if (stage.base.kind == StageBase::Kind::Image) {
            const QString key
                = stage.base.resolved.isEmpty() ? stage.base.ref : stage.base.resolved;
            ImageNodeItem *image = imageNode(stage.base.ref, key);
            if (stage.needed)
                image->setNeeded(true);
            addEdge(StageDependency::Via::From, -1, key, stage.index, stage.firstLine);
        }
        for (const StageDependency &dependency : stage.dependencies) {
            if (dependency.stage >= 0) {
                addEdge(dependency.via, dependency.stage, QString(), stage.index, dependency.line);
                continue;
            }
            const QString key = resolvedImage(dependency.image);
            ImageNodeItem *image = imageNode(dependency.image, key);
            if (stage.needed)
                image->setNeeded(true);
            addEdge(dependency.via, -1, key, stage.index, dependency.line);
        }
    }
    for (const StageDagEdge &edge : std::as_const(m_edges)) {
        auto *item = new DagEdgeItem(edge.via, int(edge.lines.size()), &m_metrics);
        const QString from = edge.fromStage >= 0 ? dockerfile.stages().at(edge.fromStage).name
                                                 : images.value(edge.fromImage)->label();
        QStringList lines;
        for (int line : edge.lines)
            lines.append(QString::number(line));
        item->setToolTip(QStringLiteral("%1 %2 → %3<br>%4")
                             .arg(StageDependency::viaName(edge.via), from.toHtmlEscaped(),
                                  dockerfile.stages().at(edge.toStage).name.toHtmlEscaped(),
                                  tr("line(s) %1", nullptr, int(lines.size()))
                                      .arg(lines.join(QStringLiteral(", ")))));
        item->setFaded(!dockerfile.stages().at(edge.toStage).needed);
        addItem(item);
        m_edgeItems.append(item);
    }
    m_legend = new DagLegendItem(&m_metrics);
    addItem(m_legend);

    layoutItems();
    applyRuns();
    for (const StepRef &step : std::as_const(m_unexpected)) {
        if (StepRowItem *row = m_rows.value(step))
            row->setUnexpected(true);
    }
    if (StepRowItem *row = m_rows.value(m_selected))
        row->setCurrent(true);
    else
        m_selected = StepRef();
    emit layoutChanged();
}

void StageDagScene::layoutItems()
{
    const qreal gap = m_metrics.rowHeight * 2;
    auto compute = [&](Orientation orientation) {
        GraphvizLayout layout;
        const bool topDown = orientation == Orientation::TopToBottom;
        layout.setDirection(topDown ? GraphvizLayout::Direction::TopToBottom
                                    : GraphvizLayout::Direction::LeftToRight);
        // Room between ranks for the edges' labels, and between boxes for the edges.
        layout.setNodeSeparation(m_metrics.rowHeight * 1.6);
        layout.setRankSeparation(m_metrics.rowHeight * (topDown ? 2.2 : 4));
        QHash<QString, int> imageIndex;
        for (StageNodeItem *stage : std::as_const(m_stageItems))
            layout.addNode(stage->size());
        for (ImageNodeItem *image : std::as_const(m_imageItems))
            imageIndex.insert(image->key(), layout.addNode(image->size()));
        for (const StageDagEdge &edge : std::as_const(m_edges)) {
            const int from
                = edge.fromStage >= 0 ? edge.fromStage : imageIndex.value(edge.fromImage);
            // Chains of `FROM <stage>` stay straight; images are pulled in from anywhere.
            const int weight
                = edge.via == StageDependency::Via::From && edge.fromStage >= 0 ? 4 : 1;
            layout.addEdge({ from, edge.toStage, weight });
        }
        return layout.layout();
    };

    GraphvizLayout::Result result;
    Orientation chosen = m_orientation;
    if (chosen == Orientation::Automatic) {
        result = compute(Orientation::TopToBottom);
        chosen = Orientation::TopToBottom;
        if (m_stageItems.size() + m_imageItems.size() <= MaxNodesForTwoLayouts) {
            const GraphvizLayout::Result leftToRight = compute(Orientation::LeftToRight);
            auto score = [&](const GraphvizLayout::Result &r) {
                const QSizeF graph = r.boundingBox.size();
                const QSizeF legend = m_legend->size();
                return legendBeside(graph, legend, gap)
                    ? fitScale(QSizeF(graph.width() + gap + legend.width(),
                                      std::max(graph.height(), legend.height())))
                    : fitScale(QSizeF(std::max(graph.width(), legend.width()),
                                      graph.height() + gap + legend.height()));
            };
            // Left to right only when clearly better: top-down reads like the Dockerfile.
            if (leftToRight.ok && (!result.ok || score(leftToRight) > score(result) * 1.15)) {
                result = leftToRight;
                chosen = Orientation::LeftToRight;
            }
        }
    } else {
        result = compute(chosen);
    }
    ++m_layoutCount;
    m_effectiveOrientation = chosen;
    m_layoutError = result.error;

    if (!result.ok) {
        // Still show everything, in a column, rather than an empty view.
        qreal y = 0;
        for (StageNodeItem *stage : std::as_const(m_stageItems)) {
            stage->setPos(0, y);
            y += stage->size().height() + gap;
        }
        for (ImageNodeItem *image : std::as_const(m_imageItems)) {
            image->setPos(0, y);
            y += image->size().height() + gap;
        }
        for (DagEdgeItem *edge : std::as_const(m_edgeItems))
            edge->setVisible(false);
    } else {
        const int stages = int(m_stageItems.size());
        for (int i = 0; i < stages; ++i) {
            StageNodeItem *stage = m_stageItems.at(i);
            stage->setPos(result.centres.at(i)
                          - QPointF(stage->size().width() / 2, stage->size().height() / 2));
        }
        for (int i = 0; i < m_imageItems.size(); ++i) {
            ImageNodeItem *image = m_imageItems.at(i);
            image->setPos(result.centres.at(stages + i)
                          - QPointF(image->size().width() / 2, image->size().height() / 2));
        }
        for (int i = 0; i < m_edgeItems.size(); ++i)
            m_edgeItems.at(i)->setSpline(result.splines.at(i));
    }
    placeLegend();
}

void StageDagScene::placeLegend()
{
    if (!m_legend)
        return;
    QRectF graph;
    for (QGraphicsItem *item : items()) {
        if (item != m_legend && !item->parentItem() && item->isVisible())
            graph |= item->sceneBoundingRect();
    }
    const qreal gap = m_metrics.rowHeight * 2;
    if (legendBeside(graph.size(), m_legend->size(), gap))
        m_legend->setPos(graph.right() + gap, graph.top());
    else
        m_legend->setPos(graph.left(), graph.bottom() + gap);
    const qreal margin = m_metrics.rowHeight;
    setSceneRect(
        (graph | m_legend->sceneBoundingRect()).adjusted(-margin, -margin, margin, margin));
}

void StageDagScene::setRun(const BuildRun *run, const RunAnalysis *analysis)
{
    m_runA = run;
    m_runB = nullptr;
    m_analysisA = run ? analysis : nullptr;
    m_analysisB = nullptr;
    applyRuns();
}

void StageDagScene::setComparison(const BuildRun *a, const BuildRun *b,
                                  const RunAnalysis *analysisA, const RunAnalysis *analysisB)
{
    if (!a || !b) {
        setRun(a ? a : b, a ? analysisA : analysisB);
        return;
    }
    m_runA = a;
    m_runB = b;
    m_analysisA = analysisA;
    m_analysisB = analysisB;
    applyRuns();
}

namespace {
QHash<StepRef, StepResult> resultsByStep(const QList<StepResult> &results)
{
    QHash<StepRef, StepResult> byStep;
    for (const StepResult &result : results)
        byStep.insert(result.step, result);
    return byStep;
}
} // namespace

void StageDagScene::applyRuns()
{
    m_resultsA.clear();
    m_resultsB.clear();
    if (!m_dockerfile)
        return;
    if (m_runA)
        m_resultsA = m_analysisA ? m_analysisA->byStep : resultsByStep(m_matcher->results(*m_runA));
    if (m_runB)
        m_resultsB = m_analysisB ? m_analysisB->byStep : resultsByStep(m_matcher->results(*m_runB));
    const QList<DockerfileStage> &stages = m_dockerfile->stages();
    auto apply = [&](StepRowItem *row, StepRowItem::Side side, const BuildRun *run,
                     const QHash<StepRef, StepResult> &results) {
        const StepRef step = row->step();
        if (!stages.at(step.stage).needed) {
            row->setState(side, StepState::NotNeeded, -1);
            return;
        }
        if (!run) {
            row->setState(side, StepState::NoRun, -1);
            return;
        }
        const auto found = results.constFind(step);
        if (found == results.constEnd() || !found->seen()) {
            row->setState(side, StepState::NotRun, -1);
            return;
        }
        const BuildVertex *vertex = run->vertexById(found->vertexId);
        row->setState(side, stepStateOf(*found), vertex ? vertex->seconds : -1);
    };
    for (StepRowItem *row : std::as_const(m_rows)) {
        row->setCompare(m_runB != nullptr);
        apply(row, StepRowItem::A, m_runA, m_resultsA);
        apply(row, StepRowItem::B, m_runB, m_resultsB);
    }

    if (m_legend) {
        auto name = [](const BuildRun *run) {
            if (!run)
                return QString();
            const QString file = QFileInfo(run->source).fileName();
            return file.isEmpty() ? (run->source.isEmpty() ? tr("(unnamed run)") : run->source)
                                  : file;
        };
        const QSizeF before = m_legend->size();
        m_legend->setRuns(name(m_runA), runSummary(m_resultsA), name(m_runB),
                          runSummary(m_resultsB));
        if (m_legend->size() != before)
            placeLegend();
    }
}

QString StageDagScene::runSummary(const QHash<StepRef, StepResult> &results) const
{
    QHash<int, int> counts; // by StepState
    for (const StepResult &result : results)
        ++counts[int(stepStateOf(result))];
    QStringList parts;
    for (StepState state :
         { StepState::Ran, StepState::Cached, StepState::Loaded, StepState::Failed,
           StepState::Running, StepState::Canceled, StepState::NotRun }) {
        if (const int count = counts.value(int(state)))
            parts.append(QStringLiteral("%1 %2").arg(count).arg(stepStateWords(state)));
    }
    return parts.join(QStringLiteral(" · "));
}

void StageDagScene::setUnexpectedSteps(const QList<StepRef> &steps)
{
    const QSet<StepRef> wanted(steps.cbegin(), steps.cend());
    for (auto it = m_rows.cbegin(); it != m_rows.cend(); ++it)
        it.value()->setUnexpected(wanted.contains(it.key()));
    m_unexpected = wanted;
}

QList<StepRef> StageDagScene::unexpectedSteps() const
{
    QList<StepRef> steps(m_unexpected.cbegin(), m_unexpected.cend());
    std::sort(steps.begin(), steps.end());
    return steps;
}

bool StageDagScene::selectStep(const StepRef &step)
{
    StepRowItem *row = m_rows.value(step);
    if (StepRowItem *previous = m_rows.value(m_selected))
        previous->setCurrent(false);
    m_selected = row ? step : StepRef();
    if (row)
        row->setCurrent(true);
    return row != nullptr;
}

QList<StepRef> StageDagScene::steps() const
{
    return m_stepOrder;
}

StepState StageDagScene::stepState(const StepRef &step, bool sideB) const
{
    const StepRowItem *row = m_rows.value(step);
    if (!row)
        return StepState::NoRun;
    return row->state(sideB ? StepRowItem::B : StepRowItem::A);
}

qreal StageDagScene::stepSeconds(const StepRef &step, bool sideB) const
{
    const StepRowItem *row = m_rows.value(step);
    return row ? row->seconds(sideB ? StepRowItem::B : StepRowItem::A) : -1;
}

bool StageDagScene::stepDiffers(const StepRef &step) const
{
    const StepRowItem *row = m_rows.value(step);
    return row && row->differs();
}

bool StageDagScene::isUnexpected(const StepRef &step) const
{
    const StepRowItem *row = m_rows.value(step);
    return row && row->isUnexpected();
}

QRectF StageDagScene::stepRect(const StepRef &step) const
{
    const StepRowItem *row = m_rows.value(step);
    return row ? row->sceneBoundingRect() : QRectF();
}

StepRef StageDagScene::stepAt(const QPointF &scenePos) const
{
    for (QGraphicsItem *item : items(scenePos)) {
        if (const auto *row = qgraphicsitem_cast<StepRowItem *>(item))
            return row->step();
    }
    return {};
}

QRectF StageDagScene::stageRect(int stage) const
{
    if (stage < 0 || stage >= m_stageItems.size())
        return {};
    const StageNodeItem *item = m_stageItems.at(stage);
    return QRectF(item->scenePos(), item->size());
}

QStringList StageDagScene::imageNodes() const
{
    QStringList keys;
    for (const ImageNodeItem *image : m_imageItems)
        keys.append(image->key());
    return keys;
}

QString StageDagScene::imageLabel(const QString &key) const
{
    for (const ImageNodeItem *image : m_imageItems) {
        if (image->key() == key)
            return image->label();
    }
    return {};
}

QRectF StageDagScene::imageRect(const QString &key) const
{
    for (const ImageNodeItem *image : m_imageItems) {
        if (image->key() == key)
            return QRectF(image->scenePos(), image->size());
    }
    return {};
}

QPainterPath StageDagScene::edgePath(int edge) const
{
    if (edge < 0 || edge >= m_edgeItems.size())
        return {};
    return m_edgeItems.at(edge)->path();
}

QStringList StageDagScene::legendLines() const
{
    return m_legend ? m_legend->lines() : QStringList();
}

QString StageDagScene::toolTipForRun(const StepRef &step, const BuildRun *run,
                                     const QHash<StepRef, StepResult> &results) const
{
    const auto found = results.constFind(step);
    if (found == results.constEnd() || !found->seen()) {
        return QStringLiteral("<p>%1 <b>%2</b> — %3</p>")
            .arg(tr("Status:"), stepStateWords(StepState::NotRun),
                 run->failed() ? tr("the build stopped before it")
                               : tr("the run has no step for it (yet)"));
    }
    const StepState state = stepStateOf(*found);
    const BuildVertex *vertex = run->vertexById(found->vertexId);
    QString html = QStringLiteral("<p>%1 %2 <b>%3</b>")
                       .arg(tr("Status:"), stepStateGlyph(state), stepStateWords(state));
    if (vertex && vertex->seconds >= 0)
        html += QStringLiteral(", %1").arg(StepRowItem::formatSeconds(vertex->seconds));
    html += QStringLiteral("</p>");
    if (found->shared)
        html += QStringLiteral("<p>")
            + tr("Shared: BuildKit ran this once for identical steps of several stages.")
            + QStringLiteral("</p>");
    if (!vertex)
        return html;
    if (!vertex->errorMessage().isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(vertex->errorMessage().toHtmlEscaped());
    if (vertex->logLineCount > 0) {
        // The end of the output is enough for the last lines: no copy of megabytes.
        const QStringList lines
            = lastLines(vertex->log.tail(qsizetype(TooltipLogLines) * (TooltipLineLength + 1) * 4),
                        TooltipLogLines);
        html += QStringLiteral("<p>%1</p><pre>%2</pre>")
                    .arg(vertex->logLineCount > lines.size() ? tr("Last %1 of %2 log lines:")
                                                                   .arg(lines.size())
                                                                   .arg(vertex->logLineCount)
                                                             : tr("Log:"),
                         lines.join(QLatin1Char('\n')).toHtmlEscaped());
    }
    html += QStringLiteral("<p><small>BuildKit: <code>#%1 %2</code></small></p>")
                .arg(vertex->id)
                .arg(vertex->name().toHtmlEscaped());
    return html;
}

QString StageDagScene::toolTipFor(const StepRef &step) const
{
    if (!m_dockerfile || !m_rows.contains(step))
        return {};
    const DockerfileStage &stage = m_dockerfile->stages().at(step.stage);
    const DockerfileStep *dockerfileStep = m_dockerfile->step(stage.name, step.number);
    if (!dockerfileStep)
        return {};
    QString html
        = QStringLiteral("<p><b>%1</b> %2<br><small>%3</small></p>")
              .arg(dockerfileStep->prefix.toHtmlEscaped(), dockerfileStep->text.toHtmlEscaped(),
                   tr("Dockerfile line %1").arg(dockerfileStep->line));
    if (!stage.needed) {
        html += QStringLiteral("<p>%1 <b>%2</b>: %3</p>")
                    .arg(tr("Status:"), stepStateWords(StepState::NotNeeded),
                         tr("the target %1 does not use this stage, so BuildKit does not build it.")
                             .arg(m_dockerfile->target().name.toHtmlEscaped()));
    } else if (!m_runA) {
        html += QStringLiteral("<p>%1</p>").arg(tr("No run selected."));
    } else if (m_runB) {
        html += QStringLiteral("<p><b>A</b> %1</p>")
                    .arg(QFileInfo(m_runA->source).fileName().toHtmlEscaped())
            + toolTipForRun(step, m_runA, m_resultsA);
        html += QStringLiteral("<hr><p><b>B</b> %1</p>")
                    .arg(QFileInfo(m_runB->source).fileName().toHtmlEscaped())
            + toolTipForRun(step, m_runB, m_resultsB);
    } else {
        html += toolTipForRun(step, m_runA, m_resultsA);
    }
    if (m_unexpected.contains(step))
        html += QStringLiteral("<p><b>%1</b>: %2</p>")
                    .arg(tr("Unexpected rebuild"),
                         tr("it ran although nothing it depends on changed."));
    return html;
}

void StageDagScene::helpEvent(QGraphicsSceneHelpEvent *event)
{
    // Built on demand: the log lines of a live run change all the time.
    const StepRef step = stepAt(event->scenePos());
    if (step.stage >= 0) {
        QToolTip::showText(event->screenPos(), toolTipFor(step), event->widget());
        event->setAccepted(true);
        return;
    }
    QGraphicsScene::helpEvent(event);
}

bool StageDagScene::event(QEvent *event)
{
    if (event->type() == QEvent::FontChange) {
        // Box sizes come from the font.
        if (m_dockerfile)
            rebuild();
    } else if (event->type() == QEvent::PaletteChange) {
        update();
    }
    return QGraphicsScene::event(event);
}

QImage StageDagScene::renderImage(qreal scale)
{
    const QRectF source = sceneRect();
    QImage image((source.size() * scale).toSize().expandedTo(QSize(1, 1)),
                 QImage::Format_ARGB32_Premultiplied);
    image.fill(palette().color(QPalette::Base));
    QPainter painter(&image);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing
                           | QPainter::SmoothPixmapTransform);
    render(&painter, QRectF(QPointF(0, 0), QSizeF(image.size())), source);
    painter.end();
    return image;
}

bool StageDagScene::exportPng(const QString &path, qreal scale, QString *error)
{
    // The raster is bounded: a 10,000-stage graph at scale 2 would want gigabytes (and
    // libpng refuses it). The scale shrinks to fit; below half size the text is no longer
    // readable, and an SVG is the answer.
    constexpr qreal kMaxPixels = 64.0 * 1024 * 1024;
    constexpr qreal kMaxSide = 32000;
    const QSizeF size = sceneRect().size();
    qreal fitted = scale;
    if (!size.isEmpty()) {
        fitted = std::min({ scale, std::sqrt(kMaxPixels / (size.width() * size.height())), kMaxSide / size.width(),
                            kMaxSide / size.height() });
    }
    if (fitted < 0.5) {
        if (error)
            *error = tr("%1: the graph is %2 × %3 points, too large for a readable PNG (at most 64 Mpx): "
                        "write an .svg instead")
                         .arg(path)
                         .arg(qRound(size.width()))
                         .arg(qRound(size.height()));
        return false;
    }
    const QImage image = renderImage(fitted);
    if (image.isNull()) {
        if (error)
            *error = tr("%1: no memory for a %2 × %3 image").arg(path).arg(qRound(size.width() * fitted)).arg(qRound(size.height() * fitted));
        return false;
    }
    // Written whole or not at all: no truncated file after an error or a signal.
    QSaveFile file(path);
    QImageWriter writer(&file, "png");
    if (file.open(QIODevice::WriteOnly) && writer.write(image) && file.commit())
        return true;
    if (error)
        *error = tr("Cannot write %1: %2").arg(path, writer.error() != QImageWriter::UnknownError ? writer.errorString() : file.errorString());
    return false;
}

bool StageDagScene::exportSvg(const QString &path, QString *error)
{
    const QRectF source = sceneRect();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    QSvgGenerator generator;
    generator.setOutputDevice(&file);
    generator.setSize(source.size().toSize());
    generator.setViewBox(QRectF(QPointF(0, 0), source.size()));
    // Text was measured at the screen's resolution; QSvgGenerator assumes 72 dpi.
    const QScreen *screen = QGuiApplication::primaryScreen();
    generator.setResolution(screen ? qRound(screen->logicalDotsPerInch()) : 96);
    generator.setTitle(m_dockerfile ? QFileInfo(m_dockerfile->path()).fileName()
                                    : QStringLiteral("Cachelab"));
    generator.setDescription(tr("Stage graph drawn by Cachelab"));
    QPainter painter;
    if (!painter.begin(&generator)) {
        if (error)
            *error = tr("Cannot write %1").arg(path);
        return false;
    }
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    painter.fillRect(QRectF(QPointF(0, 0), source.size()), palette().color(QPalette::Base));
    render(&painter, QRectF(QPointF(0, 0), source.size()), source);
    painter.end();
    if (file.size() > 0 && file.commit())
        return true;
    if (error)
        *error = tr("Cannot write %1: %2").arg(path, file.errorString());
    return false;
}

bool StageDagScene::renderToFile(const Dockerfile &dockerfile, const BuildRun *runA,
                                 const BuildRun *runB, const QString &path, QString *error,
                                 qreal scale)
{
    if (!qobject_cast<QApplication *>(QCoreApplication::instance())) {
        if (error)
            *error = tr("drawing the stage graph needs a QApplication");
        return false;
    }
    // The format first: no layout of a large graph to then refuse its file name.
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg")) {
        if (error)
            *error = tr("%1: the file name must end in .png or .svg").arg(path);
        return false;
    }
    StageDagScene scene;
    scene.setDockerfile(dockerfile);
    scene.setComparison(runA, runB);
    if (!scene.layoutError().isEmpty()) {
        if (error)
            *error = tr("%1: %2").arg(path, scene.layoutError());
        return false;
    }
    if (suffix == QLatin1String("svg"))
        return scene.exportSvg(path, error);
    return scene.exportPng(path, scale, error);
}

} // namespace Cachelab
