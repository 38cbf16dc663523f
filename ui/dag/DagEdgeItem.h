// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/dockerfile/DockerfileStage.h"
#include "ui/dag/DagStyle.h"

#include <QGraphicsItem>
#include <QPainterPath>

namespace Cachelab {

// A dependency between nodes, drawn along Graphviz's spline towards the stage that uses
// it. Each kind has a line style and an arrow head of its own: FROM solid with a filled
// head, COPY --from dashed with an open head, RUN --mount from= dotted with a diamond.
// COPY and mount edges carry a small label ("COPY ×2").
class DagEdgeItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 4
    };

    DagEdgeItem(StageDependency::Via via, int count, const DagStyle::Metrics *metrics);

    int type() const override { return Type; }
    StageDependency::Via via() const { return m_via; }
    QString label() const { return m_label; }
    // Start point, then (control, control, end) triples, in scene coordinates.
    void setSpline(const QList<QPointF> &points);
    QPainterPath path() const { return m_path; }
    void setFaded(bool faded);

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    // The pen and head for a kind of edge, also for the legend's samples.
    static QPen pen(StageDependency::Via via, const QColor &color);
    static void paintHead(QPainter *painter, StageDependency::Via via, const QPointF &tip,
                          const QPointF &from, qreal size, const QColor &color,
                          const QColor &background);

private:
    QRectF labelRect() const;

    const DagStyle::Metrics *m_metrics;
    StageDependency::Via m_via;
    QString m_label;
    QPainterPath m_path;
    QPointF m_tip;
    QPointF m_beforeTip; // where the last piece comes from: the head's direction
    QPointF m_labelCentre;
};

} // namespace Cachelab
