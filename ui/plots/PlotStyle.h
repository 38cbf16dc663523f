// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <algorithm>

#include "core/progress/BuildVertex.h"

#include <QColor>
#include <QString>

class QCPAxis;
class QCPLegend;
class QCustomPlot;
class QPalette;

namespace Cachelab {

// The plots' look: the stage graph's state colours (DagStyle), so that a bar and a
// step row of the same run agree, and the palette's own text and base colours, so that
// the plots read in light and dark themes like the rest of the window.
class PlotStyle
{
public:
    static QColor outcomeColor(VertexOutcome outcome);
    static QString outcomeWords(VertexOutcome outcome); // "ran", "cached", "loaded from cache"
    // "0.25 s", "1 min 3 s"; "no time" for a negative (unknown) duration.
    static QString seconds(double seconds);
    // Fonts, background, axes, grid and legend from the palette.
    static void apply(QCustomPlot *plot, const QPalette &palette);
    static void styleAxis(QCPAxis *axis, const QPalette &palette);
    static void styleLegend(QCPLegend *legend, const QPalette &palette);
    // A faint band colour (stage groups, selected runs) and a stronger one (differences).
    static QColor bandColor(const QPalette &palette, qreal amount = 0.06);
    // Room for one row of a bar chart: readable labels whatever the font size.
    static int rowHeight(const QCustomPlot *plot);
    // The rows a bar chart is made tall enough for; more are reached by dragging the rows
    // up and down. A chart as tall as 300,000 rows asked QCustomPlot for a paint buffer of
    // gigabytes (a log of 300,000 steps: 49 s and 9 GB to open).
    static constexpr int MaxShownRows = 300;
    static int shownRows(qsizetype rows) { return int(std::min<qsizetype>(rows, MaxShownRows)); }
};

} // namespace Cachelab
