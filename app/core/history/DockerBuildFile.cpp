// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/history/DockerBuildFile.h"

#include "core/bundle/BundleArchive.h"
#include "core/history/StatusBlob.h"
#include "core/history/TraceSpans.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Cachelab {

namespace {

const QLatin1String kRecordType("application/vnd.buildkit.historyrecord.v0");
const QLatin1String kIndexTypes[] = {QLatin1String("application/vnd.oci.image.index.v1+json"),
                                     QLatin1String("application/vnd.docker.distribution.manifest.list.v2+json")};

// An OCI layout's blob path for a digest ("sha256:ab…" -> "blobs/sha256/ab…"); empty for
// anything that is not algorithm:hex (a path must never come from the file unchecked).
QString blobPath(const QString &digest)
{
    const qsizetype colon = digest.indexOf(QLatin1Char(':'));
    if (colon <= 0)
        return {};
    const QString algorithm = digest.left(colon);
    const QString hex = digest.mid(colon + 1);
    auto isAlnum = [](QChar c) {
        return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
    };
    if (hex.isEmpty() || !std::all_of(algorithm.begin(), algorithm.end(), isAlnum)
        || !std::all_of(hex.begin(), hex.end(), isAlnum))
        return {};
    return QStringLiteral("blobs/%1/%2").arg(algorithm, hex);
}

class Reader
{
public:
    Reader(const QHash<QString, QByteArray> &files, const QString &name)
        : m_files(files)
        , m_name(name)
    {
    }

    std::optional<QList<HistoryBuild>> read(QString *error)
    {
        const QJsonObject index = json(QStringLiteral("index.json"), QStringLiteral("index.json"));
        if (!m_error.isEmpty())
            return failed(error);
        for (const QJsonValue &descriptor : index.value(QLatin1String("manifests")).toArray()) {
            follow(descriptor.toObject(), 0);
            if (!m_error.isEmpty())
                return failed(error);
        }
        if (m_builds.isEmpty()) {
            m_error = QStringLiteral("no build history record in it (not a .dockerbuild file?)");
            return failed(error);
        }
        return m_builds;
    }

private:
    std::nullopt_t failed(QString *error) const
    {
        if (error)
            *error = QStringLiteral("%1: %2").arg(m_name, m_error);
        return std::nullopt;
    }

    const QByteArray *blob(const QString &digest)
    {
        const QString path = blobPath(digest);
        auto it = m_files.constFind(path);
        if (path.isEmpty() || it == m_files.constEnd()) {
            m_error = QStringLiteral("blob %1 is missing").arg(digest.left(80));
            return nullptr;
        }
        return &it.value();
    }

    QJsonObject json(const QString &path, const QString &what)
    {
        auto it = m_files.constFind(path);
        if (it == m_files.constEnd()) {
            m_error = QStringLiteral("%1 is missing (not a .dockerbuild file?)").arg(what);
            return {};
        }
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(it.value(), &parseError);
        if (!document.isObject()) {
            m_error = QStringLiteral("%1 is not a JSON object (%2)").arg(what, parseError.errorString());
            return {};
        }
        return document.object();
    }

    // An index (several builds) or one build's manifest. Depth-bounded: an index naming
    // itself must not recurse forever.
    void follow(const QJsonObject &descriptor, int depth)
    {
        const QString digest = descriptor.value(QLatin1String("digest")).toString();
        const QString mediaType = descriptor.value(QLatin1String("mediaType")).toString();
        if (depth > 2) {
            m_error = QStringLiteral("indexes nested too deep at %1").arg(digest.left(80));
            return;
        }
        if (!blob(digest))
            return;
        const QJsonObject object = json(blobPath(digest), QStringLiteral("manifest %1").arg(digest.left(80)));
        if (!m_error.isEmpty())
            return;
        if (std::find(std::begin(kIndexTypes), std::end(kIndexTypes), mediaType) != std::end(kIndexTypes)) {
            for (const QJsonValue &child : object.value(QLatin1String("manifests")).toArray()) {
                follow(child.toObject(), depth + 1);
                if (!m_error.isEmpty())
                    return;
            }
            return;
        }
        const QJsonObject config = object.value(QLatin1String("config")).toObject();
        if (config.value(QLatin1String("mediaType")).toString() != kRecordType)
            return; // an image, not a build record: nothing of Cachelab's
        HistoryBuild build;
        const QString configDigest = config.value(QLatin1String("digest")).toString();
        if (!blob(configDigest))
            return;
        const QJsonObject recordJson = json(blobPath(configDigest), QStringLiteral("the history record"));
        if (!m_error.isEmpty())
            return;
        QString recordError;
        std::optional<HistoryRecord> record = HistoryRecord::fromExportedJson(recordJson, &recordError);
        if (!record) {
            m_error = recordError;
            return;
        }
        build.record = *record;
        QHash<QString, QList<TraceSpans::Span>> spans;
        for (const QJsonValue &value : object.value(QLatin1String("layers")).toArray()) {
            const QJsonObject layer = value.toObject();
            if (layer.value(QLatin1String("mediaType")).toString() == TraceSpans::mediaType()) {
                if (const QByteArray *trace = blob(layer.value(QLatin1String("digest")).toString()))
                    spans = TraceSpans::byVertex(*trace);
                else
                    return;
                continue;
            }
            if (layer.value(QLatin1String("mediaType")).toString() != StatusBlob::mediaType())
                continue;
            const QByteArray *logs = blob(layer.value(QLatin1String("digest")).toString());
            if (!logs)
                return;
            QString blobError;
            std::optional<QByteArray> rawJson = StatusBlob::toRawJson(*logs, &blobError);
            if (!rawJson) {
                m_error = QStringLiteral("the logs of build %1: %2").arg(record->id(), blobError);
                return;
            }
            build.log = std::move(*rawJson);
        }
        // The trace comes before the logs in the manifest: both are known here.
        build.log = TraceSpans::completeTimes(build.log, spans);
        m_builds.append(build);
    }

    const QHash<QString, QByteArray> &m_files;
    QString m_name;
    QString m_error;
    QList<HistoryBuild> m_builds;
};

bool wanted(const QString &path)
{
    return path == QLatin1String("index.json") || path.startsWith(QLatin1String("blobs/"));
}

} // namespace

bool DockerBuildFile::looksLike(const QString &path)
{
    if (path.endsWith(QLatin1String(".dockerbuild"), Qt::CaseInsensitive))
        return true;
    if (path.endsWith(QLatin1String(".cachelab"), Qt::CaseInsensitive))
        return false;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    return file.read(2) == QByteArray("\x1f\x8b", 2);
}

std::optional<QList<HistoryBuild>> DockerBuildFile::read(const QString &path, QString *error)
{
    const QString name = QFileInfo(path).fileName();
    std::optional<QHash<QString, QByteArray>> files = BundleArchive::readFiles(path, wanted, error);
    if (!files)
        return std::nullopt;
    return Reader(*files, name).read(error);
}

std::optional<QList<HistoryBuild>> DockerBuildFile::read(QByteArrayView archive,
                                                         const QString &name, QString *error)
{
    std::optional<QHash<QString, QByteArray>> files
        = BundleArchive::readFiles(archive, name, wanted, error);
    if (!files)
        return std::nullopt;
    return Reader(*files, name).read(error);
}

} // namespace Cachelab
