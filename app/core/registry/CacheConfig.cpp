// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/CacheConfig.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Cachelab {

namespace {

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

QJsonDocument parseJson(const QByteArray &json, const QString &what, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (document.isNull())
        fail(error,
             QStringLiteral("%1 is not JSON (%2 at offset %3)")
                 .arg(what, parseError.errorString())
                 .arg(parseError.offset));
    return document;
}

// A `chains` entry: {"layers":[0,1]} (ChainedResult) or {"layers":[{"layer":0},…]}.
QList<int> decodeChain(const QJsonValue &value)
{
    QList<int> chain;
    const QJsonArray layers = value.isArray()
        ? value.toArray()
        : value.toObject().value(QLatin1String("layers")).toArray();
    for (const QJsonValue &layer : layers)
        chain.append(layer.isObject() ? layer.toObject().value(QLatin1String("layer")).toInt(-1)
                                      : layer.toInt(-1));
    return chain;
}

} // namespace

std::optional<CacheConfig> CacheConfig::parse(const QByteArray &json, QString *error)
{
    const QJsonDocument document = parseJson(json, QStringLiteral("the cacheconfig"), error);
    if (document.isNull())
        return std::nullopt;
    if (!document.isObject()) {
        fail(error, QStringLiteral("the cacheconfig is not a JSON object"));
        return std::nullopt;
    }
    const QJsonObject object = document.object();
    CacheConfig config;
    const QJsonArray layers = object.value(QLatin1String("layers")).toArray();
    for (const QJsonValue &value : layers) {
        const QJsonObject layer = value.toObject();
        // `parent` is omitempty in BuildKit: missing means 0, a base layer says -1.
        config.m_layers.append({ layer.value(QLatin1String("blob")).toString(),
                                 layer.value(QLatin1String("parent")).toInt(0) });
    }
    for (int i = 0; i < config.m_layers.size(); ++i) {
        const int parent = config.m_layers.at(i).parent;
        if (parent < -1 || parent >= config.m_layers.size() || parent == i) {
            fail(error,
                 QStringLiteral("the cacheconfig's layer %1 has parent %2, not a layer")
                     .arg(i)
                     .arg(parent));
            return std::nullopt;
        }
        if (config.m_layers.at(i).blob.isEmpty()) {
            fail(error, QStringLiteral("the cacheconfig's layer %1 has no blob").arg(i));
            return std::nullopt;
        }
    }
    if (!config.decodeRecords(object.value(QLatin1String("records")).toArray(), error))
        return std::nullopt;
    return config;
}

std::optional<CacheConfig> CacheConfig::parseInline(const QByteArray &json,
                                                    const QStringList &imageLayers, QString *error)
{
    const QJsonDocument document = parseJson(json, QStringLiteral("the inline cache"), error);
    if (document.isNull())
        return std::nullopt;
    CacheConfig config;
    for (int i = 0; i < imageLayers.size(); ++i)
        config.m_layers.append({ imageLayers.at(i), i - 1 });
    const QJsonArray records = document.isArray()
        ? document.array()
        : document.object().value(QLatin1String("records")).toArray();
    if (!document.isArray() && !document.isObject()) {
        fail(error, QStringLiteral("the inline cache is neither a records array nor an object"));
        return std::nullopt;
    }
    if (!config.decodeRecords(records, error))
        return std::nullopt;
    return config;
}

bool CacheConfig::decodeRecords(const QJsonArray &records, QString *error)
{
    for (const QJsonValue &value : records) {
        const QJsonObject object = value.toObject();
        Record record;
        record.digest = object.value(QLatin1String("digest")).toString();
        const QJsonArray results = object.value(QLatin1String("layers")).toArray();
        for (const QJsonValue &result : results) {
            const QJsonObject r = result.toObject();
            record.results.append({ r.value(QLatin1String("layer")).toInt(-1),
                                    r.value(QLatin1String("createdAt")).toString() });
        }
        const QJsonArray chains = object.value(QLatin1String("chains")).toArray();
        for (const QJsonValue &chain : chains)
            record.chains.append(decodeChain(chain));
        const QJsonArray inputs = object.value(QLatin1String("inputs")).toArray();
        for (const QJsonValue &input : inputs) {
            QList<Input> alternatives;
            const QJsonArray links = input.toArray();
            for (const QJsonValue &link : links) {
                const QJsonObject l = link.toObject();
                alternatives.append({ l.value(QLatin1String("link")).toInt(-1),
                                      l.value(QLatin1String("selector")).toString() });
            }
            record.inputs.append(alternatives);
        }
        m_records.append(record);
    }
    const int layerCount = m_layers.size();
    for (int i = 0; i < m_records.size(); ++i) {
        const Record &record = m_records.at(i);
        for (const Result &result : record.results) {
            if (result.layer < 0 || result.layer >= layerCount)
                return fail(error,
                            QStringLiteral("record %1 has a result in layer %2, not a layer")
                                .arg(i)
                                .arg(result.layer));
        }
        for (const QList<int> &chain : record.chains) {
            for (const int layer : chain) {
                if (layer < 0 || layer >= layerCount)
                    return fail(
                        error,
                        QStringLiteral("record %1 has a chain through layer %2, not a layer")
                            .arg(i)
                            .arg(layer));
            }
        }
        for (const QList<Input> &alternatives : record.inputs) {
            for (const Input &input : alternatives) {
                if (input.link < 0 || input.link >= m_records.size() || input.link == i)
                    return fail(error,
                                QStringLiteral("record %1 links record %2, not a record")
                                    .arg(i)
                                    .arg(input.link));
            }
        }
    }
    return true;
}

QList<int> CacheConfig::chainOf(int layer) const
{
    QList<int> chain;
    // Bounded: a parent cycle in a hostile config must not loop forever.
    while (layer >= 0 && layer < m_layers.size() && chain.size() <= m_layers.size()) {
        if (chain.contains(layer))
            break;
        chain.prepend(layer);
        layer = m_layers.at(layer).parent;
    }
    return chain;
}

QList<QList<int>> CacheConfig::resultChains(const Record &record) const
{
    QList<QList<int>> chains;
    for (const Result &result : record.results)
        chains.append(chainOf(result.layer));
    for (const QList<int> &chain : record.chains)
        chains.append(chain);
    return chains;
}

} // namespace Cachelab
