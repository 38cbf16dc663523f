// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/PlotExport.h"

#include <qcustomplot.h>
#include <QFileInfo>
#include <QSaveFile>
#include <QSvgGenerator>

namespace Cachelab {

bool PlotExport::save(QCustomPlot *plot, const QString &path, const QSize &size, QString *error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg")) {
        if (error)
            *error = QStringLiteral("%1: the file name must end in .png or .svg").arg(path);
        return false;
    }
    // Written whole or not at all: no truncated file after an error or a signal.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot write the file: %2").arg(path, file.errorString());
        return false;
    }
    bool saved = false;
    if (suffix == QLatin1String("png")) {
        const QPixmap pixmap = plot->toPixmap(size.width(), size.height());
        saved = !pixmap.isNull() && pixmap.save(&file, "PNG");
    } else {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(QFileInfo(path).completeBaseName());
        svg.setDescription(QStringLiteral("Cachelab"));
        QCPPainter painter;
        if (painter.begin(&svg)) {
            plot->toPainter(&painter, size.width(), size.height());
            saved = painter.end();
        }
    }
    saved = saved && file.commit();
    if (!saved && error)
        *error = QStringLiteral("%1: cannot write the file").arg(path);
    return saved;
}

} // namespace Cachelab
