// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/registry/ImageRef.h"
#include "core/registry/RegistryCredentials.h"
#include "core/registry/RegistryError.h"

#include <functional>
#include <memory>
#include <optional>
#include <QHash>
#include <QObject>
#include <QStringList>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace Cachelab {

class AuthChallenge;

// What a successful GET gave: the body, checked against its digest.
struct RegistryResponse
{
    QByteArray body;
    QString contentType; // without parameters
    QString digest; // sha256:… of body, verified
    QUrl url; // the last URL, after redirects
};

struct RegistryResult
{
    RegistryResponse response;
    RegistryError error;
    bool ok() const { return !error.isError(); }
};

// Reads manifests and blobs of one repository through the registry HTTP API v2,
// asynchronously (QNetworkAccessManager, callbacks on the caller's thread).
// - Anonymous first; a 401 with `WWW-Authenticate: Bearer realm,service,scope` gets a token
//   from the realm (with the credentials, if any, as Basic auth) and the request is sent
//   again; a `Basic` challenge is answered with the credentials.
// - Redirects are followed by hand: the Authorization header goes only to the registry's own
//   origin (scheme, host, port), never to a redirect target elsewhere (blob storage).
// - TLS by default; plain HTTP only for loopback hosts or when the user said --insecure.
// - Each request has a timeout (no progress for that long, or twice that in all) and a body
//   size cap; a manifest's body must match Docker-Content-Digest (and the digest asked
//   for), a blob's the digest asked for.
// - Every error message is redacted of the secrets in use.
class RegistryClient : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const RegistryResult &)>;

    // The media types a manifest GET accepts: OCI index and manifest, Docker list and v2.
    static QStringList manifestMediaTypes();

    explicit RegistryClient(const ImageRef &ref, QObject *parent = nullptr);
    ~RegistryClient() override;

    // Plain HTTP to a host that is not loopback (the user's --insecure).
    void setInsecure(bool insecure) { m_insecure = insecure; }
    void setCredentials(const std::optional<RegistryCredentials> &credentials);
    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }
    void setMaxManifestSize(qint64 bytes) { m_maxManifestSize = bytes; }
    void setMaxBlobSize(qint64 bytes) { m_maxBlobSize = bytes; }

    ImageRef ref() const { return m_ref; }
    QUrl baseUrl() const; // scheme://host[:port]
    bool usesPlainHttp() const { return baseUrl().scheme() == QLatin1String("http"); }

    // GET /v2/<repo>/manifests/<reference>; the body must be a JSON object.
    void getManifest(const QString &reference, Callback done);
    // GET /v2/<repo>/blobs/<digest>.
    void getBlob(const QString &digest, Callback done);

    // `text` with every secret this client knows (passwords, tokens, auth strings) masked.
    QString redact(const QString &text) const;

private:
    struct Request;
    void send(const std::shared_ptr<Request> &request);
    void handleReply(const std::shared_ptr<Request> &request, QNetworkReply *reply);
    void answerChallenge(const std::shared_ptr<Request> &request, const AuthChallenge &challenge);
    void fetchToken(const std::shared_ptr<Request> &request, const AuthChallenge &challenge);
    void finish(const std::shared_ptr<Request> &request, RegistryError::Kind kind,
                const QString &message, int status = 0);
    bool plainHttpAllowed(const QUrl &url) const;
    bool isRegistryOrigin(const QUrl &url) const;
    QByteArray basicAuthorization() const;

    ImageRef m_ref;
    QNetworkAccessManager *m_network;
    bool m_insecure = false;
    std::optional<RegistryCredentials> m_credentials;
    QByteArray m_authorization; // the header value that worked (Basic … or Bearer …)
    QStringList m_secrets; // everything to mask in messages
    int m_timeoutMs = 30000;
    qint64 m_maxManifestSize = 4 * 1024 * 1024;
    qint64 m_maxBlobSize = 64 * 1024 * 1024;
};

} // namespace Cachelab
