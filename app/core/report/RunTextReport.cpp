// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/report/RunTextReport.h"

#include "core/text/JoinedLines.h"

#include <QFileInfo>
#include <QStringList>
#include <QTextStream>

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
    QString text;
    QTextStream out(&text);
    write(out, run);
    out.flush();
    return text;
}

void RunTextReport::write(QTextStream &out, const BuildRun &run)
{
    // The lines joined by '\n', as render() always made them: the last (empty) line
    // ends the text with a newline.
    JoinedLines line(out);
    line(QStringLiteral("run: %1 (%2)").arg(QFileInfo(run.source).fileName(), BuildRun::formatName(run.format)));
    if (!run.wrapper.isEmpty())
        line(QStringLiteral("wrapped in: %1").arg(run.wrapper));
    if (!run.builder.isEmpty())
        line(QStringLiteral("builder: %1").arg(run.builder));

    int counts[6] = {};
    qsizetype steps = 0;
    for (const BuildVertex &vertex : run.vertices) {
        if (vertex.step().valid) {
            ++steps;
            ++counts[int(vertex.outcome())];
        }
    }
    line(QStringLiteral("vertices: %1, steps: %2 (ran %3, cached %4, loaded %5, failed %6, "
                        "canceled %7, running %8)")
             .arg(run.vertices.size())
             .arg(steps)
             .arg(counts[int(VertexOutcome::Ran)])
             .arg(counts[int(VertexOutcome::Cached)])
             .arg(counts[int(VertexOutcome::Loaded)])
             .arg(counts[int(VertexOutcome::Failed)])
             .arg(counts[int(VertexOutcome::Canceled)])
             .arg(counts[int(VertexOutcome::Running)]));

    line(QStringLiteral("%1  %2  %3  %4")
             .arg(QStringLiteral("#"), 4)
             .arg(QStringLiteral("status"), -8)
             .arg(QStringLiteral("seconds"), 7)
             .arg(QStringLiteral("name")));
    const QString indent(4 + 2 + 8 + 2 + 7, QLatin1Char(' '));
    for (const BuildVertex &vertex : run.vertices) {
        line(QStringLiteral("%1  %2  %3  %4")
                 .arg(vertex.id, 4)
                 .arg(statusText(vertex), -8)
                 .arg(secondsText(vertex.seconds), 7)
                 .arg(vertex.name()));
        if (!vertex.errorMessage().isEmpty())
            line(QStringLiteral("%1  error: %2").arg(indent, vertex.errorMessage()));
        for (const QString &warning : vertex.warnings())
            line(QStringLiteral("%1  warning: %2").arg(indent, warning));
    }

    const QStringList imports = run.cacheImports();
    line(QStringLiteral("cache imports: %1")
             .arg(imports.isEmpty() ? QStringLiteral("none") : imports.join(QStringLiteral(", "))));

    const CacheExport exported = run.cacheExport();
    if (exported.exporter == CacheExport::Exporter::None) {
        line(QStringLiteral("cache export: none"));
    } else {
        line(QStringLiteral("cache export: %1, %2 layer(s) (#%3 %4)")
                 .arg(CacheExport::exporterName(exported.exporter))
                 .arg(exported.layers.size())
                 .arg(exported.vertexId)
                 .arg(exported.vertexName));
        for (const QString &layer : exported.layers)
            line(QStringLiteral("  layer %1").arg(layer));
        if (!exported.config.isEmpty())
            line(QStringLiteral("  config %1").arg(exported.config));
        if (!exported.manifest.isEmpty())
            line(QStringLiteral("  manifest %1").arg(exported.manifest));
    }

    const QStringList pushed = run.pushedImages();
    line(QStringLiteral("pushed: %1").arg(pushed.isEmpty() ? QStringLiteral("none") : pushed.join(QStringLiteral(", "))));
    for (const QString &block : run.errorBlocks)
        line(QStringLiteral("error block: %1").arg(block));
    for (const QString &error : run.errors)
        line(QStringLiteral("error: %1").arg(error));
    if (!run.otherLines.isEmpty())
        line(QStringLiteral("other lines: %1").arg(run.otherLines.size()));
    line(QString());
}

} // namespace Cachelab
