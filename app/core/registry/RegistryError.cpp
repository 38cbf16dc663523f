// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/RegistryError.h"

namespace Cachelab {

QString RegistryError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return QStringLiteral("none");
    case Kind::Network:
        return QStringLiteral("network");
    case Kind::Timeout:
        return QStringLiteral("timeout");
    case Kind::Unauthorized:
        return QStringLiteral("unauthorized");
    case Kind::Forbidden:
        return QStringLiteral("forbidden");
    case Kind::NotFound:
        return QStringLiteral("not-found");
    case Kind::Server:
        return QStringLiteral("server");
    case Kind::Protocol:
        return QStringLiteral("protocol");
    case Kind::BadJson:
        return QStringLiteral("bad-json");
    case Kind::DigestMismatch:
        return QStringLiteral("digest-mismatch");
    case Kind::TooLarge:
        return QStringLiteral("too-large");
    case Kind::Insecure:
        return QStringLiteral("insecure");
    case Kind::Unsupported:
        return QStringLiteral("unsupported");
    }
    return QStringLiteral("unknown");
}

} // namespace Cachelab
