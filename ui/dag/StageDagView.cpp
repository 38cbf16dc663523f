// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dag/StageDagView.h"

#include "ui/dag/StageDagScene.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QScrollBar>
#include <QStandardPaths>
#include <QToolButton>
#include <QWheelEvent>

namespace Cachelab {

StageDagView::StageDagView(QWidget *parent)
    : StageDagView(nullptr, parent)
{ }

StageDagView::StageDagView(StageDagScene *scene, QWidget *parent)
    : QGraphicsView(parent)
    , m_scene(scene ? scene : new StageDagScene(this))
    , m_zoomIn(new QAction(tr("Zoom In"), this))
    , m_zoomOut(new QAction(tr("Zoom Out"), this))
    , m_fit(new QAction(tr("Fit to Window"), this))
    , m_fitButton(new QToolButton(this))
{
    setObjectName(QStringLiteral("stageDagView"));
    setScene(m_scene);
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing
                   | QPainter::SmoothPixmapTransform);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    // Rows repaint on their own during live runs; a full-viewport update keeps the edges
    // and text under antialiasing free of seams at fractional zoom levels.
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);

    m_zoomIn->setShortcuts({ QKeySequence::ZoomIn, QKeySequence(Qt::Key_Plus) });
    m_zoomOut->setShortcuts({ QKeySequence::ZoomOut, QKeySequence(Qt::Key_Minus) });
    m_fit->setShortcuts({ QKeySequence(Qt::CTRL | Qt::Key_0), QKeySequence(Qt::Key_F) });
    for (QAction *action : { m_zoomIn, m_zoomOut, m_fit }) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(action);
    }
    connect(m_zoomIn, &QAction::triggered, this, &StageDagView::zoomIn);
    connect(m_zoomOut, &QAction::triggered, this, &StageDagView::zoomOut);
    connect(m_fit, &QAction::triggered, this, &StageDagView::fitToWindow);

    m_fit->setToolTip(tr("Fit the whole graph in the window (F)"));
    // Short: it sits over the graph. The action keeps its full name for menus.
    m_fitButton->setText(tr("Fit"));
    m_fitButton->setToolTip(m_fit->toolTip());
    connect(m_fitButton, &QToolButton::clicked, this, &StageDagView::fitToWindow);
    m_fitButton->setAutoRaise(true);
    m_fitButton->setFocusPolicy(Qt::NoFocus);
    m_fitButton->setCursor(Qt::ArrowCursor);

    connect(m_scene, &StageDagScene::layoutChanged, this, [this] {
        m_autoFit = true;
        if (isVisible())
            fitToWindow();
    });
}

void StageDagView::setDockerfile(const Dockerfile &dockerfile)
{
    m_scene->setDockerfile(dockerfile);
}

void StageDagView::setRun(const BuildRun *run, const RunAnalysis *analysis)
{
    m_scene->setRun(run, analysis);
}

void StageDagView::setComparison(const BuildRun *a, const BuildRun *b, const RunAnalysis *analysisA,
                                 const RunAnalysis *analysisB)
{
    m_scene->setComparison(a, b, analysisA, analysisB);
}

bool StageDagView::selectStep(const StepRef &step)
{
    if (!m_scene->selectStep(step))
        return false;
    ensureVisible(m_scene->stepRect(step), 40, 40);
    return true;
}

qreal StageDagView::zoom() const
{
    return transform().m11();
}

void StageDagView::setZoom(qreal zoom)
{
    zoom = std::clamp(zoom, MinZoom, MaxZoom);
    if (qFuzzyCompare(zoom, this->zoom()))
        return;
    setTransform(QTransform::fromScale(zoom, zoom));
    emit zoomChanged(zoom);
}

void StageDagView::zoomBy(qreal factor)
{
    m_autoFit = false;
    setZoom(zoom() * factor);
}

void StageDagView::zoomIn()
{
    zoomBy(1.25);
}

void StageDagView::zoomOut()
{
    zoomBy(1 / 1.25);
}

void StageDagView::fitToWindow()
{
    m_autoFit = true;
    const QRectF rect = m_scene->sceneRect();
    if (rect.isEmpty())
        return;
    const QSizeF available = viewport()->size();
    const qreal scale = std::min(
        { available.width() / rect.width(), available.height() / rect.height(), MaxFitZoom });
    setZoom(scale);
    centerOn(rect.center());
}

void StageDagView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const int delta = event->angleDelta().y();
        if (delta != 0)
            zoomBy(std::pow(1.25, delta / 120.0));
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

void StageDagView::keyPressEvent(QKeyEvent *event)
{
    // '=' is '+' without Shift on most layouts.
    if (event->key() == Qt::Key_Equal && !(event->modifiers() & ~Qt::ShiftModifier)) {
        zoomIn();
        return;
    }
    QGraphicsView::keyPressEvent(event);
}

void StageDagView::mousePressEvent(QMouseEvent *event)
{
    m_pressPos = event->position().toPoint();
    QGraphicsView::mousePressEvent(event);
}

void StageDagView::mouseReleaseEvent(QMouseEvent *event)
{
    QGraphicsView::mouseReleaseEvent(event);
    // A click, not the end of a drag that panned the view.
    if (event->button() != Qt::LeftButton
        || (event->position().toPoint() - m_pressPos).manhattanLength()
            >= QApplication::startDragDistance())
        return;
    const StepRef step = m_scene->stepAt(mapToScene(event->position().toPoint()));
    if (step.stage < 0)
        return;
    m_scene->selectStep(step);
    emit stepActivated(step);
}

void StageDagView::showEvent(QShowEvent *event)
{
    QGraphicsView::showEvent(event);
    if (m_autoFit)
        fitToWindow();
    placeFitButton();
}

void StageDagView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (m_autoFit)
        fitToWindow();
    placeFitButton();
}

void StageDagView::placeFitButton()
{
    m_fitButton->adjustSize();
    const QRect area = viewport()->geometry();
    m_fitButton->move(area.right() - m_fitButton->width() - 6, area.top() + 6);
    m_fitButton->raise();
}

QString StageDagView::saveReportPicture(const QString &name)
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QStringLiteral("/reports");
    QDir().mkpath(folder);
    const QString png = QStringLiteral("%1/%2-dag.png").arg(folder, name);
    return exportPng(png, 2.0) ? png : QString();
}

bool StageDagView::exportPng(const QString &path, qreal scale, QString *error)
{
    return m_scene->exportPng(path, scale, error);
}

bool StageDagView::exportSvg(const QString &path, QString *error)
{
    return m_scene->exportSvg(path, error);
}

} // namespace Cachelab
