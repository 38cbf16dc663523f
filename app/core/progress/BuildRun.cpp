// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/progress/BuildRun.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace Cachelab {

QString CacheExport::exporterName(Exporter exporter)
{
    switch (exporter) {
    case Exporter::None:
        return QStringLiteral("none");
    case Exporter::Registry:
        return QStringLiteral("registry");
    case Exporter::Inline:
        return QStringLiteral("inline");
    }
    return {};
}

QString BuildRun::formatName(Format format)
{
    return format == Format::Plain ? QStringLiteral("plain") : QStringLiteral("rawjson");
}

const BuildVertex *BuildRun::vertexById(int id) const
{
    for (const BuildVertex &vertex : vertices) {
        if (vertex.id == id)
            return &vertex;
    }
    return nullptr;
}

QList<const BuildVertex *> BuildRun::stepVertices() const
{
    QList<const BuildVertex *> steps;
    for (const BuildVertex &vertex : vertices) {
        if (vertex.step().valid)
            steps.append(&vertex);
    }
    return steps;
}

QStringList BuildRun::cacheImports() const
{
    static const QLatin1String prefix("importing cache manifest from ");
    QStringList refs;
    for (const BuildVertex &vertex : vertices) {
        if (vertex.name().startsWith(prefix)) {
            const QString ref = vertex.name().mid(prefix.size()).trimmed();
            if (!refs.contains(ref))
                refs.append(ref);
        }
    }
    return refs;
}

namespace {
bool isCacheExportVertex(const QString &name)
{
    // ≤ v0.10 "exporting cache", v0.11 "exporting content cache", v0.12+ "exporting cache
    // to registry" (and "… to client directory" etc.).
    return name == QLatin1String("exporting cache")
        || name == QLatin1String("exporting content cache")
        || name.startsWith(QLatin1String("exporting cache to "));
}
} // namespace

CacheExport BuildRun::cacheExport() const
{
    CacheExport result;
    for (const BuildVertex &vertex : vertices) {
        const bool inlineVertex = vertex.name() == QLatin1String("preparing layers for inline cache");
        if (!inlineVertex && !isCacheExportVertex(vertex.name()))
            continue;
        // A run exports cache once; a repeated header is the same vertex. Keep the first.
        if (result.vertexId != 0 && result.vertexId != vertex.id)
            continue;
        result.vertexId = vertex.id;
        result.vertexName = vertex.name();
        result.seconds = vertex.seconds;
        for (const StatusLine &status : vertex.statuses()) {
            const QString digest = status.digest();
            if (status.id.startsWith(QLatin1String("writing layer "))) {
                if (!result.layers.contains(digest))
                    result.layers.append(digest);
            } else if (status.id.startsWith(QLatin1String("writing config "))) {
                result.config = digest;
            } else if (status.id.startsWith(QLatin1String("writing manifest "))
                       || status.id.startsWith(QLatin1String("writing cache manifest "))
                       || status.id.startsWith(QLatin1String("writing cache image manifest "))) {
                result.manifest = digest;
            }
        }
        // A registry export writes a manifest of its own; docker 20.10's inline export
        // prints "exporting cache" with only "preparing build cache for export".
        result.exporter = (inlineVertex || (result.manifest.isEmpty() && result.layers.isEmpty()))
            ? CacheExport::Exporter::Inline
            : CacheExport::Exporter::Registry;
    }
    return result;
}

QStringList BuildRun::imageNames() const
{
    static const QLatin1String naming("naming to ");
    QStringList refs;
    for (const BuildVertex &vertex : vertices) {
        for (const StatusLine &status : vertex.statuses()) {
            if (status.id.startsWith(naming)) {
                const QString ref = status.id.mid(naming.size()).section(QLatin1Char(' '), 0, 0);
                if (!ref.isEmpty() && !refs.contains(ref))
                    refs.append(ref);
            }
        }
    }
    for (const QString &ref : pushedImages()) {
        if (!refs.contains(ref))
            refs.append(ref);
    }
    return refs;
}

QStringList BuildRun::pushedImages() const
{
    static const QLatin1String pushing("pushing manifest for ");
    static const QRegularExpression dockerPushRepo(
        QStringLiteral("^The push refers to repository \\[(.+)\\]$"));
    static const QRegularExpression dockerPushDigest(
        QStringLiteral("^(\\S+): digest: (sha256:[0-9a-f]{64}) size: \\d+$"));
    QStringList refs;
    auto add = [&refs](const QString &ref) {
        if (!refs.contains(ref))
            refs.append(ref);
    };
    for (const BuildVertex &vertex : vertices) {
        for (const StatusLine &status : vertex.statuses()) {
            if (status.id.startsWith(pushing))
                add(status.id.mid(pushing.size()).section(QLatin1Char('@'), 0, 0).trimmed());
        }
    }
    // `docker push` after a `docker build`: its own output, not progress lines.
    QString repository;
    for (const QString &line : otherLines) {
        if (const auto match = dockerPushRepo.match(line); match.hasMatch())
            repository = match.captured(1);
        else if (const auto digest = dockerPushDigest.match(line);
                 digest.hasMatch() && !repository.isEmpty())
            add(repository + QLatin1Char(':') + digest.captured(1));
    }
    return refs;
}

bool BuildRun::failed() const
{
    if (!errors.isEmpty())
        return true;
    for (const BuildVertex &vertex : vertices) {
        // A missing cache to import is reported as a vertex error, and the build goes on.
        if (vertex.state == VertexState::Error
            && !vertex.name().startsWith(QLatin1String("importing cache manifest")))
            return true;
    }
    return false;
}

QJsonObject BuildRun::vertexJson(const BuildVertex &vertex)
{
    QJsonObject object {
        { QStringLiteral("id"), vertex.id },
        { QStringLiteral("name"), vertex.name() },
        { QStringLiteral("status"), vertexStateName(vertex.state) },
        { QStringLiteral("loaded"), vertex.loadedFromCache() },
        { QStringLiteral("seconds"), vertex.seconds },
    };
    if (!vertex.digest.isEmpty())
        object.insert(QStringLiteral("digest"), vertex.digest);
    const StepLabel step = vertex.step();
    if (step.valid) {
        if (!step.stage.isEmpty())
            object.insert(QStringLiteral("stage"), step.stage);
        if (step.index > 0) {
            object.insert(QStringLiteral("step"), step.index);
            object.insert(QStringLiteral("total"), step.total);
        }
    }
    if (!vertex.errorMessage().isEmpty())
        object.insert(QStringLiteral("error"), vertex.errorMessage());
    if (vertex.logLineCount > 0)
        object.insert(QStringLiteral("logLines"), vertex.logLineCount);
    return object;
}

QJsonObject BuildRun::toJson(bool withVertices) const
{
    QJsonArray vertexArray;
    for (const BuildVertex &vertex : vertices) {
        if (withVertices)
            vertexArray.append(vertexJson(vertex));
    }

    const CacheExport exported = cacheExport();
    QJsonObject cacheExportObject {
        { QStringLiteral("exporter"), CacheExport::exporterName(exported.exporter) },
        { QStringLiteral("layers"), QJsonArray::fromStringList(exported.layers) },
    };
    if (!exported.config.isEmpty())
        cacheExportObject.insert(QStringLiteral("config"), exported.config);
    if (!exported.manifest.isEmpty())
        cacheExportObject.insert(QStringLiteral("manifest"), exported.manifest);

    QJsonObject run {
        { QStringLiteral("log"), source },
        { QStringLiteral("format"), formatName(format) },
        { QStringLiteral("cacheImports"), QJsonArray::fromStringList(cacheImports()) },
        { QStringLiteral("cacheExport"), cacheExportObject },
        { QStringLiteral("errors"), QJsonArray::fromStringList(errors) },
        { QStringLiteral("pushed"), QJsonArray::fromStringList(pushedImages()) },
    };
    if (!builder.isEmpty())
        run.insert(QStringLiteral("builder"), builder);
    if (!wrapper.isEmpty())
        run.insert(QStringLiteral("wrapper"), wrapper);
    if (exitStatus)
        run.insert(QStringLiteral("exitStatus"), *exitStatus);
    if (withVertices)
        run.insert(QStringLiteral("vertices"), vertexArray);
    return run;
}

} // namespace Cachelab
