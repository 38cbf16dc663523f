// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/text/BoundedFile.h"

#include <QFile>

namespace Cachelab {

std::optional<QByteArray> BoundedFile::read(const QString &path, qint64 maxBytes, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot read the file: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    // A regular file's size is known first; other files are read up to one byte past the cap.
    if (file.size() > maxBytes) {
        if (error)
            *error = QStringLiteral("%1: %2 bytes is more than the limit of %3").arg(path).arg(file.size()).arg(maxBytes);
        return std::nullopt;
    }
    QByteArray bytes = file.read(maxBytes + 1);
    if (bytes.size() > maxBytes) {
        if (error)
            *error = QStringLiteral("%1: more than %2 bytes (the limit)").arg(path).arg(maxBytes);
        return std::nullopt;
    }
    if (file.error() != QFileDevice::NoError) {
        if (error)
            *error = QStringLiteral("%1: cannot read the file: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return bytes;
}

} // namespace Cachelab
