// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/report/RunTextReport.h"

#include <QFileInfo>
#include <QStringList>

namespace Cachelab {

namespace {
QString secondsText(double seconds)
{
    return seconds < 0 ? QStringLiteral("-") : QString::number(seconds, 'f', 1);
}

QString statusText(const BuildVertex &vertex)
{
    // Steps in the user's words; other vertices (loads, exports) simply finish.
    if (vertex.step().valid)
        return vertexOutcomeName(vertex.outcome());
    return vertexStateName(vertex.state);
}
} // namespace

QString RunTextReport::render(const BuildRun &run)
{
    QStringList lines;
    lines << QStringLiteral("run: %1 (%2)")
                 .arg(QFileInfo(run.source).fileName(), BuildRun::formatName(run.format));
    if (!run.wrapper.isEmpty())
        lines << QStringLiteral("wrapped in: %1").arg(run.wrapper);
    if (!run.builder.isEmpty())
        lines << QStringLiteral("builder: %1").arg(run.builder);

    int counts[6] = {};
    const auto steps = run.stepVertices();
    for (const BuildVertex *vertex : steps)
        ++counts[int(vertex->outcome())];
    lines << QStringLiteral("vertices: %1, steps: %2 (ran %3, cached %4, loaded %5, failed %6, "
                            "canceled %7, running %8)")
                 .arg(run.vertices.size())
                 .arg(steps.size())
                 .arg(counts[int(VertexOutcome::Ran)])
                 .arg(counts[int(VertexOutcome::Cached)])
                 .arg(counts[int(VertexOutcome::Loaded)])
                 .arg(counts[int(VertexOutcome::Failed)])
                 .arg(counts[int(VertexOutcome::Canceled)])
                 .arg(counts[int(VertexOutcome::Running)]);

    lines << QStringLiteral("%1  %2  %3  %4")
                 .arg(QStringLiteral("#"), 4)
                 .arg(QStringLiteral("status"), -8)
                 .arg(QStringLiteral("seconds"), 7)
                 .arg(QStringLiteral("name"));
    for (const BuildVertex &vertex : run.vertices) {
        QString line = QStringLiteral("%1  %2  %3  %4")
                           .arg(vertex.id, 4)
                           .arg(statusText(vertex), -8)
                           .arg(secondsText(vertex.seconds), 7)
                           .arg(vertex.name);
        lines << line;
        if (!vertex.errorMessage.isEmpty())
            lines << QStringLiteral("%1  error: %2")
                         .arg(QString(), 4 + 2 + 8 + 2 + 7)
                         .arg(vertex.errorMessage);
        for (const QString &warning : vertex.warnings)
            lines
                << QStringLiteral("%1  warning: %2").arg(QString(), 4 + 2 + 8 + 2 + 7).arg(warning);
    }

    const QStringList imports = run.cacheImports();
    lines << QStringLiteral("cache imports: %1")
                 .arg(imports.isEmpty() ? QStringLiteral("none")
                                        : imports.join(QStringLiteral(", ")));

    const CacheExport exported = run.cacheExport();
    if (exported.exporter == CacheExport::Exporter::None) {
        lines << QStringLiteral("cache export: none");
    } else {
        lines << QStringLiteral("cache export: %1, %2 layer(s) (#%3 %4)")
                     .arg(CacheExport::exporterName(exported.exporter))
                     .arg(exported.layers.size())
                     .arg(exported.vertexId)
                     .arg(exported.vertexName);
        for (const QString &layer : exported.layers)
            lines << QStringLiteral("  layer %1").arg(layer);
        if (!exported.config.isEmpty())
            lines << QStringLiteral("  config %1").arg(exported.config);
        if (!exported.manifest.isEmpty())
            lines << QStringLiteral("  manifest %1").arg(exported.manifest);
    }

    const QStringList pushed = run.pushedImages();
    lines << QStringLiteral("pushed: %1")
                 .arg(pushed.isEmpty() ? QStringLiteral("none")
                                       : pushed.join(QStringLiteral(", ")));
    for (const QString &block : run.errorBlocks)
        lines << QStringLiteral("error block: %1").arg(block);
    for (const QString &error : run.errors)
        lines << QStringLiteral("error: %1").arg(error);
    if (!run.otherLines.isEmpty())
        lines << QStringLiteral("other lines: %1").arg(run.otherLines.size());
    lines << QString();
    return lines.join(QLatin1Char('\n'));
}

} // namespace Cachelab
