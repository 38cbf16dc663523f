// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace Cachelab {

// Reads a whole input file that must stay small (a Dockerfile, a script, a JSON state
// file) with a cap that holds for every kind of file: /dev/zero, a FIFO or a /proc file
// report no size or size 0, so the cap is on the bytes read, not on QFile::size().
namespace BoundedFile {

// The file's bytes; nullopt and *error ("PATH: cannot read the file: …", "PATH: more than
// N bytes (limit: N)") when it cannot be read or holds more than `maxBytes`.
std::optional<QByteArray> read(const QString &path, qint64 maxBytes, QString *error);

} // namespace BoundedFile

} // namespace Cachelab
