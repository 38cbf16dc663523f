// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/registry/RegistryCredentials.h"

#include <optional>
#include <QJsonObject>
#include <QString>

namespace Cachelab {

// Registry credentials as the docker CLI finds them: `$DOCKER_CONFIG/config.json` or
// `~/.docker/config.json`; for a registry, `credHelpers[host]` first, then `credsStore`
// (both run `docker-credential-<name> get` with the host on stdin), then `auths[host]`
// (`auth` = base64 "user:password", or `identitytoken`). Errors name the file or helper,
// never what the helper printed (it may hold a secret).
class DockerCredentials
{
public:
    // The config of $DOCKER_CONFIG or ~/.docker; empty (anonymous) when there is none.
    static DockerCredentials fromEnvironment();
    static DockerCredentials fromFile(const QString &configJsonPath);

    QString configPath() const { return m_path; }
    // Set when config.json exists but cannot be read; lookups then find nothing.
    QString loadError() const { return m_loadError; }

    // The credentials for `key` (ImageRef::credentialKey()); nullopt when there are none.
    // A helper that fails sets *error (and nullopt); "not found" from a helper is no error.
    std::optional<RegistryCredentials> lookup(const QString &key, QString *error = nullptr) const;

    // How long a helper may take before it is stopped.
    void setHelperTimeout(int milliseconds) { m_helperTimeoutMs = milliseconds; }

private:
    std::optional<RegistryCredentials> fromHelper(const QString &helper, const QString &key,
                                                  QString *error) const;
    std::optional<RegistryCredentials> fromAuths(const QString &key, QString *error) const;

    QString m_path;
    QString m_loadError;
    QJsonObject m_config;
    int m_helperTimeoutMs = 15000;
};

} // namespace Cachelab
