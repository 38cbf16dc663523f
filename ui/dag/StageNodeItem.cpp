// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dag/StageNodeItem.h"

#include "core/dockerfile/DockerfileStage.h"
#include "ui/dag/StepRowItem.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>

namespace Cachelab {

StageNodeItem::StageNodeItem(const DockerfileStage &stage, bool target,
                             const DagStyle::Metrics *metrics)
    : m_metrics(metrics)
    , m_index(stage.index)
    , m_name(stage.name)
    , m_needed(stage.needed)
    , m_target(target)
    , m_scratch(stage.base.kind == StageBase::Kind::Scratch)
{
    const DagStyle::Metrics &m = *metrics;
    const QFontMetricsF rows(m.font);
    const QFontMetricsF title(m.titleFont);
    const QFontMetricsF small(m.smallFont);

    // As wide as the longest instruction needs, within bounds: long COPY lines are
    // elided rather than making every box as wide as the screen.
    qreal width = m.padding * 3 + title.horizontalAdvance(m_name);
    if (!tagText().isEmpty())
        width += small.horizontalAdvance(tagText()) + m.padding * 3;
    const qreal rowChrome = m.padding * 4 + m.chip * 0.8 + m.chip + m.numberWidth
        + std::max(m.durationWidth, m.chip * 2 + m.padding * 1.6);
    for (const DockerfileStep &step : stage.steps)
        width = std::max(width, rowChrome + rows.horizontalAdvance(rowText(stage, step)));
    width = std::ceil(std::clamp(width, m.minBoxWidth, m.maxBoxWidth));

    // Children paint over their parent: rows stay clear of the frame drawn in paint().
    constexpr qreal inset = 2;
    for (const DockerfileStep &step : stage.steps) {
        auto *row = new StepRowItem(step, rowText(stage, step), metrics, width - 2 * inset, this);
        row->setPos(inset, m.titleHeight + m.rowHeight * m_rows.size());
        m_rows.append(row);
    }
    const qreal body = m.rowHeight * std::max<qsizetype>(1, m_rows.size());
    // Rows are square; the bottom margin keeps them inside the rounded corners.
    m_size = QSizeF(width, std::ceil(m.titleHeight + body + m.radius));

    if (!m_needed)
        setOpacity(0.5);
}

QString StageNodeItem::rowText(const DockerfileStage &stage, const DockerfileStep &step)
{
    if (step.kind != DockerfileStep::Kind::From || step.onbuildTrigger
        || stage.base.kind != StageBase::Kind::Image)
        return step.text;
    if (!stage.platform.isEmpty())
        return QStringLiteral("FROM --platform=%1 %2").arg(stage.platform, stage.base.ref);
    return QStringLiteral("FROM ") + stage.base.ref;
}

QString StageNodeItem::tagText() const
{
    if (m_target)
        return QCoreApplication::translate("Cachelab::StageNodeItem", "target");
    if (!m_needed)
        return QCoreApplication::translate("Cachelab::StageNodeItem", "not needed");
    if (m_scratch)
        return QStringLiteral("FROM scratch");
    return {};
}

QRectF StageNodeItem::boundingRect() const
{
    return QRectF(QPointF(0, 0), m_size).adjusted(-1, -1, 1, 1);
}

void StageNodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QPalette palette = scene() ? scene()->palette() : QPalette();
    const DagStyle::Metrics &m = *m_metrics;
    const QRectF box(QPointF(0, 0), m_size);
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath outline;
    outline.addRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), m.radius, m.radius);
    painter->fillPath(outline, base);
    // The title bar: the top of the rounded box, down to the first row.
    painter->save();
    painter->setClipPath(outline);
    painter->fillRect(QRectF(0, 0, box.width(), m.titleHeight),
                      DagStyle::blend(base, text, m_target ? 0.16 : 0.09));
    painter->restore();

    painter->setFont(m.titleFont);
    painter->setPen(text);
    const QString tag = tagText();
    const QFontMetricsF small(m.smallFont);
    const qreal tagWidth = tag.isEmpty() ? 0 : small.horizontalAdvance(tag) + m.padding * 2;
    const QRectF titleRect(m.padding * 1.5, 0, box.width() - m.padding * 3 - tagWidth,
                           m.titleHeight);
    painter->drawText(
        titleRect, Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetricsF(m.titleFont).elidedText(m_name, Qt::ElideRight, titleRect.width()));
    if (!tag.isEmpty()) {
        const qreal tagHeight = small.height() + 4;
        const QRectF pill(box.width() - m.padding - tagWidth, (m.titleHeight - tagHeight) / 2,
                          tagWidth, tagHeight);
        painter->setPen(QPen(DagStyle::frameColor(palette), 1));
        painter->setBrush(m_target ? text : base);
        painter->drawRoundedRect(pill, tagHeight / 2, tagHeight / 2);
        painter->setFont(m.smallFont);
        painter->setPen(m_target ? base : text);
        painter->drawText(pill, Qt::AlignCenter, tag);
    }

    if (m_rows.isEmpty()) {
        painter->setFont(m.font);
        painter->setPen(DagStyle::blend(base, text, 0.6));
        painter->drawText(
            QRectF(m.padding * 1.5, m.titleHeight, box.width(), m.rowHeight),
            Qt::AlignLeft | Qt::AlignVCenter,
            QCoreApplication::translate("Cachelab::StageNodeItem", "no steps of its own"));
    }

    // The target's is heavier; a stage the
    // target does not need gets a dashed one (it also reads as "not built" in grey-scale).
    QPen frame(DagStyle::frameColor(palette), m_target ? 2.0 : 1.2);
    if (!m_needed)
        frame.setStyle(Qt::DashLine);
    painter->setPen(frame);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(outline);
    painter->restore();
}

} // namespace Cachelab
