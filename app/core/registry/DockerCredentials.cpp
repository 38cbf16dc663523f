// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/DockerCredentials.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

namespace Cachelab {

namespace {

// config.json keys come as `host`, `https://host`, `http://host/v1/`...: compare hosts.
QString hostOfKey(const QString &key)
{
    QString host = key;
    const int scheme = host.indexOf(QLatin1String("://"));
    if (scheme >= 0)
        host = host.mid(scheme + 3);
    const int slash = host.indexOf(QLatin1Char('/'));
    if (slash >= 0)
        host = host.left(slash);
    return host.toLower();
}

bool sameRegistry(const QString &a, const QString &b)
{
    if (a == b)
        return true;
    const QString hostA = hostOfKey(a);
    const QString hostB = hostOfKey(b);
    const auto isHub = [](const QString &host) {
        return host == QLatin1String("index.docker.io") || host == QLatin1String("docker.io")
            || host == QLatin1String("registry-1.docker.io");
    };
    return hostA == hostB || (isHub(hostA) && isHub(hostB));
}

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

} // namespace

DockerCredentials DockerCredentials::fromEnvironment()
{
    const QString dir = qEnvironmentVariableIsEmpty("DOCKER_CONFIG")
        ? QDir::homePath() + QLatin1String("/.docker")
        : qEnvironmentVariable("DOCKER_CONFIG");
    return fromFile(dir + QLatin1String("/config.json"));
}

DockerCredentials DockerCredentials::fromFile(const QString &configJsonPath)
{
    DockerCredentials credentials;
    credentials.m_path = configJsonPath;
    QFile file(configJsonPath);
    if (!file.exists())
        return credentials;
    if (!file.open(QIODevice::ReadOnly)) {
        credentials.m_loadError = QStringLiteral("%1: %2").arg(configJsonPath, file.errorString());
        return credentials;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.read(4 * 1024 * 1024), &parseError);
    if (!document.isObject()) {
        // Never quote the file: it holds secrets.
        credentials.m_loadError = QStringLiteral("%1: not a JSON object (%2 at offset %3)")
                                      .arg(configJsonPath, parseError.errorString())
                                      .arg(parseError.offset);
        return credentials;
    }
    credentials.m_config = document.object();
    return credentials;
}

std::optional<RegistryCredentials> DockerCredentials::lookup(const QString &key,
                                                             QString *error) const
{
    const QJsonObject helpers = m_config.value(QLatin1String("credHelpers")).toObject();
    for (auto it = helpers.begin(); it != helpers.end(); ++it) {
        if (sameRegistry(it.key(), key) && !it.value().toString().isEmpty())
            return fromHelper(it.value().toString(), key, error);
    }
    const QString store = m_config.value(QLatin1String("credsStore")).toString();
    if (!store.isEmpty()) {
        QString helperError;
        auto found = fromHelper(store, key, &helperError);
        if (found)
            return found;
        if (!helperError.isEmpty()) {
            setError(error, helperError);
            return std::nullopt;
        }
        // docker falls back to `auths` when the store has nothing for this host.
    }
    return fromAuths(key, error);
}

std::optional<RegistryCredentials>
DockerCredentials::fromHelper(const QString &helper, const QString &key, QString *error) const
{
    static const QRegularExpression safeName(QStringLiteral("^[A-Za-z0-9_.-]+$"));
    if (!safeName.match(helper).hasMatch()) {
        setError(error, QStringLiteral("%1: invalid credential helper name").arg(m_path));
        return std::nullopt;
    }
    const QString program = QStringLiteral("docker-credential-") + helper;
    const QString executable = QStandardPaths::findExecutable(program);
    if (executable.isEmpty()) {
        setError(
            error,
            QStringLiteral("credential helper %1 (from %2) is not on PATH").arg(program, m_path));
        return std::nullopt;
    }
    QProcess process;
    process.setProgram(executable);
    process.setArguments({ QStringLiteral("get") });
    process.start();
    if (!process.waitForStarted(m_helperTimeoutMs)) {
        setError(error,
                 QStringLiteral("credential helper %1 did not start: %2")
                     .arg(program, process.errorString()));
        return std::nullopt;
    }
    process.write(key.toUtf8());
    process.closeWriteChannel();
    if (!process.waitForFinished(m_helperTimeoutMs)) {
        process.kill();
        process.waitForFinished(1000);
        setError(error,
                 QStringLiteral("credential helper %1 did not answer within %2 s")
                     .arg(program)
                     .arg(m_helperTimeoutMs / 1000));
        return std::nullopt;
    }
    const QByteArray output = process.readAllStandardOutput();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        // The protocol's "not found" answer: nothing stored for this host, not an error.
        if (output.contains("credentials not found"))
            return std::nullopt;
        setError(error,
                 QStringLiteral("credential helper %1 failed for %2 (exit status %3)")
                     .arg(program, key)
                     .arg(process.exitCode()));
        return std::nullopt;
    }
    const QJsonDocument document = QJsonDocument::fromJson(output);
    if (!document.isObject()) {
        setError(
            error,
            QStringLiteral("credential helper %1 printed no JSON object for %2").arg(program, key));
        return std::nullopt;
    }
    const QJsonObject object = document.object();
    RegistryCredentials credentials;
    credentials.origin = QStringLiteral("credential helper %1").arg(program);
    const QString username = object.value(QLatin1String("Username")).toString();
    const QString secret = object.value(QLatin1String("Secret")).toString();
    // The helper protocol stores an identity token with the user name "<token>".
    if (username == QLatin1String("<token>")) {
        credentials.identityToken = secret;
    } else {
        credentials.username = username;
        credentials.secret = secret;
    }
    if (credentials.isEmpty())
        return std::nullopt;
    return credentials;
}

std::optional<RegistryCredentials> DockerCredentials::fromAuths(const QString &key,
                                                                QString *error) const
{
    const QJsonObject auths = m_config.value(QLatin1String("auths")).toObject();
    for (auto it = auths.begin(); it != auths.end(); ++it) {
        if (!sameRegistry(it.key(), key))
            continue;
        const QJsonObject entry = it.value().toObject();
        RegistryCredentials credentials;
        credentials.origin = QStringLiteral("%1, auths[\"%2\"]").arg(m_path, it.key());
        credentials.identityToken = entry.value(QLatin1String("identitytoken")).toString();
        const QString auth = entry.value(QLatin1String("auth")).toString();
        if (!auth.isEmpty()) {
            const auto decoded = QByteArray::fromBase64Encoding(auth.toLatin1());
            const int colon = decoded.decoded.indexOf(':');
            if (!decoded || colon <= 0) {
                setError(error,
                         QStringLiteral("%1: auths[\"%2\"].auth is not base64 of "
                                        "user:password")
                             .arg(m_path, it.key()));
                return std::nullopt;
            }
            credentials.username = QString::fromUtf8(decoded.decoded.left(colon));
            credentials.secret = QString::fromUtf8(decoded.decoded.mid(colon + 1));
        } else {
            credentials.username = entry.value(QLatin1String("username")).toString();
            credentials.secret = entry.value(QLatin1String("password")).toString();
        }
        if (credentials.isEmpty())
            continue;
        return credentials;
    }
    return std::nullopt;
}

} // namespace Cachelab
