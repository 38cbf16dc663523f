// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/bundle/BundleArchive.h"

#include "core/bundle/BundleManifest.h"

#include <archive.h>
#include <archive_entry.h>
#include <memory>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QTemporaryDir>

namespace Cachelab::BundleArchive {

namespace {
constexpr qint64 kChunk = 1 << 20;

struct ArchiveDeleter
{
    void operator()(archive *a) const { archive_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveDeleter>;
struct EntryDeleter
{
    void operator()(archive_entry *e) const { archive_entry_free(e); }
};
using EntryPtr = std::unique_ptr<archive_entry, EntryDeleter>;

QString archiveError(archive *a)
{
    const char *text = archive_error_string(a);
    return text ? QString::fromUtf8(text) : QStringLiteral("unknown archive error");
}

la_ssize_t writeToSaveFile(archive *, void *client, const void *buffer, size_t length)
{
    auto *file = static_cast<QSaveFile *>(client);
    const qint64 written = file->write(static_cast<const char *>(buffer), qint64(length));
    return written < 0 ? -1 : la_ssize_t(written);
}

// A reader of tar, plain or gzip-compressed: bundles and `.dockerbuild` files.
ArchivePtr newTarReader()
{
    ArchivePtr reader(archive_read_new());
    archive_read_support_filter_gzip(reader.get());
    archive_read_support_filter_none(reader.get());
    archive_read_support_format_tar(reader.get());
    return reader;
}

ArchivePtr openForReading(const QString &archivePath, QString *error)
{
    ArchivePtr reader = newTarReader();
    const QByteArray name = QFile::encodeName(archivePath);
    if (archive_read_open_filename(reader.get(), name.constData(), 64 * 1024) != ARCHIVE_OK) {
        *error = QStringLiteral("%1: cannot open: %2")
                     .arg(QFileInfo(archivePath).fileName(), archiveError(reader.get()));
        return nullptr;
    }
    return reader;
}

QString entryPath(archive_entry *entry)
{
    const char *utf8 = archive_entry_pathname_utf8(entry);
    QString path = utf8 ? QString::fromUtf8(utf8)
                        : QFile::decodeName(QByteArray(archive_entry_pathname(entry)));
    // A directory member is written "dir/"; tar writers may also prefix "./".
    if (path.startsWith(QLatin1String("./")))
        path = path.mid(2);
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return path;
}
} // namespace

bool write(const QString &archivePath, const QList<Member> &members, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    QSaveFile file(archivePath);
    if (!file.open(QIODevice::WriteOnly))
        return fail(QStringLiteral("cannot write %1: %2").arg(archivePath, file.errorString()));
    ArchivePtr writer(archive_write_new());
    archive_write_add_filter_gzip(writer.get());
    archive_write_set_format_pax_restricted(writer.get());
    if (archive_write_open(writer.get(), &file, nullptr, writeToSaveFile, nullptr) != ARCHIVE_OK)
        return fail(QStringLiteral("cannot write %1: %2").arg(archivePath, archiveError(writer.get())));

    const qint64 now = QDateTime::currentSecsSinceEpoch();
    for (const Member &member : members) {
        if (!BundleManifest::isSafeMemberPath(member.path))
            return fail(QStringLiteral("cannot write %1: bad member path %2").arg(archivePath, member.path));
        QFile source(member.sourceFile);
        qint64 size = member.bytes.size();
        qint64 mtime = now;
        if (!member.sourceFile.isEmpty()) {
            if (!source.open(QIODevice::ReadOnly))
                return fail(QStringLiteral("cannot read %1: %2").arg(member.sourceFile, source.errorString()));
            size = source.size();
            mtime = QFileInfo(source).lastModified().toSecsSinceEpoch();
        }
        EntryPtr entry(archive_entry_new());
        archive_entry_set_pathname_utf8(entry.get(), member.path.toUtf8().constData());
        archive_entry_set_filetype(entry.get(), AE_IFREG);
        archive_entry_set_perm(entry.get(), member.executable ? 0755 : 0644);
        archive_entry_set_size(entry.get(), size);
        archive_entry_set_mtime(entry.get(), mtime, 0);
        if (archive_write_header(writer.get(), entry.get()) != ARCHIVE_OK)
            return fail(QStringLiteral("cannot write %1: %2").arg(archivePath, archiveError(writer.get())));
        if (member.sourceFile.isEmpty()) {
            if (archive_write_data(writer.get(), member.bytes.constData(), size_t(size)) != size)
                return fail(QStringLiteral("cannot write %1: %2").arg(archivePath, archiveError(writer.get())));
            continue;
        }
        // Streamed: a log of a gigabyte is never held whole. Exactly `size` bytes, even
        // if the file grows meanwhile (the header has promised that many).
        qint64 left = size;
        while (left > 0) {
            const QByteArray chunk = source.read(qMin(left, kChunk));
            if (chunk.isEmpty())
                return fail(QStringLiteral("cannot read %1: it shrank while being bundled").arg(member.sourceFile));
            if (archive_write_data(writer.get(), chunk.constData(), size_t(chunk.size())) != chunk.size())
                return fail(QStringLiteral("cannot write %1: %2").arg(archivePath, archiveError(writer.get())));
            left -= chunk.size();
        }
    }
    if (archive_write_close(writer.get()) != ARCHIVE_OK)
        return fail(QStringLiteral("cannot write %1: %2").arg(archivePath, archiveError(writer.get())));
    if (!file.commit())
        return fail(QStringLiteral("cannot write %1: %2").arg(archivePath, file.errorString()));
    return true;
}

bool extract(const QString &archivePath, const QString &targetDir, QString *error,
             const Limits &limits)
{
    const QString name = QFileInfo(archivePath).fileName();
    auto fail = [error, &name](const QString &message) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(name, message);
        return false;
    };
    if (QFileInfo::exists(targetDir))
        return fail(QStringLiteral("cannot unpack into %1: it exists").arg(targetDir));
    const QString parent = QFileInfo(targetDir).absolutePath();
    if (!QDir().mkpath(parent))
        return fail(QStringLiteral("cannot create %1").arg(parent));
    // Unpacked beside the target, then renamed: the target holds a whole bundle or nothing.
    QTemporaryDir staging(QDir(parent).filePath(QStringLiteral(".unpacking-XXXXXX")));
    if (!staging.isValid())
        return fail(QStringLiteral("cannot create a folder in %1").arg(parent));
    const QDir root(staging.path());

    QString openError;
    ArchivePtr reader = openForReading(archivePath, &openError);
    if (!reader) {
        if (error)
            *error = openError;
        return false;
    }
    int count = 0;
    qint64 total = 0;
    QByteArray buffer(int(kChunk), Qt::Uninitialized);
    for (;;) {
        archive_entry *entry = nullptr;
        const int status = archive_read_next_header(reader.get(), &entry);
        if (status == ARCHIVE_EOF)
            break;
        if (status != ARCHIVE_OK && status != ARCHIVE_WARN)
            return fail(QStringLiteral("not a readable bundle archive (%1)").arg(archiveError(reader.get())));
        const QString path = entryPath(entry);
        if (++count > limits.maxMembers)
            return fail(QStringLiteral("more than %1 members").arg(limits.maxMembers));
        const mode_t type = archive_entry_filetype(entry);
        if (type == AE_IFDIR && path.isEmpty())
            continue; // "./"
        if (!BundleManifest::isSafeMemberPath(path))
            return fail(QStringLiteral("member %1: a path outside the bundle").arg(path));
        if (archive_entry_hardlink(entry))
            return fail(QStringLiteral("member %1: a hard link (bundles hold plain files only)").arg(path));
        if (type == AE_IFLNK)
            return fail(QStringLiteral("member %1: a symbolic link (bundles hold plain files only)").arg(path));
        if (type == AE_IFDIR) {
            if (!root.mkpath(path))
                return fail(QStringLiteral("cannot create %1").arg(root.filePath(path)));
            continue;
        }
        if (type != AE_IFREG)
            return fail(QStringLiteral("member %1: a special file (bundles hold plain files only)").arg(path));
        const qint64 declared = archive_entry_size(entry);
        if (declared > limits.maxMemberSize)
            return fail(QStringLiteral("member %1: %2 bytes, over the cap of %3")
                            .arg(path).arg(declared).arg(limits.maxMemberSize));
        const QString target = root.filePath(path);
        if (QFileInfo::exists(target))
            return fail(QStringLiteral("member %1 is given twice").arg(path));
        if (!root.mkpath(QFileInfo(path).path()))
            return fail(QStringLiteral("cannot create the folder of %1").arg(path));
        QFile out(target);
        if (!out.open(QIODevice::WriteOnly))
            return fail(QStringLiteral("cannot write %1: %2").arg(target, out.errorString()));
        qint64 written = 0;
        for (;;) {
            const la_ssize_t got = archive_read_data(reader.get(), buffer.data(), size_t(buffer.size()));
            if (got == 0)
                break;
            if (got < 0)
                return fail(QStringLiteral("member %1 is corrupt (%2)").arg(path, archiveError(reader.get())));
            written += got;
            total += got;
            // The header may lie about the size: count what really comes.
            if (written > limits.maxMemberSize)
                return fail(QStringLiteral("member %1: over the cap of %2 bytes").arg(path).arg(limits.maxMemberSize));
            if (total > limits.maxTotalSize)
                return fail(QStringLiteral("over the cap of %1 bytes in all").arg(limits.maxTotalSize));
            if (out.write(buffer.constData(), got) != got)
                return fail(QStringLiteral("cannot write %1: %2").arg(target, out.errorString()));
        }
        if (archive_entry_perm(entry) & 0100)
            out.setPermissions(out.permissions() | QFileDevice::ExeOwner | QFileDevice::ExeUser);
        out.close();
    }
    if (count == 0)
        return fail(QStringLiteral("an empty archive"));
    if (!QDir().rename(staging.path(), targetDir))
        return fail(QStringLiteral("cannot move the unpacked bundle to %1").arg(targetDir));
    staging.setAutoRemove(false);
    return true;
}

namespace {
std::optional<QHash<QString, QByteArray>> readFilesFrom(archive *reader, const QString &name,
                                                        const MemberFilter &wanted,
                                                        QString *error, const Limits &limits)
{
    auto fail = [error, &name](const QString &message) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(name, message);
        return std::nullopt;
    };
    QHash<QString, QByteArray> files;
    int count = 0;
    qint64 total = 0;
    QByteArray buffer(qsizetype(kChunk), Qt::Uninitialized);
    for (;;) {
        archive_entry *entry = nullptr;
        const int status = archive_read_next_header(reader, &entry);
        if (status == ARCHIVE_EOF)
            break;
        if (status != ARCHIVE_OK && status != ARCHIVE_WARN)
            return fail(QStringLiteral("not a readable tar archive (%1)").arg(archiveError(reader)));
        if (++count > limits.maxMembers)
            return fail(QStringLiteral("more than %1 members").arg(limits.maxMembers));
        const QString path = entryPath(entry);
        if (archive_entry_filetype(entry) != AE_IFREG || archive_entry_hardlink(entry)
            || !wanted(path))
            continue;
        if (files.contains(path))
            return fail(QStringLiteral("member %1 is given twice").arg(path));
        const qint64 declared = archive_entry_size(entry);
        if (declared > limits.maxMemberSize || total + declared > limits.maxTotalSize)
            return fail(QStringLiteral("member %1: %2 bytes, over the cap of %3")
                            .arg(path).arg(declared).arg(limits.maxMemberSize));
        QByteArray bytes;
        bytes.reserve(qsizetype(qMax<qint64>(declared, 0)));
        for (;;) {
            const la_ssize_t got = archive_read_data(reader, buffer.data(), size_t(buffer.size()));
            if (got == 0)
                break;
            if (got < 0)
                return fail(QStringLiteral("member %1 is corrupt (%2)").arg(path, archiveError(reader)));
            total += got;
            // The header may lie about the size: count what really comes.
            if (bytes.size() + got > limits.maxMemberSize || total > limits.maxTotalSize)
                return fail(QStringLiteral("member %1: over the cap of %2 bytes").arg(path).arg(limits.maxMemberSize));
            bytes.append(buffer.constData(), qsizetype(got));
        }
        files.insert(path, bytes);
    }
    if (count == 0)
        return fail(QStringLiteral("an empty archive"));
    return files;
}
} // namespace

std::optional<QHash<QString, QByteArray>> readFiles(const QString &archivePath,
                                                    const MemberFilter &wanted, QString *error,
                                                    const Limits &limits)
{
    QString openError;
    ArchivePtr reader = openForReading(archivePath, &openError);
    if (!reader) {
        if (error)
            *error = openError;
        return std::nullopt;
    }
    return readFilesFrom(reader.get(), QFileInfo(archivePath).fileName(), wanted, error, limits);
}

std::optional<QHash<QString, QByteArray>> readFiles(QByteArrayView archive, const QString &name,
                                                    const MemberFilter &wanted, QString *error,
                                                    const Limits &limits)
{
    ArchivePtr reader = newTarReader();
    if (archive_read_open_memory(reader.get(), archive.data(), size_t(archive.size())) != ARCHIVE_OK) {
        if (error)
            *error = QStringLiteral("%1: cannot open: %2").arg(name, archiveError(reader.get()));
        return std::nullopt;
    }
    return readFilesFrom(reader.get(), name, wanted, error, limits);
}

QStringList list(const QString &archivePath, QString *error)
{
    QString openError;
    ArchivePtr reader = openForReading(archivePath, &openError);
    if (!reader) {
        if (error)
            *error = openError;
        return {};
    }
    QStringList paths;
    archive_entry *entry = nullptr;
    int status = ARCHIVE_OK;
    while ((status = archive_read_next_header(reader.get(), &entry)) == ARCHIVE_OK
           || status == ARCHIVE_WARN)
        paths.append(entryPath(entry));
    if (status != ARCHIVE_EOF) {
        if (error)
            *error = QStringLiteral("%1: not a readable bundle archive (%2)")
                         .arg(QFileInfo(archivePath).fileName(), archiveError(reader.get()));
        return {};
    }
    return paths;
}

} // namespace Cachelab::BundleArchive
