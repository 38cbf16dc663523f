// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <QByteArray>
#include <QStringList>

namespace Cachelab {

// What an image config says about its layers: `rootfs.diff_ids` (uncompressed digests) and,
// for each layer, the `history` entry that made it (`created_by`, e.g. `COPY js js #
// buildkit` or `RUN /bin/sh -c …`; entries with `empty_layer` made no layer). This is how a
// cache's layers are named after Dockerfile steps: a cache layer that is one of the image's
// layers (same blob, or same uncompressed digest) was made by that history entry.
class ImageHistory
{
public:
    static std::optional<ImageHistory> fromConfig(const QByteArray &json, QString *error = nullptr);

    QStringList diffIds() const { return m_diffIds; }
    // One per layer, aligned with diffIds(); empty when the history does not say.
    QStringList layerCommands() const { return m_commands; }

private:
    QStringList m_diffIds;
    QStringList m_commands;
};

} // namespace Cachelab
