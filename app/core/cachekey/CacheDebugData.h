// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace Cachelab {

// The plain text behind one digest of BuildKit's cache debug data (docs/cache-debug.md).
struct CacheKeyText
{
    enum class Kind
    {
        String, // an op reference "sha256:<op>@<output>", or a source identifier
        Json, // an op: file, exec, or a local source's session
        StringList, // a selector: the paths an op reads from an input
        DigestList, // a content key "sha256:<checksum>@-1"
        File, // one file's checksum input: mode, size, type, …
        FileList, // a directory: "\0<name>", digest, "\0<name>", digest, …
        Other
    };
    Kind kind = Kind::Other;
    QList<QByteArray> items; // the data frames that hold bytes, in order
    qint64 skippedBytes = 0; // a File's content: hashed, not kept
    QList<QString> sub; // the digests of the texts it refers to
};

// One file under a content key, as its checksum input says.
struct CacheKeyFile
{
    QString digest; // of its File text: changes with content, mode, size or type
    int mode = 0; // permission bits (420 = 0644)
    qint64 size = 0;
    int typeflag = 0; // tar's: 0 a file, 5 a directory, 2 a symlink

    friend bool operator==(const CacheKeyFile &a, const CacheKeyFile &b)
    {
        return a.digest == b.digest && a.mode == b.mode && a.size == b.size && a.typeflag == b.typeflag;
    }
};

// A change between two content keys' files.
struct CacheKeyFileChange
{
    enum class Kind
    {
        Added,
        Removed,
        Content, // another checksum with the same mode and type (the size may say more)
        Mode // another mode, size and type the same (the content, not kept, may differ too)
    };
    Kind kind = Kind::Content;
    QString path; // relative to the selected path
    CacheKeyFile before;
    CacheKeyFile after;
};

// One answer of `GET /debug/cache/store` (JSON form): the cache records and the plain
// texts behind their digests. Record ids are the answer's own (docs/cache-debug.md).
class CacheDebugData
{
public:
    struct Parent
    {
        int input = 0;
        int output = 0;
        QString digest; // the op reference this input is keyed by
        QString selector; // digest of the selected paths' text, or empty
        int target = 0; // the parent record's id
    };
    struct Record
    {
        int id = 0;
        QString digest;
        bool random = false;
        QList<Parent> parents;
        QList<QString> texts; // the digests of its own plain texts
        QJsonObject op; // opJson() parsed, once when the answer is read
    };

    // nullopt and *error (one line) when the answer is not such JSON.
    static std::optional<CacheDebugData> fromStoreJson(const QByteArray &json, QString *error);

    const QList<Record> &records() const { return m_records; }
    const Record *record(int id) const;
    const CacheKeyText *text(const QString &digest) const;
    // The op behind a record: the JSON text its "sha256:<op>@N" reference names.
    QByteArray opJson(const Record &record) const;
    // A selector's paths ("/assets").
    QStringList selectorPaths(const QString &selectorDigest) const;
    // The files under a content key record (a DigestList text "sha256:<checksum>@-1"),
    // by path below the selection; empty when the record holds none.
    QMap<QString, CacheKeyFile> contentFiles(const Record &contentRecord) const;

    // The store answer with what must not leave the machine masked: in every exec op's
    // environment the values of secret-looking names (build arguments such as NPM_TOKEN
    // reach it), as SecretRedactor masks them. Digests are left as they are.
    static QByteArray redactedStoreJson(const QByteArray &json);

    static QList<CacheKeyFileChange> diff(const QMap<QString, CacheKeyFile> &before,
                                          const QMap<QString, CacheKeyFile> &after);

private:
    void walkFiles(const QString &digest, const QString &prefix, QMap<QString, CacheKeyFile> *files,
                   int depth) const;

    QList<Record> m_records;
    QHash<int, qsizetype> m_indexById;
    QHash<QString, CacheKeyText> m_texts;
};

} // namespace Cachelab
