// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dag/DagLegendItem.h"

#include "core/dockerfile/DockerfileStage.h"
#include "ui/dag/DagEdgeItem.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QPainter>
#include <QPalette>

namespace Cachelab {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Cachelab::DagLegendItem", text);
}

// Names of recordings are long; the legend must not become the widest thing in the scene.
constexpr qreal MaxTextEms = 26;
} // namespace

DagLegendItem::DagLegendItem(const DagStyle::Metrics *metrics)
    : m_metrics(metrics)
{
    setZValue(1);
    rebuild();
}

void DagLegendItem::setRuns(const QString &nameA, const QString &summaryA, const QString &nameB,
                            const QString &summaryB)
{
    if (nameA == m_nameA && summaryA == m_summaryA && nameB == m_nameB && summaryB == m_summaryB)
        return;
    m_nameA = nameA;
    m_summaryA = summaryA;
    m_nameB = nameB;
    m_summaryB = summaryB;
    rebuild();
}

void DagLegendItem::rebuild()
{
    prepareGeometryChange();
    m_lines.clear();
    if (m_nameA.isEmpty()) {
        m_lines.append({ Kind::Heading, tr("No run selected") });
    } else if (m_nameB.isEmpty()) {
        m_lines.append({ Kind::Heading, tr("Run") });
        m_lines.append({ Kind::Text, m_nameA });
        m_lines.append({ Kind::Note, m_summaryA });
    } else {
        m_lines.append({ Kind::Heading, tr("A (left half of a row)") });
        m_lines.append({ Kind::Text, m_nameA });
        m_lines.append({ Kind::Note, m_summaryA });
        m_lines.append({ Kind::Heading, tr("B (right half)") });
        m_lines.append({ Kind::Text, m_nameB });
        m_lines.append({ Kind::Note, m_summaryB });
        m_lines.append({ Kind::Differs, tr("A and B differ") });
    }
    m_lines.append({ Kind::Heading, tr("Steps") });
    for (StepState state :
         { StepState::Ran, StepState::Cached, StepState::Loaded, StepState::Failed,
           StepState::Running, StepState::Canceled, StepState::NotRun })
        m_lines.append({ Kind::State, stepStateWords(state), int(state) });
    m_lines.append({ Kind::Unexpected, tr("unexpected rebuild") });
    m_lines.append({ Kind::Heading, tr("Stages use") });
    m_lines.append({ Kind::Edge, QStringLiteral("FROM"), int(StageDependency::Via::From) });
    m_lines.append(
        { Kind::Edge, QStringLiteral("COPY --from"), int(StageDependency::Via::CopyFrom) });
    m_lines.append(
        { Kind::Edge, QStringLiteral("RUN --mount from="), int(StageDependency::Via::RunMount) });
    m_lines.append({ Kind::NotNeeded, tr("not needed by the target") });

    const DagStyle::Metrics &m = *m_metrics;
    const QFontMetricsF rows(m.font);
    const QFontMetricsF heading(m.titleFont);
    qreal width = 0;
    for (const Line &line : std::as_const(m_lines)) {
        switch (line.kind) {
        case Kind::Heading:
            width = std::max(width, heading.horizontalAdvance(line.text));
            break;
        case Kind::Text:
        case Kind::Note:
            width = std::max(width, rows.horizontalAdvance(line.text));
            break;
        default:
            width = std::max(width, m.chip * 2.6 + m.padding + rows.horizontalAdvance(line.text));
            break;
        }
    }
    width = std::min(width, rows.horizontalAdvance(QLatin1Char('M')) * MaxTextEms);
    m_size = QSizeF(std::ceil(width + m.padding * 4),
                    std::ceil(m_lines.size() * m.rowHeight + m.padding * 2));
    update();
}

QStringList DagLegendItem::lines() const
{
    QStringList texts;
    for (const Line &line : m_lines)
        texts.append(line.text);
    return texts;
}

QRectF DagLegendItem::boundingRect() const
{
    return QRectF(QPointF(0, 0), m_size).adjusted(-1, -1, 1, 1);
}

void DagLegendItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QPalette palette = scene() ? scene()->palette() : QPalette();
    const DagStyle::Metrics &m = *m_metrics;
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    const QColor dim = DagStyle::blend(base, text, 0.62);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(DagStyle::frameColor(palette), 1));
    painter->setBrush(DagStyle::blend(base, text, 0.03));
    painter->drawRoundedRect(QRectF(QPointF(0, 0), m_size).adjusted(0.5, 0.5, -0.5, -0.5), m.radius,
                             m.radius);

    const qreal left = m.padding * 2;
    const qreal textWidth = m_size.width() - m.padding * 4;
    const qreal iconWidth = m.chip * 2.6;
    qreal y = m.padding;
    for (const Line &line : m_lines) {
        const QRectF row(left, y, textWidth, m.rowHeight);
        const QRectF icon(left, y, iconWidth, m.rowHeight);
        const QRectF label(left + iconWidth + m.padding, y, textWidth - iconWidth - m.padding,
                           m.rowHeight);
        const QRectF chip(left + (iconWidth - m.chip) / 2, y + (m.rowHeight - m.chip) / 2, m.chip,
                          m.chip);
        bool iconRow = true;
        switch (line.kind) {
        case Kind::Heading:
            iconRow = false;
            painter->setFont(m.titleFont);
            painter->setPen(text);
            painter->drawText(
                row, Qt::AlignLeft | Qt::AlignBottom,
                QFontMetricsF(m.titleFont).elidedText(line.text, Qt::ElideRight, row.width()));
            break;
        case Kind::Text:
        case Kind::Note:
            iconRow = false;
            painter->setFont(m.font);
            painter->setPen(line.kind == Kind::Text ? text : dim);
            painter->drawText(
                row, Qt::AlignLeft | Qt::AlignVCenter,
                QFontMetricsF(m.font).elidedText(line.text, Qt::ElideMiddle, row.width()));
            break;
        case Kind::State: {
            const auto state = StepState(line.value);
            painter->fillRect(icon.adjusted(0, 2, 0, -2), DagStyle::rowTint(state, palette));
            DagStyle::paintChip(painter, chip, state, palette);
            break;
        }
        case Kind::Unexpected: {
            QPen pen(DagStyle::unexpectedColor(), 2.5, Qt::CustomDashLine);
            pen.setDashPattern({ 2.5, 1.5 });
            painter->setPen(pen);
            painter->setBrush(Qt::NoBrush);
            painter->drawRect(icon.adjusted(1.5, 3, -1.5, -3));
            break;
        }
        case Kind::Differs: {
            painter->setPen(Qt::NoPen);
            painter->setBrush(DagStyle::differsColor(palette));
            painter->drawRoundedRect(chip, m.chip * 0.22, m.chip * 0.22);
            painter->setPen(QPen(base, std::max(1.2, m.chip * 0.1), Qt::SolidLine, Qt::RoundCap));
            const qreal w = chip.width();
            auto at = [&chip, w](qreal fx, qreal fy) {
                return QPointF(chip.left() + fx * w, chip.top() + fy * w);
            };
            painter->drawLine(at(0.24, 0.4), at(0.76, 0.4));
            painter->drawLine(at(0.24, 0.62), at(0.76, 0.62));
            painter->drawLine(at(0.62, 0.2), at(0.38, 0.82));
            break;
        }
        case Kind::Edge: {
            const auto via = StageDependency::Via(line.value);
            const QColor color = DagStyle::edgeColor(palette);
            const QPointF from(icon.left() + 1, icon.center().y());
            const QPointF tip(icon.right() - 1, icon.center().y());
            painter->setPen(DagEdgeItem::pen(via, color));
            painter->drawLine(from, tip);
            DagEdgeItem::paintHead(painter, via, tip, from, m.chip * 0.75, color, base);
            break;
        }
        case Kind::NotNeeded: {
            QPen pen(DagStyle::frameColor(palette), 1.2, Qt::DashLine);
            painter->setOpacity(0.5);
            painter->setPen(pen);
            painter->setBrush(base);
            painter->drawRoundedRect(icon.adjusted(1, 3, -1, -3), 3, 3);
            painter->setOpacity(1.0);
            break;
        }
        }
        if (iconRow) {
            painter->setFont(m.font);
            painter->setPen(text);
            painter->drawText(
                label, Qt::AlignLeft | Qt::AlignVCenter,
                QFontMetricsF(m.font).elidedText(line.text, Qt::ElideRight, label.width()));
        }
        y += m.rowHeight;
    }
    painter->restore();
}

} // namespace Cachelab
