// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSize>
#include <QString>

class QCustomPlot;

namespace Cachelab {

// A plot to a file: PNG through QCustomPlot's own raster export, SVG through
// QSvgGenerator (vector, text kept as text), chosen by the file's suffix.
class PlotExport
{
public:
    static bool save(QCustomPlot *plot, const QString &path, const QSize &size, QString *error);
};

} // namespace Cachelab
