// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cachekey/CacheDebugData.h"

#include "core/runner/SecretRedactor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Cachelab {

namespace {

// BuildKit's frame types, as its debug handler writes them (docs/cache-debug.md): 2 bytes, 3 a count of
// bytes hashed but not kept (4 bytes, little-endian).
constexpr int kFrameBytes = 2;
constexpr int kFrameSkip = 3;

CacheKeyText::Kind kindOf(const QString &type)
{
    if (type == QLatin1String("string"))
        return CacheKeyText::Kind::String;
    if (type == QLatin1String("json"))
        return CacheKeyText::Kind::Json;
    if (type == QLatin1String("string-list"))
        return CacheKeyText::Kind::StringList;
    if (type == QLatin1String("digest-list"))
        return CacheKeyText::Kind::DigestList;
    if (type == QLatin1String("file"))
        return CacheKeyText::Kind::File;
    if (type == QLatin1String("file-list"))
        return CacheKeyText::Kind::FileList;
    return CacheKeyText::Kind::Other;
}

// The texts of a record's "debug" tree, each kept once by digest; the record's own are
// the top level.
void collect(const QJsonArray &entries, QHash<QString, CacheKeyText> *texts, QList<QString> *top)
{
    for (const QJsonValue &value : entries) {
        const QJsonObject entry = value.toObject();
        const QString digest = entry.value(QLatin1String("digest")).toString();
        if (digest.isEmpty())
            continue;
        if (top)
            top->append(digest);
        const QJsonArray subRecords = entry.value(QLatin1String("subRecords")).toArray();
        if (!texts->contains(digest)) {
            CacheKeyText text;
            text.kind = kindOf(entry.value(QLatin1String("type")).toString());
            for (const QJsonValue &frameValue : entry.value(QLatin1String("data")).toArray()) {
                const QJsonObject frame = frameValue.toObject();
                const QByteArray bytes
                    = QByteArray::fromBase64(frame.value(QLatin1String("data")).toString().toLatin1());
                const int type = frame.value(QLatin1String("type")).toInt();
                if (type == kFrameSkip && bytes.size() == 4) {
                    const auto *b = reinterpret_cast<const unsigned char *>(bytes.constData());
                    text.skippedBytes += qint64(b[0]) | qint64(b[1]) << 8 | qint64(b[2]) << 16 | qint64(b[3]) << 24;
                } else if (type == kFrameBytes) {
                    text.items.append(bytes);
                }
            }
            for (const QJsonValue &sub : subRecords)
                text.sub.append(sub.toObject().value(QLatin1String("digest")).toString());
            texts->insert(digest, text);
        }
        collect(subRecords, texts, nullptr);
    }
}

// "mode420" -> 420.
qint64 field(const QList<QByteArray> &items, QByteArrayView name)
{
    for (const QByteArray &item : items) {
        if (item.startsWith(name))
            return item.mid(name.size()).toLongLong();
    }
    return 0;
}

} // namespace

std::optional<CacheDebugData> CacheDebugData::fromStoreJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (!document.isArray()) {
        if (error)
            *error = document.isNull()
                ? QStringLiteral("not JSON (%1 at byte %2)").arg(parseError.errorString()).arg(parseError.offset)
                : QStringLiteral("not a list of cache records");
        return std::nullopt;
    }
    CacheDebugData data;
    for (const QJsonValue &value : document.array()) {
        const QJsonObject object = value.toObject();
        Record record;
        record.id = object.value(QLatin1String("id")).toInt();
        record.digest = object.value(QLatin1String("digest")).toString();
        record.random = object.value(QLatin1String("random")).toBool();
        for (const QJsonValue &parentValue : object.value(QLatin1String("parents")).toArray()) {
            const QJsonObject parent = parentValue.toObject();
            record.parents.append({parent.value(QLatin1String("input")).toInt(),
                                   parent.value(QLatin1String("output")).toInt(),
                                   parent.value(QLatin1String("digest")).toString(),
                                   parent.value(QLatin1String("selector")).toString(),
                                   parent.value(QLatin1String("target")).toInt()});
        }
        collect(object.value(QLatin1String("debug")).toArray(), &data.m_texts, &record.texts);
        data.m_indexById.insert(record.id, data.m_records.size());
        data.m_records.append(record);
    }
    // Each op parsed once: the X-ray matches every step against every record.
    for (Record &record : data.m_records)
        record.op = QJsonDocument::fromJson(data.opJson(record)).object();
    return data;
}

const CacheDebugData::Record *CacheDebugData::record(int id) const
{
    const auto it = m_indexById.constFind(id);
    return it == m_indexById.constEnd() ? nullptr : &m_records.at(*it);
}

const CacheKeyText *CacheDebugData::text(const QString &digest) const
{
    const auto it = m_texts.constFind(digest);
    return it == m_texts.constEnd() ? nullptr : &*it;
}

QByteArray CacheDebugData::opJson(const Record &record) const
{
    // The op reference "sha256:<op>@N" names the op's JSON, directly or through a source
    // identifier ("buildkit.source.v0:sha256:…" for an image): follow the strings.
    QList<QString> pending = record.texts;
    for (int step = 0; step < pending.size() && step < 16; ++step) {
        const CacheKeyText *found = text(pending.at(step));
        if (!found)
            continue;
        if (found->kind == CacheKeyText::Kind::Json && !found->items.isEmpty())
            return found->items.constFirst();
        if (found->kind == CacheKeyText::Kind::String)
            pending += found->sub;
    }
    return {};
}

QStringList CacheDebugData::selectorPaths(const QString &selectorDigest) const
{
    const CacheKeyText *selector = text(selectorDigest);
    if (!selector)
        return {};
    QStringList paths;
    for (const QByteArray &item : selector->items)
        paths += QString::fromUtf8(item).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    return paths;
}

QMap<QString, CacheKeyFile> CacheDebugData::contentFiles(const Record &contentRecord) const
{
    QMap<QString, CacheKeyFile> files;
    for (const QString &digest : contentRecord.texts) {
        const CacheKeyText *reference = text(digest);
        if (!reference)
            continue;
        for (const QString &sub : reference->sub) {
            const CacheKeyText *key = text(sub);
            if (!key || key->kind != CacheKeyText::Kind::DigestList)
                continue;
            for (const QString &list : key->sub)
                walkFiles(list, QString(), &files, 0);
        }
    }
    return files;
}

void CacheDebugData::walkFiles(const QString &digest, const QString &prefix,
                               QMap<QString, CacheKeyFile> *files, int depth) const
{
    const CacheKeyText *entry = text(digest);
    if (!entry || depth > 256)
        return; // a cycle would be a corrupt answer: stop rather than loop
    if (entry->kind == CacheKeyText::Kind::File) {
        CacheKeyFile file;
        file.digest = digest;
        file.mode = int(field(entry->items, "mode"));
        file.size = field(entry->items, "size");
        file.typeflag = int(field(entry->items, "typeflag"));
        files->insert(prefix, file);
        return;
    }
    if (entry->kind != CacheKeyText::Kind::FileList)
        return;
    // Pairs: "\0<name>" then the digest of that name's text ("\0" alone: the folder itself).
    for (qsizetype i = 0; i + 1 < entry->items.size(); i += 2) {
        QByteArray name = entry->items.at(i);
        if (name.startsWith('\0'))
            name.remove(0, 1);
        const QString child = QString::fromLatin1(entry->items.at(i + 1));
        const QString path = name.isEmpty() ? prefix
            : prefix.isEmpty()               ? QString::fromUtf8(name)
                                             : prefix + QLatin1Char('/') + QString::fromUtf8(name);
        walkFiles(child, path, files, depth + 1);
    }
}

namespace {
QJsonArray redactedEntries(const QJsonArray &entries)
{
    QJsonArray out;
    for (const QJsonValue &value : entries) {
        QJsonObject entry = value.toObject();
        if (entry.value(QLatin1String("type")).toString() == QLatin1String("json")) {
            QJsonArray frames = entry.value(QLatin1String("data")).toArray();
            for (qsizetype i = 0; i < frames.size(); ++i) {
                QJsonObject frame = frames.at(i).toObject();
                QJsonObject op = QJsonDocument::fromJson(
                                     QByteArray::fromBase64(frame.value(QLatin1String("data")).toString().toLatin1()))
                                     .object();
                QJsonObject exec = op.value(QLatin1String("Exec")).toObject();
                QJsonObject meta = exec.value(QLatin1String("meta")).toObject();
                if (!meta.contains(QLatin1String("env")))
                    continue;
                QJsonArray env;
                for (const QJsonValue &variable : meta.value(QLatin1String("env")).toArray()) {
                    const QString pair = variable.toString();
                    const QString name = pair.section(QLatin1Char('='), 0, 0);
                    env.append(SecretRedactor::isSecretName(name) ? name + QLatin1Char('=') + SecretRedactor::mask()
                                                                  : SecretRedactor::redact(pair));
                }
                meta.insert(QLatin1String("env"), env);
                exec.insert(QLatin1String("meta"), meta);
                op.insert(QLatin1String("Exec"), exec);
                frame.insert(QLatin1String("data"),
                             QString::fromLatin1(QJsonDocument(op).toJson(QJsonDocument::Compact).toBase64()));
                frames.replace(i, frame);
            }
            entry.insert(QLatin1String("data"), frames);
        }
        if (entry.contains(QLatin1String("subRecords")))
            entry.insert(QLatin1String("subRecords"), redactedEntries(entry.value(QLatin1String("subRecords")).toArray()));
        out.append(entry);
    }
    return out;
}
} // namespace

QByteArray CacheDebugData::redactedStoreJson(const QByteArray &json)
{
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (!document.isArray())
        return {};
    QJsonArray records;
    for (const QJsonValue &value : document.array()) {
        QJsonObject record = value.toObject();
        record.insert(QLatin1String("debug"), redactedEntries(record.value(QLatin1String("debug")).toArray()));
        records.append(record);
    }
    return QJsonDocument(records).toJson(QJsonDocument::Compact);
}

QList<CacheKeyFileChange> CacheDebugData::diff(const QMap<QString, CacheKeyFile> &before,
                                               const QMap<QString, CacheKeyFile> &after)
{
    QList<CacheKeyFileChange> changes;
    for (auto it = before.begin(); it != before.end(); ++it) {
        const auto other = after.constFind(it.key());
        if (other == after.constEnd()) {
            changes.append({CacheKeyFileChange::Kind::Removed, it.key(), *it, {}});
        } else if (other->digest != it->digest) {
            const bool modeOnly = other->mode != it->mode && other->size == it->size
                && other->typeflag == it->typeflag;
            changes.append({modeOnly ? CacheKeyFileChange::Kind::Mode : CacheKeyFileChange::Kind::Content,
                            it.key(), *it, *other});
        }
    }
    for (auto it = after.begin(); it != after.end(); ++it) {
        if (!before.contains(it.key()))
            changes.append({CacheKeyFileChange::Kind::Added, it.key(), {}, *it});
    }
    return changes;
}

} // namespace Cachelab
