// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dag/DagEdgeItem.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QLineF>
#include <QPainter>
#include <QPainterPathStroker>
#include <QPalette>

namespace Cachelab {

DagEdgeItem::DagEdgeItem(StageDependency::Via via, int count, const DagStyle::Metrics *metrics)
    : m_metrics(metrics)
    , m_via(via)
{
    switch (via) {
    case StageDependency::Via::From:
        break; // the common case: solid lines need no words
    case StageDependency::Via::CopyFrom:
        m_label = QStringLiteral("COPY");
        break;
    case StageDependency::Via::RunMount:
        m_label = QStringLiteral("mount");
        break;
    }
    if (!m_label.isEmpty() && count > 1)
        m_label += QStringLiteral(" \u00D7%1").arg(count);
    // Under the nodes: an edge that crosses a box must not hide its rows.
    setZValue(-1);
}

void DagEdgeItem::setSpline(const QList<QPointF> &points)
{
    prepareGeometryChange();
    m_path = QPainterPath();
    if (points.isEmpty())
        return;
    m_path.moveTo(points.first());
    for (int i = 1; i + 2 < points.size(); i += 3)
        m_path.cubicTo(points.at(i), points.at(i + 1), points.at(i + 2));
    m_tip = points.last();
    // The last control point gives the direction at the end, unless it sits on the end.
    m_beforeTip = points.size() >= 2 ? points.at(points.size() - 2) : m_tip;
    if (QLineF(m_beforeTip, m_tip).length() < 1)
        m_beforeTip = m_path.pointAtPercent(0.9);
    m_labelCentre = m_path.pointAtPercent(0.5);
}

void DagEdgeItem::setFaded(bool faded)
{
    setOpacity(faded ? 0.45 : 1.0);
}

QPen DagEdgeItem::pen(StageDependency::Via via, const QColor &color)
{
    QPen pen(color, 1.6, Qt::SolidLine, Qt::FlatCap, Qt::RoundJoin);
    switch (via) {
    case StageDependency::Via::From:
        break;
    case StageDependency::Via::CopyFrom:
        pen.setStyle(Qt::CustomDashLine);
        pen.setDashPattern({ 5, 3 });
        break;
    case StageDependency::Via::RunMount:
        pen.setCapStyle(Qt::RoundCap);
        pen.setWidthF(2.0);
        pen.setStyle(Qt::CustomDashLine);
        pen.setDashPattern({ 0.01, 2.2 });
        break;
    }
    return pen;
}

void DagEdgeItem::paintHead(QPainter *painter, StageDependency::Via via, const QPointF &tip,
                            const QPointF &from, qreal size, const QColor &color,
                            const QColor &background)
{
    QLineF axis(tip, from);
    if (axis.length() < 0.001)
        return;
    axis.setLength(1);
    const QPointF back = axis.p2() - axis.p1(); // unit vector from the tip backwards
    const QPointF side(-back.y(), back.x());
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(color, 1.3, Qt::SolidLine, Qt::RoundCap, Qt::MiterJoin));
    switch (via) {
    case StageDependency::Via::From: {
        const QPointF head[] = { tip, tip + back * size + side * size * 0.42,
                                 tip + back * size - side * size * 0.42 };
        painter->setBrush(color);
        painter->drawPolygon(head, 3);
        break;
    }
    case StageDependency::Via::CopyFrom: {
        const QPointF head[] = { tip, tip + back * size + side * size * 0.45,
                                 tip + back * size - side * size * 0.45 };
        painter->setBrush(background);
        painter->drawPolygon(head, 3);
        break;
    }
    case StageDependency::Via::RunMount: {
        const QPointF head[]
            = { tip, tip + back * size * 0.55 + side * size * 0.38, tip + back * size * 1.1,
                tip + back * size * 0.55 - side * size * 0.38 };
        painter->setBrush(background);
        painter->drawPolygon(head, 4);
        break;
    }
    }
    painter->restore();
}

QRectF DagEdgeItem::labelRect() const
{
    if (m_label.isEmpty())
        return {};
    const QFontMetricsF metrics(m_metrics->smallFont);
    const QSizeF size(metrics.horizontalAdvance(m_label) + m_metrics->padding * 1.4,
                      metrics.height() + 2);
    return QRectF(m_labelCentre - QPointF(size.width() / 2, size.height() / 2), size);
}

QRectF DagEdgeItem::boundingRect() const
{
    const qreal margin = m_metrics->chip + 2;
    return m_path.boundingRect().adjusted(-margin, -margin, margin, margin).united(labelRect());
}

QPainterPath DagEdgeItem::shape() const
{
    // Easy to hover (for the tooltip) without covering the nodes around it.
    QPainterPathStroker stroker;
    stroker.setWidth(8);
    QPainterPath shape = stroker.createStroke(m_path);
    if (!m_label.isEmpty())
        shape.addRect(labelRect());
    return shape;
}

void DagEdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QPalette palette = scene() ? scene()->palette() : QPalette();
    const QColor color = DagStyle::edgeColor(palette);
    const QColor base = palette.color(QPalette::Base);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(pen(m_via, color));
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(m_path);
    paintHead(painter, m_via, m_tip, m_beforeTip, m_metrics->chip * 0.75, color, base);
    if (!m_label.isEmpty()) {
        const QRectF rect = labelRect();
        painter->setPen(QPen(color, 1));
        painter->setBrush(base);
        painter->drawRoundedRect(rect, rect.height() / 2, rect.height() / 2);
        painter->setFont(m_metrics->smallFont);
        painter->setPen(palette.color(QPalette::Text));
        painter->drawText(rect, Qt::AlignCenter, m_label);
    }
    painter->restore();
}

} // namespace Cachelab
