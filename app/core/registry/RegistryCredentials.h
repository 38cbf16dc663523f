// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Cachelab {

// What Docker's config gives for one registry: a user name and password, or an identity
// token (a refresh token for the token service). Never printed: describe() says where the
// credentials came from and for whom, nothing more.
struct RegistryCredentials
{
    QString username;
    QString secret; // password or personal access token
    QString identityToken; // OAuth refresh token, when config.json has `identitytoken`
    QString origin; // e.g. "credHelpers: docker-credential-pass"; safe to show

    bool isEmpty() const { return secret.isEmpty() && identityToken.isEmpty(); }
    QString describe() const
    {
        return username.isEmpty() ? origin : QStringLiteral("user %1 (%2)").arg(username, origin);
    }
};

} // namespace Cachelab
