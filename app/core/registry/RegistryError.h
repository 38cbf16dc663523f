// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Cachelab {

// Why a registry request failed, with one line for the user. The message never holds a
// credential: RegistryClient redacts every message it makes.
struct RegistryError
{
    enum class Kind
    {
        None,
        Network, // connection refused, DNS, TLS
        Timeout,
        Unauthorized, // 401: no or refused credentials
        Forbidden, // 403
        NotFound, // 404
        Server, // 5xx, 429
        Protocol, // another status, a bad redirect, a bad token answer
        BadJson,
        DigestMismatch,
        TooLarge,
        Insecure, // plain HTTP (or a downgrade) to a host that is not allowed it
        Unsupported // a manifest that is no cache and no image
    };

    Kind kind = Kind::None;
    int httpStatus = 0;
    QString message;

    bool isError() const { return kind != Kind::None; }
    static QString kindName(Kind kind);
};

} // namespace Cachelab
