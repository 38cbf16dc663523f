// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>
#include <optional>

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QString>

namespace Cachelab {

// The archive under a `.cachelab` bundle: a gzip-compressed POSIX tar (pax), written and
// read with libarchive, so `tar tzf` lists a bundle and `tar xzf` unpacks it. Reading is
// for files from strangers: every member is checked before a byte of it is written.
namespace BundleArchive {

struct Member
{
    QString path; // inside the archive
    QString sourceFile; // a file to copy in, streamed; or, when empty,
    QByteArray bytes; // these bytes
    bool executable = false;
};

struct Limits
{
    qint64 maxMemberSize = qint64(1) << 30; // 1 GiB: the largest log worth sending
    qint64 maxTotalSize = qint64(4) << 30;
    int maxMembers = 10000;
};

// Writes the members in order (the manifest first, by convention) to `archivePath`,
// atomically: a crash or an error leaves any earlier file there untouched. false and
// *error (one line) on failure.
bool write(const QString &archivePath, const QList<Member> &members, QString *error);

// Unpacks `archivePath` into `targetDir`, which must not exist yet; it appears whole or
// not at all. Refused, with one line in *error naming the archive and the member: a
// corrupt or non-tar archive, an absolute path or one with `..`, a symlink, hard link,
// device or other special member, a member over the size cap, too many members or bytes.
// Nothing is ever written outside targetDir's parent's temporary folder and targetDir.
bool extract(const QString &archivePath, const QString &targetDir, QString *error,
             const Limits &limits = {});

// The regular-file members of a (gzip-compressed) tar for which `wanted(path)` holds,
// read into memory under the same caps as extract(): for archives Cachelab reads but never
// unpacks (a `.dockerbuild` file). Other members are skipped. nullopt and *error (one line
// naming the archive and member) on a corrupt archive or a cap exceeded.
using MemberFilter = std::function<bool(const QString &path)>;
std::optional<QHash<QString, QByteArray>> readFiles(const QString &archivePath,
                                                    const MemberFilter &wanted, QString *error,
                                                    const Limits &limits = {});
// The same for an archive held in memory; `name` stands for it in errors.
std::optional<QHash<QString, QByteArray>> readFiles(QByteArrayView archive, const QString &name,
                                                    const MemberFilter &wanted, QString *error,
                                                    const Limits &limits = {});

// The member paths of an archive, in order (for tests and `bundle info`); empty and
// *error on failure.
QStringList list(const QString &archivePath, QString *error);

} // namespace BundleArchive

} // namespace Cachelab
