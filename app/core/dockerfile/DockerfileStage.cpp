// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dockerfile/DockerfileStage.h"

namespace Cachelab {

QString StageBase::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Image:
        return QStringLiteral("image");
    case Kind::Stage:
        return QStringLiteral("stage");
    case Kind::Scratch:
        return QStringLiteral("scratch");
    }
    return QString();
}

QString StageDependency::viaName(Via via)
{
    switch (via) {
    case Via::From:
        return QStringLiteral("FROM");
    case Via::CopyFrom:
        return QStringLiteral("COPY --from");
    case Via::RunMount:
        return QStringLiteral("RUN --mount");
    }
    return QString();
}

} // namespace Cachelab
