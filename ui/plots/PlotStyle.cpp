// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/PlotStyle.h"

#include "ui/dag/DagStyle.h"
#include "ui/dag/StepState.h"

#include <cmath>
#include <QCoreApplication>
#include <qcustomplot.h>
#include <QFontMetrics>
#include <QPalette>

namespace Cachelab {

QColor PlotStyle::outcomeColor(VertexOutcome outcome)
{
    return DagStyle::stateColor(stepStateOf(outcome));
}

QString PlotStyle::outcomeWords(VertexOutcome outcome)
{
    return stepStateWords(stepStateOf(outcome));
}

QString PlotStyle::seconds(double seconds)
{
    if (seconds < 0)
        return QCoreApplication::translate("Cachelab::PlotStyle", "no time");
    if (seconds < 10)
        return QStringLiteral("%1 s").arg(seconds, 0, 'f', 2);
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(seconds, 0, 'f', 1);
    const int whole = int(std::lround(seconds));
    return QStringLiteral("%1 min %2 s").arg(whole / 60).arg(whole % 60);
}

QColor PlotStyle::bandColor(const QPalette &palette, qreal amount)
{
    return DagStyle::blend(palette.color(QPalette::Base), palette.color(QPalette::Text), amount);
}

void PlotStyle::styleAxis(QCPAxis *axis, const QPalette &palette)
{
    const QColor text = palette.color(QPalette::Text);
    const QColor line = DagStyle::blend(palette.color(QPalette::Base), text, 0.55);
    axis->setBasePen(QPen(line));
    axis->setTickPen(QPen(line));
    axis->setSubTickPen(QPen(line));
    axis->setTickLabelColor(text);
    axis->setLabelColor(text);
    axis->grid()->setPen(QPen(bandColor(palette, 0.14), 1, Qt::DotLine));
    axis->grid()->setZeroLinePen(QPen(line));
}

void PlotStyle::styleLegend(QCPLegend *legend, const QPalette &palette)
{
    legend->setBrush(palette.color(QPalette::Base));
    legend->setTextColor(palette.color(QPalette::Text));
    legend->setFont(legend->parentPlot()->font());
}

void PlotStyle::apply(QCustomPlot *plot, const QPalette &palette)
{
    plot->setBackground(palette.color(QPalette::Base));
    for (QCPAxisRect *rect : plot->axisRects()) {
        for (QCPAxis *axis : rect->axes())
            styleAxis(axis, palette);
    }
    if (plot->legend)
        styleLegend(plot->legend, palette);
}

int PlotStyle::rowHeight(const QCustomPlot *plot)
{
    return int(std::ceil(QFontMetrics(plot->font()).height() * 1.35));
}

} // namespace Cachelab
