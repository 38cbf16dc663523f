// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dag/DagStyle.h"

#include <algorithm>
#include <cmath>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>

namespace Cachelab {

namespace {
qreal relativeLuminance(const QColor &color)
{
    auto channel = [](qreal c) {
        return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF());
}
} // namespace

DagStyle::Metrics DagStyle::Metrics::forFont(const QFont &font)
{
    Metrics metrics;
    metrics.font = font;
    metrics.titleFont = font;
    metrics.titleFont.setBold(true);
    metrics.smallFont = font;
    metrics.smallFont.setPointSizeF(font.pointSizeF() > 0 ? font.pointSizeF() * 0.85
                                                          : font.pixelSize() * 0.85 * 0.75);
    const QFontMetricsF rows(font);
    const QFontMetricsF title(metrics.titleFont);
    metrics.rowHeight = std::ceil(rows.height() * 1.38);
    metrics.chip = std::round(rows.height() * 0.95);
    metrics.padding = std::round(rows.height() * 0.4);
    metrics.titleHeight = std::ceil(title.height() * 1.75);
    metrics.numberWidth = rows.horizontalAdvance(QStringLiteral("10/10"));
    metrics.durationWidth = rows.horizontalAdvance(QStringLiteral("888.8 s"));
    metrics.minBoxWidth = rows.averageCharWidth() * 30;
    metrics.maxBoxWidth = rows.averageCharWidth() * 62;
    metrics.radius = std::round(rows.height() * 0.4);
    return metrics;
}

QColor DagStyle::stateColor(StepState state)
{
    switch (state) {
    case StepState::NoRun:
    case StepState::NotNeeded:
    case StepState::NotRun:
        break;
    case StepState::Running:
        return QColor(0xF0, 0xE4, 0x42); // yellow
    case StepState::Ran:
        return QColor(0xE6, 0x9F, 0x00); // orange
    case StepState::Cached:
        return QColor(0x00, 0x9E, 0x73); // bluish green
    case StepState::Loaded:
        return QColor(0x56, 0xB4, 0xE9); // sky blue
    case StepState::Failed:
        return QColor(0xD5, 0x5E, 0x00); // vermillion
    case StepState::Canceled:
        return QColor(0x99, 0x99, 0x99); // neutral grey: nothing went wrong in the step
    }
    return {};
}

bool DagStyle::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < palette.color(QPalette::Text).lightness();
}

QColor DagStyle::blend(const QColor &from, const QColor &to, qreal amount)
{
    const qreal keep = 1.0 - amount;
    return QColor::fromRgbF(float(from.redF() * keep + to.redF() * amount),
                            float(from.greenF() * keep + to.greenF() * amount),
                            float(from.blueF() * keep + to.blueF() * amount));
}

QColor DagStyle::rowTint(StepState state, const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Base);
    const QColor color = stateColor(state);
    if (!color.isValid())
        return base;
    // Dark themes need a stronger tint to show at all; light ones a weaker one to keep
    // the text's contrast.
    return blend(base, color, isDark(palette) ? 0.42 : 0.32);
}

QColor DagStyle::glyphColor(StepState state, const QPalette &palette)
{
    const QColor color = stateColor(state);
    if (!color.isValid())
        return blend(palette.color(QPalette::Base), palette.color(QPalette::Text), 0.7);
    // Black or white, whichever contrasts more with the chip (WCAG contrast ratio).
    const qreal luminance = relativeLuminance(color);
    return (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) ? QColor(Qt::black)
                                                                  : QColor(Qt::white);
}

QColor DagStyle::differsColor(const QPalette &palette)
{
    return palette.color(QPalette::Text);
}

QColor DagStyle::edgeColor(const QPalette &palette)
{
    return blend(palette.color(QPalette::Base), palette.color(QPalette::Text), 0.7);
}

QColor DagStyle::frameColor(const QPalette &palette)
{
    return blend(palette.color(QPalette::Base), palette.color(QPalette::Text), 0.45);
}

void DagStyle::paintChip(QPainter *painter, const QRectF &rect, StepState state,
                         const QPalette &palette)
{
    if (!stepStateHasGlyph(state))
        return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QColor fill = stateColor(state);
    const qreal radius = rect.width() * 0.22;
    if (fill.isValid()) {
        painter->setPen(QPen(blend(fill, Qt::black, 0.25), 0.8));
        painter->setBrush(fill);
    } else {
        painter->setPen(QPen(frameColor(palette), 1.0));
        painter->setBrush(Qt::NoBrush);
    }
    painter->drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);

    const QColor ink = glyphColor(state, palette);
    const qreal w = rect.width();
    auto at = [&rect, w](qreal x, qreal y) {
        return QPointF(rect.left() + x * w, rect.top() + y * rect.height());
    };
    QPen stroke(ink, std::max(1.2, w * 0.13), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    switch (state) {
    case StepState::NoRun:
    case StepState::NotNeeded:
        break;
    case StepState::NotRun: // ○
        painter->setPen(QPen(ink, std::max(1.0, w * 0.1)));
        painter->setBrush(Qt::NoBrush);
        painter->drawEllipse(rect.center(), w * 0.27, w * 0.27);
        break;
    case StepState::Running: { // ▶
        painter->setPen(Qt::NoPen);
        painter->setBrush(ink);
        const QPointF triangle[] = { at(0.32, 0.22), at(0.32, 0.78), at(0.8, 0.5) };
        painter->drawPolygon(triangle, 3);
        break;
    }
    case StepState::Ran: // ●
        painter->setPen(Qt::NoPen);
        painter->setBrush(ink);
        painter->drawEllipse(rect.center(), w * 0.27, w * 0.27);
        break;
    case StepState::Cached: { // ✓
        painter->setPen(stroke);
        painter->setBrush(Qt::NoBrush);
        const QPointF check[] = { at(0.22, 0.52), at(0.42, 0.72), at(0.78, 0.28) };
        painter->drawPolyline(check, 3);
        break;
    }
    case StepState::Loaded: { // ⬇
        painter->setPen(stroke);
        painter->drawLine(at(0.5, 0.2), at(0.5, 0.55));
        painter->setPen(Qt::NoPen);
        painter->setBrush(ink);
        const QPointF head[] = { at(0.22, 0.5), at(0.78, 0.5), at(0.5, 0.84) };
        painter->drawPolygon(head, 3);
        break;
    }
    case StepState::Failed: // ✗
        painter->setPen(stroke);
        painter->drawLine(at(0.28, 0.28), at(0.72, 0.72));
        painter->drawLine(at(0.72, 0.28), at(0.28, 0.72));
        break;
    case StepState::Canceled: // ⊘
        painter->setPen(QPen(ink, std::max(1.1, w * 0.1)));
        painter->setBrush(Qt::NoBrush);
        painter->drawEllipse(rect.center(), w * 0.3, w * 0.3);
        painter->drawLine(at(0.71, 0.29), at(0.29, 0.71));
        break;
    }
    painter->restore();
}

} // namespace Cachelab
