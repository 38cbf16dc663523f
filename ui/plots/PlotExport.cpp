// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/PlotExport.h"

#include <qcustomplot.h>
#include <QFileInfo>
#include <QSvgGenerator>

namespace Cachelab {

bool PlotExport::save(QCustomPlot *plot, const QString &path, const QSize &size, QString *error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    bool saved = false;
    if (suffix == QLatin1String("png")) {
        saved = plot->savePng(path, size.width(), size.height());
    } else if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(QFileInfo(path).completeBaseName());
        svg.setDescription(QStringLiteral("Cachelab"));
        QCPPainter painter;
        if (painter.begin(&svg)) {
            plot->toPainter(&painter, size.width(), size.height());
            saved = painter.end();
        }
    } else {
        if (error)
            *error = QStringLiteral("%1: the file name must end in .png or .svg").arg(path);
        return false;
    }
    if (!saved && error)
        *error = QStringLiteral("%1: cannot write the file").arg(path);
    return saved;
}

} // namespace Cachelab
