// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

class QJsonArray;

namespace Cachelab {

// BuildKit's cacheconfig (application/vnd.buildkit.cacheconfig.v0, cache/remotecache/v1):
// `layers` is a table of blobs with parents (a forest of layer chains), `records` the cache
// keys: each an operation (or a source, without inputs) whose `inputs` link other records,
// and whose result, when the export kept one, is a layer of the table (`layers`) or an
// explicit chain of them (`chains`). Records carry no step names.
class CacheConfig
{
public:
    struct Layer
    {
        QString blob;
        int parent = -1; // index into layers(), -1 for a base layer
    };
    struct Result
    {
        int layer = -1; // the top layer of the result's chain
        QString createdAt;
    };
    struct Input
    {
        int link = -1; // index into records()
        QString selector;
    };
    struct Record
    {
        QString digest;
        QList<Result> results;
        QList<QList<int>> chains; // explicit chains (base first), from `chains`
        QList<QList<Input>> inputs; // one list of alternatives per input of the operation
        bool isSource() const { return inputs.isEmpty(); }
        bool hasResults() const { return !results.isEmpty() || !chains.isEmpty(); }
    };

    // A cacheconfig blob. Every index is checked; a bad one is an error, never a crash.
    static std::optional<CacheConfig> parse(const QByteArray &json, QString *error);
    // An inline cache: the decoded JSON of the image config's `moby.buildkit.cache.v0` (a
    // records array, or a whole config in some versions) for an image whose layers are
    // `imageLayers` (base first); result layer i is the image's layer i.
    static std::optional<CacheConfig> parseInline(const QByteArray &json,
                                                  const QStringList &imageLayers, QString *error);

    QList<Layer> layers() const { return m_layers; }
    QList<Record> records() const { return m_records; }

    // The chain that ends in `layer`, base first.
    QList<int> chainOf(int layer) const;
    // Every chain of a record's results, base first.
    QList<QList<int>> resultChains(const Record &record) const;

private:
    bool decodeRecords(const QJsonArray &records, QString *error);

    QList<Layer> m_layers;
    QList<Record> m_records;
};

} // namespace Cachelab
