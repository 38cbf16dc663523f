// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/analysis/StepRef.h"

#include <QGraphicsView>

class QAction;
class QToolButton;

namespace Cachelab {

struct BuildRun;
class Dockerfile;
class StageDagScene;
struct RunAnalysis;

// Shows a StageDagScene: zoom with Ctrl+wheel or +/−, pan by dragging, fit to the window
// (F, Ctrl+0, the corner button, and on first show until the user zooms), tooltips on
// steps, and a click on a step selects it and emits stepActivated().
class StageDagView : public QGraphicsView
{
    Q_OBJECT
public:
    explicit StageDagView(QWidget *parent = nullptr); // with a scene of its own
    explicit StageDagView(StageDagScene *scene, QWidget *parent = nullptr);

    StageDagScene *dagScene() const { return m_scene; }

    // Shortcuts for the scene's calls; setDockerfile() also fits the new graph.
    void setDockerfile(const Dockerfile &dockerfile);
    void setRun(const BuildRun *run, const RunAnalysis *analysis = nullptr);
    void setComparison(const BuildRun *a, const BuildRun *b, const RunAnalysis *analysisA = nullptr,
                       const RunAnalysis *analysisB = nullptr);
    // Selects and scrolls to a step (no stepActivated(): that is for the user's clicks).
    bool selectStep(const StepRef &step);

    qreal zoom() const; // 1 = 100 %
    void setZoom(qreal zoom);
    bool isAutoFit() const { return m_autoFit; }

    QAction *zoomInAction() const { return m_zoomIn; }
    QAction *zoomOutAction() const { return m_zoomOut; }
    QAction *fitAction() const { return m_fit; }

    bool exportPng(const QString &path, qreal scale = 2.0, QString *error = nullptr);
    bool exportSvg(const QString &path, QString *error = nullptr);
    // The graph as a PNG for an issue report, named after `name` in the app's data
    // folder (reports/NAME-dag.png); its path, or empty when it cannot be written.
    QString saveReportPicture(const QString &name);

    static constexpr qreal MinZoom = 0.05;
    static constexpr qreal MaxZoom = 4.0;
    // Fitting never enlarges past this: a two-stage graph should not fill the screen.
    static constexpr qreal MaxFitZoom = 1.25;

public Q_SLOTS:
    void zoomIn();
    void zoomOut();
    void fitToWindow();

Q_SIGNALS:
    void stepActivated(Cachelab::StepRef step);
    void zoomChanged(qreal zoom);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void zoomBy(qreal factor);
    void placeFitButton();

    StageDagScene *m_scene;
    QAction *m_zoomIn;
    QAction *m_zoomOut;
    QAction *m_fit;
    QToolButton *m_fitButton;
    QPoint m_pressPos;
    bool m_autoFit = true; // until the user zooms: follow the window's size
};

} // namespace Cachelab
