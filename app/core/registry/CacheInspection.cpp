// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/CacheInspection.h"

#include <QCryptographicHash>

#include <QJsonArray>
#include <QTextStream>

namespace Cachelab {

namespace {

QString shortDigest(const QString &digest)
{
    const int colon = digest.indexOf(QLatin1Char(':'));
    return colon < 0 ? digest.left(12) : digest.mid(colon + 1, 12);
}

QString humanSize(qint64 bytes)
{
    if (bytes < 0)
        return QStringLiteral("?");
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KiB").arg(double(bytes) / 1024, 0, 'f', 1);
    return QStringLiteral("%1 MiB").arg(double(bytes) / (1024 * 1024), 0, 'f', 1);
}

QString chainText(const QList<int> &chain)
{
    QStringList parts;
    for (const int layer : chain)
        parts.append(QString::number(layer));
    return parts.join(QLatin1String(" > "));
}

} // namespace

CacheInspection CacheInspection::build(const QString &ref, const CacheManifest &manifest,
                                       const QString &manifestDigest, const CacheConfig &config)
{
    CacheInspection inspection;
    inspection.m_ref = ref;
    inspection.m_manifestMediaType = manifest.mediaType();
    inspection.m_manifestDigest = manifestDigest;
    inspection.m_configDigest = manifest.config().digest;
    // The manifest describes the blobs (size, media type, annotations); the cacheconfig
    // says how they chain. Match by digest: the orders differ.
    QMap<QString, ManifestDescriptor> byDigest;
    const QList<ManifestDescriptor> manifestLayers = manifest.layers();
    for (const ManifestDescriptor &descriptor : manifestLayers)
        byDigest.insert(descriptor.digest, descriptor);
    const QList<CacheConfig::Layer> layers = config.layers();
    for (const CacheConfig::Layer &layer : layers) {
        Layer inspected;
        inspected.digest = layer.blob;
        inspected.parent = layer.parent;
        const auto it = byDigest.constFind(layer.blob);
        if (it != byDigest.constEnd()) {
            inspected.size = it->size;
            inspected.mediaType = it->mediaType;
            inspected.annotations = it->annotations;
        }
        inspection.m_layers.append(inspected);
    }
    inspection.m_guess = CacheModeGuess::fromConfig(config);
    const QList<CacheConfig::Record> records = config.records();
    for (int i = 0; i < records.size(); ++i) {
        const CacheConfig::Record &record = records.at(i);
        Record inspected;
        inspected.digest = record.digest;
        inspected.source = record.isSource();
        inspected.final = inspection.m_guess.finalRecords().contains(i);
        inspected.inputs = record.inputs;
        inspected.resultChains = config.resultChains(record);
        for (const CacheConfig::Result &result : record.results)
            inspected.createdAt.append(result.createdAt);
        inspection.m_records.append(inspected);
    }
    return inspection;
}

CacheInspection CacheInspection::fromCache(const QString &ref, const CacheManifest &manifest,
                                           const QString &manifestDigest, const CacheConfig &config)
{
    CacheInspection inspection = build(ref, manifest, manifestDigest, config);
    inspection.m_form = manifest.formName();
    return inspection;
}

CacheInspection CacheInspection::fromInline(const QString &ref, const CacheManifest &imageManifest,
                                            const QString &manifestDigest,
                                            const CacheConfig &config)
{
    CacheInspection inspection = build(ref, imageManifest, manifestDigest, config);
    inspection.m_form = QStringLiteral("inline");
    inspection.m_guess = CacheModeGuess::fromConfig(config);
    return inspection;
}

int CacheInspection::nameLayersFromImage(const QString &imageRef,
                                         const QStringList &imageLayerBlobs,
                                         const ImageHistory &history)
{
    m_imageRef = imageRef;
    const QStringList diffIds = history.diffIds();
    const QStringList commands = history.layerCommands();
    // Is cache layer `layer` the same content as image layer `index`?
    const auto sameContent = [&](int layer, int index) {
        const Layer &cached = m_layers.at(layer);
        if (imageLayerBlobs.value(index) == cached.digest)
            return true;
        const QString uncompressed
            = cached.annotations.value(QStringLiteral("containerd.io/uncompressed"));
        return !uncompressed.isEmpty() && diffIds.value(index) == uncompressed;
    };
    int matched = 0;
    for (int i = 0; i < m_layers.size(); ++i) {
        // The whole chain must be the image's first layers: two steps of different stages can
        // make byte-identical layers, and only the one on the image's chain is its step.
        QList<int> chain;
        for (int layer = i; layer >= 0 && chain.size() <= m_layers.size();
             layer = m_layers.at(layer).parent)
            chain.prepend(layer);
        if (chain.size() > m_layers.size())
            continue; // a parent cycle
        bool onImageChain = chain.size() <= qMax(imageLayerBlobs.size(), diffIds.size());
        for (int depth = 0; onImageChain && depth < chain.size(); ++depth)
            onImageChain = sameContent(chain.at(depth), depth);
        if (!onImageChain)
            continue;
        m_layers[i].imageLayer = int(chain.size()) - 1;
        m_layers[i].createdBy = commands.value(int(chain.size()) - 1);
        ++matched;
    }
    for (Record &record : m_records) {
        if (!record.resultChains.isEmpty() && !record.resultChains.first().isEmpty())
            record.step = m_layers.value(record.resultChains.first().last()).createdBy;
    }
    return matched;
}

std::optional<CacheInspection> CacheInspection::fromFiles(const QString &ref,
                                                          const QByteArray &manifest,
                                                          const QByteArray &config,
                                                          QString *error)
{
    const auto parsedManifest = CacheManifest::parse(manifest, QString(), error);
    if (!parsedManifest)
        return std::nullopt;
    const auto parsedConfig = CacheConfig::parse(config, error);
    if (!parsedConfig)
        return std::nullopt;
    const QString digest = QStringLiteral("sha256:")
        + QString::fromLatin1(QCryptographicHash::hash(manifest, QCryptographicHash::Sha256).toHex());
    CacheInspection inspection = fromCache(ref, *parsedManifest, digest, *parsedConfig);
    inspection.setBytes(manifest, config);
    return inspection;
}

int CacheInspection::recordsWithResults() const
{
    int count = 0;
    for (const Record &record : m_records)
        count += record.resultChains.isEmpty() ? 0 : 1;
    return count;
}

QJsonObject CacheInspection::toJson() const
{
    QJsonArray layers;
    for (int i = 0; i < m_layers.size(); ++i) {
        const Layer &layer = m_layers.at(i);
        QJsonObject annotations;
        for (auto it = layer.annotations.begin(); it != layer.annotations.end(); ++it)
            annotations.insert(it.key(), it.value());
        QJsonObject object { { QStringLiteral("index"), i },
                             { QStringLiteral("digest"), layer.digest },
                             { QStringLiteral("parent"), layer.parent },
                             { QStringLiteral("size"), double(layer.size) },
                             { QStringLiteral("mediaType"), layer.mediaType },
                             { QStringLiteral("annotations"), annotations } };
        if (layer.imageLayer >= 0) {
            object.insert(QStringLiteral("imageLayer"), layer.imageLayer);
            object.insert(QStringLiteral("createdBy"), layer.createdBy);
        }
        layers.append(object);
    }
    QJsonArray records;
    for (int i = 0; i < m_records.size(); ++i) {
        const Record &record = m_records.at(i);
        QJsonArray inputs;
        for (const auto &alternatives : record.inputs) {
            QJsonArray links;
            for (const CacheConfig::Input &input : alternatives) {
                QJsonObject link { { QStringLiteral("link"), input.link } };
                if (!input.selector.isEmpty())
                    link.insert(QStringLiteral("selector"), input.selector);
                links.append(link);
            }
            inputs.append(links);
        }
        QJsonArray chains;
        for (const QList<int> &chain : record.resultChains) {
            QJsonArray layerIndexes;
            for (const int layer : chain)
                layerIndexes.append(layer);
            chains.append(layerIndexes);
        }
        QJsonObject object { { QStringLiteral("index"), i },
                             { QStringLiteral("digest"), record.digest },
                             { QStringLiteral("kind"),
                               record.source ? QStringLiteral("source") : QStringLiteral("step") },
                             { QStringLiteral("final"), record.final },
                             { QStringLiteral("hasResults"), !record.resultChains.isEmpty() },
                             { QStringLiteral("resultChains"), chains },
                             { QStringLiteral("inputs"), inputs } };
        if (!record.step.isEmpty())
            object.insert(QStringLiteral("step"), record.step);
        records.append(object);
    }
    return QJsonObject { { QStringLiteral("ref"), m_ref },
                         { QStringLiteral("form"), m_form },
                         { QStringLiteral("transport"), m_transport },
                         { QStringLiteral("manifestMediaType"), m_manifestMediaType },
                         { QStringLiteral("manifestDigest"), m_manifestDigest },
                         { QStringLiteral("configDigest"), m_configDigest },
                         { QStringLiteral("layerCount"), int(m_layers.size()) },
                         { QStringLiteral("recordCount"), int(m_records.size()) },
                         { QStringLiteral("recordsWithResults"), recordsWithResults() },
                         { QStringLiteral("mode"), m_guess.modeName() },
                         { QStringLiteral("modeEvidence"),
                           QJsonArray::fromStringList(m_guess.evidence()) },
                         { QStringLiteral("image"), m_imageRef },
                         { QStringLiteral("layers"), layers },
                         { QStringLiteral("records"), records } };
}

QString CacheInspection::toText() const
{
    QString text;
    QTextStream out(&text);
    out << "cache " << m_ref << "\n";
    out << "  form: " << m_form << " (" << m_manifestMediaType << ")";
    if (!m_transport.isEmpty())
        out << ", " << m_transport;
    out << "\n";
    out << "  manifest: " << m_manifestDigest << "\n";
    out << "  config:   " << m_configDigest << "\n";
    if (!m_imageRef.isEmpty())
        out << "  steps named from the image " << m_imageRef << "\n";
    out << "  mode: " << m_guess.modeName() << "\n";
    const QStringList evidence = m_guess.evidence();
    for (const QString &line : evidence)
        out << "    - " << line << "\n";
    out << "layers: " << m_layers.size() << "\n";
    for (int i = 0; i < m_layers.size(); ++i) {
        const Layer &layer = m_layers.at(i);
        out << "  " << qSetFieldWidth(3) << i << qSetFieldWidth(0) << " " << layer.digest << "  "
            << humanSize(layer.size) << "  parent "
            << (layer.parent < 0 ? QStringLiteral("-") : QString::number(layer.parent));
        const QString created = layer.annotations.value(QStringLiteral("buildkit/createdat"));
        if (!created.isEmpty())
            out << "  created " << created;
        if (layer.imageLayer >= 0)
            out << "  image layer " << layer.imageLayer << ": "
                << (layer.createdBy.isEmpty() ? QStringLiteral("(no history)") : layer.createdBy);
        out << "\n";
    }
    out << "records: " << m_records.size() << ", " << recordsWithResults() << " with results\n";
    for (int i = 0; i < m_records.size(); ++i) {
        const Record &record = m_records.at(i);
        out << "  " << qSetFieldWidth(3) << i << qSetFieldWidth(0) << " "
            << shortDigest(record.digest) << (record.source ? "  source" : "  step  ");
        if (record.resultChains.isEmpty()) {
            out << "  key only";
        } else {
            QStringList chains;
            for (const QList<int> &chain : record.resultChains)
                chains.append(chainText(chain));
            out << "  layers " << chains.join(QLatin1String(" | "));
        }
        if (record.final)
            out << "  (final)";
        if (!record.step.isEmpty())
            out << "  = " << record.step;
        if (!record.inputs.isEmpty()) {
            QStringList inputs;
            for (const auto &alternatives : record.inputs) {
                QStringList links;
                for (const CacheConfig::Input &input : alternatives)
                    links.append(QString::number(input.link));
                inputs.append(links.join(QLatin1Char('|')));
            }
            out << "  inputs " << inputs.join(QLatin1String(", "));
        }
        out << "\n";
    }
    out.flush();
    return text;
}

} // namespace Cachelab
