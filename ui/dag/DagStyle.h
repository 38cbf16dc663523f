// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/dag/StepState.h"

#include <QColor>
#include <QFont>

class QPainter;
class QPalette;
class QRectF;

namespace Cachelab {

// The DAG's colours and state glyphs. State colours are the Okabe–Ito palette (safe for
// the common colour-vision deficiencies) and every state also has a glyph of its own, so
// a grey-scale screenshot still reads. Rows take a tint of the colour blended into the
// palette's base colour, so the text keeps the palette's own contrast in light and dark
// themes alike.
class DagStyle
{
public:
    // Sizes derived from the scene's font, so that boxes fit their text at any font size.
    struct Metrics
    {
        QFont font; // step rows
        QFont titleFont; // stage names
        QFont smallFont; // tags, edge labels, the legend's notes
        qreal rowHeight = 20;
        qreal chip = 14; // state glyph square
        qreal padding = 6;
        qreal titleHeight = 28;
        qreal numberWidth = 30; // room for "10/10"
        qreal durationWidth = 44; // room for "888.8 s"
        qreal minBoxWidth = 200;
        qreal maxBoxWidth = 380;
        qreal radius = 6;

        static Metrics forFont(const QFont &font);
    };

    static QColor stateColor(StepState state); // invalid for the neutral states
    static QColor rowTint(StepState state, const QPalette &palette);
    static QColor glyphColor(StepState state, const QPalette &palette);
    // "Unexpected rebuild" outlines (Explain) and the compare-mode "differs" marker.
    static QColor unexpectedColor() { return QColor(0xCC, 0x79, 0xA7); }
    static QColor differsColor(const QPalette &palette);
    static QColor edgeColor(const QPalette &palette);
    static QColor frameColor(const QPalette &palette);
    static bool isDark(const QPalette &palette);
    static QColor blend(const QColor &from, const QColor &to, qreal amount);

    // A small rounded square with the state's colour and glyph, drawn as vector shapes.
    static void paintChip(QPainter *painter, const QRectF &rect, StepState state,
                          const QPalette &palette);
};

} // namespace Cachelab
