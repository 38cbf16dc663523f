// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dag/ImageNodeItem.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QPainter>
#include <QPalette>

namespace Cachelab {

ImageNodeItem::ImageNodeItem(const QString &label, const QString &key,
                             const DagStyle::Metrics *metrics)
    : m_metrics(metrics)
    , m_label(label)
    , m_key(key)
{
    const DagStyle::Metrics &m = *metrics;
    const qreal width = m.padding * 4 + QFontMetricsF(m.smallFont).horizontalAdvance(caption())
        + QFontMetricsF(m.titleFont).horizontalAdvance(label);
    m_size = QSizeF(std::ceil(std::min(width, m.maxBoxWidth)), std::ceil(m.rowHeight * 1.5));
    setToolTip(key);
}

QString ImageNodeItem::caption() const
{
    return QCoreApplication::translate("Cachelab::ImageNodeItem", "image");
}

void ImageNodeItem::setNeeded(bool needed)
{
    m_needed = needed;
    setOpacity(needed ? 1.0 : 0.5);
}

QRectF ImageNodeItem::boundingRect() const
{
    return QRectF(QPointF(0, 0), m_size).adjusted(-1, -1, 1, 1);
}

void ImageNodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QPalette palette = scene() ? scene()->palette() : QPalette();
    const DagStyle::Metrics &m = *m_metrics;
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    const QRectF box = QRectF(QPointF(0, 0), m_size).adjusted(0.5, 0.5, -0.5, -0.5);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    // Rounder than a stage box: it has no steps, it is pulled, not built.
    painter->setPen(QPen(DagStyle::frameColor(palette), 1.2));
    painter->setBrush(DagStyle::blend(base, text, 0.05));
    painter->drawRoundedRect(box, box.height() / 2, box.height() / 2);

    const QString caption = this->caption();
    const qreal captionWidth = QFontMetricsF(m.smallFont).horizontalAdvance(caption);
    painter->setFont(m.smallFont);
    painter->setPen(DagStyle::blend(base, text, 0.6));
    painter->drawText(QRectF(m.padding * 1.8, 0, captionWidth, m_size.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, caption);
    const qreal x = m.padding * 2.4 + captionWidth;
    const qreal available = m_size.width() - x - m.padding * 1.6;
    painter->setFont(m.titleFont);
    painter->setPen(text);
    painter->drawText(QRectF(x, 0, available, m_size.height()), Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetricsF(m.titleFont).elidedText(m_label, Qt::ElideMiddle, available));
    painter->restore();
}

} // namespace Cachelab
