// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dag/StepRowItem.h"

#include "core/dockerfile/DockerfileStep.h"

#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QPainter>
#include <QPalette>

namespace Cachelab {

StepRowItem::StepRowItem(const DockerfileStep &step, const QString &text,
                         const DagStyle::Metrics *metrics, qreal width, QGraphicsItem *parent)
    : QGraphicsItem(parent)
    , m_metrics(metrics)
    , m_step { step.stage, step.number }
    , m_number(QStringLiteral("%1/%2").arg(step.number).arg(step.total))
    , m_text(text)
    // A COPY's source and destination both matter: keep both ends of a long one.
    , m_elide(step.kind == DockerfileStep::Kind::Copy || step.kind == DockerfileStep::Kind::Add
                  ? Qt::ElideMiddle
                  : Qt::ElideRight)
    , m_width(width)
{
    setAcceptHoverEvents(true);
}

bool StepRowItem::setState(Side side, StepState state, qreal seconds)
{
    StepState &current = side == A ? m_stateA : m_stateB;
    qreal &currentSeconds = side == A ? m_secondsA : m_secondsB;
    if (current == state && currentSeconds == seconds)
        return false;
    current = state;
    currentSeconds = seconds;
    update();
    return true;
}

void StepRowItem::setCompare(bool compare)
{
    if (m_compare == compare)
        return;
    m_compare = compare;
    update();
}

void StepRowItem::setUnexpected(bool unexpected)
{
    if (m_unexpected == unexpected)
        return;
    m_unexpected = unexpected;
    update();
}

void StepRowItem::setCurrent(bool current)
{
    if (m_current == current)
        return;
    m_current = current;
    update();
}

QRectF StepRowItem::boundingRect() const
{
    return QRectF(0, 0, m_width, m_metrics->rowHeight);
}

QString StepRowItem::elidedText(const QFontMetricsF &metrics, qreal width) const
{
    if (metrics.horizontalAdvance(m_text) <= width)
        return m_text;
    if (m_elide == Qt::ElideMiddle) {
        // The end of "COPY --from=x --chown=y ": the keyword and every flag after it.
        qsizetype end = m_text.indexOf(QLatin1Char(' '));
        while (end >= 0 && m_text.mid(end + 1).startsWith(QLatin1String("--"))) {
            const qsizetype next = m_text.indexOf(QLatin1Char(' '), end + 1);
            if (next < 0)
                break;
            end = next;
        }
        if (end > 0) {
            const QString head = m_text.left(end + 1);
            const qreal headWidth = metrics.horizontalAdvance(head);
            if (headWidth < width * 0.7)
                return head
                    + metrics.elidedText(m_text.mid(end + 1), Qt::ElideMiddle, width - headWidth);
        }
    }
    return metrics.elidedText(m_text, Qt::ElideRight, width);
}

QString StepRowItem::formatSeconds(qreal seconds)
{
    if (seconds < 0)
        return {};
    if (seconds < 10)
        return QStringLiteral("%1 s").arg(seconds, 0, 'f', 1);
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(qRound(seconds));
    const int whole = qRound(seconds);
    return QStringLiteral("%1 min %2 s").arg(whole / 60).arg(whole % 60, 2, 10, QLatin1Char('0'));
}

void StepRowItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QPalette palette = scene() ? scene()->palette() : QPalette();
    const DagStyle::Metrics &m = *m_metrics;
    const QRectF row = boundingRect();
    const qreal pad = m.padding;

    // Background: the state's tint, or two half-rows in compare mode.
    if (m_compare) {
        const QRectF left(row.left(), row.top(), row.width() / 2, row.height());
        const QRectF right(left.right(), row.top(), row.width() - left.width(), row.height());
        painter->fillRect(left, DagStyle::rowTint(m_stateA, palette));
        painter->fillRect(right, DagStyle::rowTint(m_stateB, palette));
        if (stepStateHasGlyph(m_stateA) || stepStateHasGlyph(m_stateB)) {
            painter->setPen(QPen(DagStyle::frameColor(palette), 1, Qt::DotLine));
            painter->drawLine(QPointF(left.right(), row.top()),
                              QPointF(left.right(), row.bottom()));
        }
    } else {
        painter->fillRect(row, DagStyle::rowTint(m_stateA, palette));
    }
    if (m_hovered) {
        QColor hover = palette.color(QPalette::Text);
        hover.setAlphaF(0.08f);
        painter->fillRect(row, hover);
    }
    painter->setPen(QPen(
        DagStyle::blend(palette.color(QPalette::Base), palette.color(QPalette::Text), 0.12), 1));
    painter->drawLine(row.bottomLeft() + QPointF(0, -0.5), row.bottomRight() + QPointF(0, -0.5));

    const qreal chipTop = (row.height() - m.chip) / 2;
    qreal x = pad;
    DagStyle::paintChip(painter, QRectF(x, chipTop, m.chip, m.chip), m_stateA, palette);
    x += m.chip + pad * 0.8;

    const bool dim = m_stateA == StepState::NotRun || m_stateA == StepState::NotNeeded;
    const QColor text = palette.color(QPalette::Text);
    const QColor dimText = DagStyle::blend(palette.color(QPalette::Base), text, 0.62);

    painter->setFont(m.font);
    painter->setPen(dimText);
    painter->drawText(QRectF(x, 0, m.numberWidth, row.height()), Qt::AlignRight | Qt::AlignVCenter,
                      m_number);
    x += m.numberWidth + pad;

    qreal right = row.width() - pad;
    if (m_compare) {
        right -= m.chip;
        DagStyle::paintChip(painter, QRectF(right, chipTop, m.chip, m.chip), m_stateB, palette);
        right -= pad * 0.8;
        if (differs()) {
            // "≠" in a badge of the text colour: the rows to look at when comparing.
            const QRectF badge(right - m.chip, chipTop, m.chip, m.chip);
            painter->save();
            painter->setRenderHint(QPainter::Antialiasing);
            painter->setPen(Qt::NoPen);
            painter->setBrush(DagStyle::differsColor(palette));
            painter->drawRoundedRect(badge, m.chip * 0.22, m.chip * 0.22);
            painter->setPen(QPen(palette.color(QPalette::Base), std::max(1.2, m.chip * 0.1),
                                 Qt::SolidLine, Qt::RoundCap));
            const qreal w = badge.width();
            auto at = [&badge, w](qreal fx, qreal fy) {
                return QPointF(badge.left() + fx * w, badge.top() + fy * w);
            };
            painter->drawLine(at(0.24, 0.4), at(0.76, 0.4));
            painter->drawLine(at(0.24, 0.62), at(0.76, 0.62));
            painter->drawLine(at(0.62, 0.2), at(0.38, 0.82));
            painter->restore();
        }
        right -= m.chip + pad;
    } else {
        const QString duration = formatSeconds(m_secondsA);
        if (!duration.isEmpty()) {
            painter->setPen(dimText);
            painter->drawText(QRectF(right - m.durationWidth, 0, m.durationWidth, row.height()),
                              Qt::AlignRight | Qt::AlignVCenter, duration);
        }
        right -= m.durationWidth + pad;
    }

    const QFontMetricsF metrics(m.font);
    painter->setPen(dim ? dimText : text);
    painter->drawText(QRectF(x, 0, std::max(0.0, right - x), row.height()),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      elidedText(metrics, std::max(0.0, right - x)));

    if (m_unexpected || m_current) {
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setBrush(Qt::NoBrush);
        if (m_unexpected) {
            QPen pen(DagStyle::unexpectedColor(), 2.5, Qt::CustomDashLine);
            pen.setDashPattern({ 2.5, 1.5 });
            painter->setPen(pen);
            painter->drawRect(row.adjusted(1.25, 1.25, -1.25, -1.25));
        }
        if (m_current) {
            painter->setPen(QPen(palette.color(QPalette::Highlight), 2.0));
            const qreal inset = m_unexpected ? 3.5 : 1.0;
            painter->drawRect(row.adjusted(inset, inset, -inset, -inset));
        }
        painter->restore();
    }
}

void StepRowItem::hoverEnterEvent(QGraphicsSceneHoverEvent *)
{
    m_hovered = true;
    update();
}

void StepRowItem::hoverLeaveEvent(QGraphicsSceneHoverEvent *)
{
    m_hovered = false;
    update();
}

} // namespace Cachelab
