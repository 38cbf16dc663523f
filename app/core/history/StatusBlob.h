// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace Cachelab {

// A build history record's logs blob (BuildKit's application/vnd.buildkit.status.v0, as
// in a `.dockerbuild` file): StatusResponse protobuf messages, each preceded by its size
// as a 4-byte little-endian integer. Decoded with libprotobuf (buildkit_status.proto) and
// written out as the `--progress=rawjson` lines `docker buildx history logs --progress
// rawjson` prints for the same record, so that a run read from a file and a run imported
// from a builder are the same log, read by RawJsonProgressParser.
namespace StatusBlob {

// The media type of such a blob in a history record's manifest.
QString mediaType();

// The rawjson lines of the blob, one per message. nullopt and *error ("message 12 at
// byte 4096: …") when a size runs past the end or a message is not a StatusResponse;
// nothing of the blob is kept then. Memory: about twice the blob.
std::optional<QByteArray> toRawJson(QByteArrayView blob, QString *error);

} // namespace StatusBlob

} // namespace Cachelab
