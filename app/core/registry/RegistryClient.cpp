// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/RegistryClient.h"

#include "core/registry/AuthChallenge.h"
#include "core/runner/SecretRedactor.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QRegularExpression>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>

namespace Cachelab {

namespace {

constexpr int maxRedirects = 5;
constexpr qint64 maxTokenAnswer = 1024 * 1024;

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

QString originOf(const QUrl &url)
{
    return url
        .adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment
                  | QUrl::RemoveUserInfo)
        .toString();
}

// sha256:… (or sha512:…) of `body`, in the algorithm of `like`.
QString digestOf(const QByteArray &body, const QString &like = QString())
{
    if (like.startsWith(QLatin1String("sha512:")))
        return QStringLiteral("sha512:")
            + QString::fromLatin1(
                   QCryptographicHash::hash(body, QCryptographicHash::Sha512).toHex());
    return QStringLiteral("sha256:")
        + QString::fromLatin1(QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex());
}

// `{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}` → one short line.
QString registryErrorText(const QByteArray &body)
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    QStringList parts;
    const QJsonArray errors = document.object().value(QLatin1String("errors")).toArray();
    for (const QJsonValue &value : errors) {
        const QJsonObject error = value.toObject();
        const QString code = error.value(QLatin1String("code")).toString();
        const QString message = error.value(QLatin1String("message")).toString();
        parts.append(code.isEmpty() ? message : QStringLiteral("%1 (%2)").arg(message, code));
    }
    QString text = parts.join(QLatin1String("; "));
    if (text.isEmpty() && !document.isObject()) {
        // Some text the server sent: one line of printable characters, short.
        text = QString::fromUtf8(body.left(160)).simplified();
        text.remove(QRegularExpression(QStringLiteral("[^\\x20-\\x7e]")));
    }
    return text.left(200);
}

QString mediaTypeOf(const QNetworkReply *reply)
{
    QString type = QString::fromLatin1(reply->rawHeader("Content-Type"));
    const int semicolon = type.indexOf(QLatin1Char(';'));
    if (semicolon >= 0)
        type = type.left(semicolon);
    return type.trimmed();
}

} // namespace

struct RegistryClient::Request
{
    QString what; // "manifest 127.0.0.1:5000/x:cache", for messages
    QUrl url;
    QByteArray accept;
    QString expectedDigest; // a blob's digest, or the digest a manifest was asked by
    bool isManifest = false;
    qint64 cap = 0;
    int redirects = 0;
    bool authAnswered = false;
    QByteArray body;
    Callback done;
    bool finished = false;
    QElapsedTimer started; // the request's one deadline counts from its first transfer
};

QStringList RegistryClient::manifestMediaTypes()
{
    return { QStringLiteral("application/vnd.oci.image.index.v1+json"),
             QStringLiteral("application/vnd.oci.image.manifest.v1+json"),
             QStringLiteral("application/vnd.docker.distribution.manifest.list.v2+json"),
             QStringLiteral("application/vnd.docker.distribution.manifest.v2+json") };
}

RegistryClient::RegistryClient(const ImageRef &ref, QObject *parent)
    : QObject(parent)
    , m_ref(ref)
    , m_network(new QNetworkAccessManager(this))
{
    // Redirects are ours to follow: see send().
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

RegistryClient::~RegistryClient() = default;

void RegistryClient::setCredentials(const std::optional<RegistryCredentials> &credentials)
{
    m_credentials = credentials;
    if (!credentials)
        return;
    for (const QString &secret : { credentials->secret, credentials->identityToken }) {
        if (!secret.isEmpty())
            m_secrets.append(secret);
    }
    const QByteArray basic = basicAuthorization();
    if (!basic.isEmpty()) {
        m_secrets.append(QString::fromLatin1(basic));
        m_secrets.append(QString::fromLatin1(basic.mid(6))); // the base64 alone
    }
}

QUrl RegistryClient::baseUrl() const
{
    const bool plain = m_insecure || m_ref.isLoopback();
    return QUrl((plain ? QStringLiteral("http://") : QStringLiteral("https://")) + m_ref.apiHost());
}

bool RegistryClient::plainHttpAllowed(const QUrl &url) const
{
    return m_insecure || isLoopbackHost(url.host());
}

bool RegistryClient::isRegistryOrigin(const QUrl &url) const
{
    return originOf(url) == originOf(baseUrl());
}

QByteArray RegistryClient::basicAuthorization() const
{
    if (!m_credentials || m_credentials->username.isEmpty() || m_credentials->secret.isEmpty())
        return {};
    return "Basic "
        + (m_credentials->username + QLatin1Char(':') + m_credentials->secret).toUtf8().toBase64();
}

QString RegistryClient::redact(const QString &text) const
{
    QString out = text;
    for (const QString &secret : m_secrets) {
        if (secret.size() >= 3)
            out.replace(secret, SecretRedactor::mask());
    }
    return SecretRedactor::redact(out);
}

void RegistryClient::getManifest(const QString &reference, Callback done)
{
    auto request = std::make_shared<Request>();
    request->what
        = QStringLiteral("manifest %1/%2:%3").arg(m_ref.domain(), m_ref.repository(), reference);
    if (reference.contains(QLatin1Char(':')))
        request->what = QStringLiteral("manifest %1/%2@%3")
                            .arg(m_ref.domain(), m_ref.repository(), reference);
    QUrl url = baseUrl();
    url.setPath(QStringLiteral("/v2/%1/manifests/%2").arg(m_ref.repository(), reference));
    request->url = url;
    request->accept = manifestMediaTypes().join(QLatin1String(", ")).toLatin1();
    if (reference.contains(QLatin1Char(':')))
        request->expectedDigest = reference;
    request->isManifest = true;
    request->cap = m_maxManifestSize;
    request->done = std::move(done);
    send(request);
}

void RegistryClient::getBlob(const QString &digest, Callback done)
{
    auto request = std::make_shared<Request>();
    request->what
        = QStringLiteral("blob %1 of %2/%3").arg(digest, m_ref.domain(), m_ref.repository());
    QUrl url = baseUrl();
    url.setPath(QStringLiteral("/v2/%1/blobs/%2").arg(m_ref.repository(), digest));
    request->url = url;
    request->expectedDigest = digest;
    request->cap = m_maxBlobSize;
    request->done = std::move(done);
    send(request);
}

void RegistryClient::send(const std::shared_ptr<Request> &request)
{
    if (request->url.scheme() == QLatin1String("http") && !plainHttpAllowed(request->url)) {
        finish(request, RegistryError::Kind::Insecure,
               QStringLiteral("refusing plain HTTP to %1 (not a loopback host; use --insecure "
                              "if this registry has no TLS)")
                   .arg(request->url.host()));
        return;
    }
    // One deadline for the whole request (redirects and a token fetch included), as the
    // timeout message says: a silent server is stopped by the transfer timeout, one that
    // trickles a byte at a time by the deadline.
    if (!request->started.isValid())
        request->started.start();
    const int remaining = int(std::max<qint64>(1, m_timeoutMs - request->started.elapsed()));
    QNetworkRequest networkRequest(request->url);
    networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                QNetworkRequest::ManualRedirectPolicy);
    networkRequest.setTransferTimeout(remaining);
    networkRequest.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("cachelab"));
    if (!request->accept.isEmpty())
        networkRequest.setRawHeader("Accept", request->accept);
    // The one place Authorization is set: only for the registry itself. A redirect to
    // another origin (a blob store, a CDN) never sees it.
    if (!m_authorization.isEmpty() && isRegistryOrigin(request->url))
        networkRequest.setRawHeader("Authorization", m_authorization);
    request->body.clear();

    QNetworkReply *reply = m_network->get(networkRequest);
    auto tooLarge = std::make_shared<bool>(false);
    auto timedOut = std::make_shared<bool>(false);
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, reply, [reply, timedOut] {
        *timedOut = true;
        reply->abort();
    });
    deadline->start(remaining);
    connect(reply, &QNetworkReply::metaDataChanged, this, [reply, request, tooLarge] {
        bool ok = false;
        const qint64 length = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&ok);
        if (ok && length > request->cap) {
            *tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::readyRead, this, [reply, request, tooLarge] {
        if (*tooLarge)
            return;
        request->body += reply->read(request->cap + 1 - request->body.size());
        if (request->body.size() > request->cap) {
            *tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, request, tooLarge, timedOut] {
        reply->deleteLater();
        if (*tooLarge) {
            finish(request, RegistryError::Kind::TooLarge,
                   QStringLiteral("%1: the body is larger than the limit of %2 bytes")
                       .arg(request->what)
                       .arg(request->cap));
            return;
        }
        // Qt ends a transfer timeout as "operation canceled"; the only other abort is ours
        // for the size cap, handled above.
        if (*timedOut || reply->error() == QNetworkReply::TimeoutError
            || reply->error() == QNetworkReply::OperationCanceledError) {
            finish(request, RegistryError::Kind::Timeout,
                   QStringLiteral("%1: no answer from %2 within %3 s")
                       .arg(request->what, request->url.host())
                       .arg(m_timeoutMs / 1000.0));
            return;
        }
        handleReply(request, reply);
    });
}

void RegistryClient::handleReply(const std::shared_ptr<Request> &request, QNetworkReply *reply)
{
    if (reply->isOpen() && request->body.size() <= request->cap)
        request->body += reply->read(request->cap + 1 - request->body.size());
    if (request->body.size() > request->cap) {
        finish(request, RegistryError::Kind::TooLarge,
               QStringLiteral("%1: the body is larger than the limit of %2 bytes")
                   .arg(request->what)
                   .arg(request->cap));
        return;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0) {
        QString hint;
        if (reply->error() >= QNetworkReply::SslHandshakeFailedError
            && reply->error() <= QNetworkReply::SslHandshakeFailedError + 10)
            hint = QStringLiteral(" (a plain-HTTP registry? then use --insecure)");
        finish(request, RegistryError::Kind::Network,
               QStringLiteral("%1: cannot reach %2: %3%4")
                   .arg(request->what, originOf(request->url), reply->errorString(), hint));
        return;
    }
    if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
        const QUrl location
            = request->url.resolved(QUrl(QString::fromLatin1(reply->rawHeader("Location"))));
        if (!location.isValid() || location.isEmpty()
            || (location.scheme() != QLatin1String("https")
                && location.scheme() != QLatin1String("http"))) {
            finish(request, RegistryError::Kind::Protocol,
                   QStringLiteral("%1: redirect %2 without a usable Location")
                       .arg(request->what)
                       .arg(status));
            return;
        }
        if (++request->redirects > maxRedirects) {
            finish(
                request, RegistryError::Kind::Protocol,
                QStringLiteral("%1: more than %2 redirects").arg(request->what).arg(maxRedirects));
            return;
        }
        if (request->url.scheme() == QLatin1String("https")
            && location.scheme() == QLatin1String("http") && !plainHttpAllowed(location)) {
            finish(request, RegistryError::Kind::Insecure,
                   QStringLiteral("%1: refusing a redirect from HTTPS to plain HTTP (%2)")
                       .arg(request->what, location.host()));
            return;
        }
        request->url = location;
        send(request);
        return;
    }
    if (status == 401) {
        const AuthChallenge challenge = AuthChallenge::parse(reply->rawHeader("WWW-Authenticate"));
        if (!request->authAnswered && isRegistryOrigin(request->url)) {
            request->authAnswered = true;
            answerChallenge(request, challenge);
            return;
        }
        const QString who = m_credentials
            ? QStringLiteral("the registry refused the credentials of %1")
                  .arg(m_credentials->describe())
            : QStringLiteral("authentication required and no credentials found for %1 "
                             "(docker login, or $DOCKER_CONFIG/config.json)")
                  .arg(m_ref.credentialKey());
        finish(request, RegistryError::Kind::Unauthorized,
               QStringLiteral("%1: 401 Unauthorized: %2").arg(request->what, who), status);
        return;
    }
    const QString serverText = registryErrorText(request->body);
    const QString suffix = serverText.isEmpty() ? QString() : QStringLiteral(": ") + serverText;
    if (status == 403) {
        finish(request, RegistryError::Kind::Forbidden,
               QStringLiteral("%1: 403 Forbidden%2 (%3)")
                   .arg(request->what, suffix,
                        m_credentials
                            ? QStringLiteral("%1 has no pull access").arg(m_credentials->describe())
                            : QStringLiteral("anonymous pull not allowed")),
               status);
        return;
    }
    if (status == 404) {
        finish(request, RegistryError::Kind::NotFound,
               QStringLiteral("%1: 404 not found%2").arg(request->what, suffix), status);
        return;
    }
    if (status >= 500 || status == 429) {
        finish(request, RegistryError::Kind::Server,
               QStringLiteral("%1: the registry answered %2 %3%4")
                   .arg(request->what)
                   .arg(status)
                   .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString(),
                        suffix),
               status);
        return;
    }
    if (status != 200) {
        finish(request, RegistryError::Kind::Protocol,
               QStringLiteral("%1: unexpected HTTP status %2%3")
                   .arg(request->what)
                   .arg(status)
                   .arg(suffix),
               status);
        return;
    }

    const QString actual = digestOf(request->body, request->expectedDigest);
    const QString announced
        = QString::fromLatin1(reply->rawHeader("Docker-Content-Digest")).trimmed();
    if (request->isManifest && !announced.isEmpty()
        && announced != digestOf(request->body, announced)) {
        finish(request, RegistryError::Kind::DigestMismatch,
               QStringLiteral("%1: the body's digest %2 is not the Docker-Content-Digest %3 the "
                              "registry announced")
                   .arg(request->what, digestOf(request->body, announced), announced));
        return;
    }
    if (!request->expectedDigest.isEmpty() && actual != request->expectedDigest) {
        finish(request, RegistryError::Kind::DigestMismatch,
               QStringLiteral("%1: content has digest %2, not the digest asked for")
                   .arg(request->what, actual));
        return;
    }
    RegistryResult result;
    result.response.body = request->body;
    result.response.contentType = mediaTypeOf(reply);
    result.response.digest = digestOf(request->body);
    result.response.url = request->url;
    if (request->isManifest) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(request->body, &parseError);
        if (!document.isObject()) {
            finish(request, RegistryError::Kind::BadJson,
                   QStringLiteral("%1: not a JSON manifest (%2 at offset %3)")
                       .arg(request->what,
                            parseError.error == QJsonParseError::NoError
                                ? QStringLiteral("not an object")
                                : parseError.errorString())
                       .arg(parseError.offset));
            return;
        }
    }
    request->finished = true;
    request->done(result);
}

void RegistryClient::answerChallenge(const std::shared_ptr<Request> &request,
                                     const AuthChallenge &challenge)
{
    switch (challenge.scheme()) {
    case AuthChallenge::Scheme::Bearer:
        fetchToken(request, challenge);
        return;
    case AuthChallenge::Scheme::Basic:
        if (basicAuthorization().isEmpty()) {
            finish(request, RegistryError::Kind::Unauthorized,
                   QStringLiteral("%1: 401 Unauthorized: the registry wants Basic auth and no "
                                  "user and password were found for %2 (docker login, or "
                                  "$DOCKER_CONFIG/config.json)")
                       .arg(request->what, m_ref.credentialKey()),
                   401);
            return;
        }
        m_authorization = basicAuthorization();
        send(request);
        return;
    case AuthChallenge::Scheme::None:
        // No challenge at all: Basic is the only thing worth trying.
        if (!basicAuthorization().isEmpty()) {
            m_authorization = basicAuthorization();
            send(request);
            return;
        }
        finish(request, RegistryError::Kind::Unauthorized,
               QStringLiteral("%1: 401 Unauthorized: authentication required and no credentials "
                              "found for %2 (docker login, or $DOCKER_CONFIG/config.json)")
                   .arg(request->what, m_ref.credentialKey()),
               401);
        return;
    case AuthChallenge::Scheme::Other:
        break;
    }
    finish(request, RegistryError::Kind::Unauthorized,
           QStringLiteral("%1: 401 Unauthorized with an authentication scheme Cachelab does not "
                          "speak (\"%2\")")
               .arg(request->what, challenge.schemeName().left(40)),
           401);
}

void RegistryClient::fetchToken(const std::shared_ptr<Request> &request,
                                const AuthChallenge &challenge)
{
    QUrl realm(challenge.realm());
    if (!realm.isValid() || realm.host().isEmpty()
        || (realm.scheme() != QLatin1String("https") && realm.scheme() != QLatin1String("http"))) {
        finish(request, RegistryError::Kind::Protocol,
               QStringLiteral("%1: 401 with a Bearer challenge without a usable realm URL")
                   .arg(request->what),
               401);
        return;
    }
    if (realm.scheme() == QLatin1String("http") && !plainHttpAllowed(realm)) {
        finish(request, RegistryError::Kind::Insecure,
               QStringLiteral("%1: refusing to ask the token service %2 over plain HTTP")
                   .arg(request->what, realm.host()));
        return;
    }
    const QString scope = challenge.scope().isEmpty()
        ? QStringLiteral("repository:%1:pull").arg(m_ref.repository())
        : challenge.scope();
    // The token fetch is part of the request: it spends the same deadline.
    const int remaining = int(std::max<qint64>(
        1, m_timeoutMs - (request->started.isValid() ? request->started.elapsed() : 0)));
    QNetworkRequest tokenRequest;
    QNetworkReply *reply = nullptr;
    if (m_credentials && !m_credentials->identityToken.isEmpty()) {
        // An identity token is an OAuth2 refresh token: POST it, as docker does.
        tokenRequest.setUrl(realm);
        tokenRequest.setHeader(QNetworkRequest::ContentTypeHeader,
                               QStringLiteral("application/x-www-form-urlencoded"));
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
        form.addQueryItem(QStringLiteral("refresh_token"), m_credentials->identityToken);
        form.addQueryItem(QStringLiteral("service"), challenge.service());
        form.addQueryItem(QStringLiteral("scope"), scope);
        form.addQueryItem(QStringLiteral("client_id"), QStringLiteral("cachelab"));
        tokenRequest.setTransferTimeout(remaining);
        reply = m_network->post(tokenRequest, form.toString(QUrl::FullyEncoded).toLatin1());
    } else {
        QUrlQuery query(realm);
        if (!challenge.service().isEmpty())
            query.addQueryItem(QStringLiteral("service"), challenge.service());
        query.addQueryItem(QStringLiteral("scope"), scope);
        realm.setQuery(query);
        tokenRequest.setUrl(realm);
        tokenRequest.setTransferTimeout(remaining);
        const QByteArray basic = basicAuthorization();
        if (!basic.isEmpty())
            tokenRequest.setRawHeader("Authorization", basic);
        reply = m_network->get(tokenRequest);
    }
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, reply, &QNetworkReply::abort);
    deadline->start(remaining);
    // A token answer is small; a service that sends more is not one.
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > maxTokenAnswer)
            reply->abort();
    });
    const QString service = realm.host();
    connect(reply, &QNetworkReply::finished, this, [this, reply, request, service] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->isOpen() ? reply->read(maxTokenAnswer) : QByteArray();
        if (status == 0) {
            finish(request,
                   reply->error() == QNetworkReply::OperationCanceledError
                           || reply->error() == QNetworkReply::TimeoutError
                       ? RegistryError::Kind::Timeout
                       : RegistryError::Kind::Network,
                   QStringLiteral("%1: cannot get a token from %2: %3")
                       .arg(request->what, service, reply->errorString()));
            return;
        }
        if (status == 401 || status == 403) {
            finish(request, RegistryError::Kind::Unauthorized,
                   QStringLiteral("%1: the token service %2 answered %3: %4")
                       .arg(request->what, service)
                       .arg(status)
                       .arg(m_credentials
                                ? QStringLiteral("it refused the credentials of %1")
                                      .arg(m_credentials->describe())
                                : QStringLiteral("no credentials found for %1 (docker login)")
                                      .arg(m_ref.credentialKey())),
                   401);
            return;
        }
        if (status != 200) {
            finish(request,
                   status >= 500 ? RegistryError::Kind::Server : RegistryError::Kind::Protocol,
                   QStringLiteral("%1: the token service %2 answered HTTP %3")
                       .arg(request->what, service)
                       .arg(status),
                   status);
            return;
        }
        const QJsonObject answer = QJsonDocument::fromJson(body).object();
        QString token = answer.value(QLatin1String("token")).toString();
        if (token.isEmpty())
            token = answer.value(QLatin1String("access_token")).toString();
        if (token.isEmpty()) {
            finish(request, RegistryError::Kind::BadJson,
                   QStringLiteral("%1: the token service %2 answered without a token")
                       .arg(request->what, service));
            return;
        }
        m_secrets.append(token);
        m_authorization = "Bearer " + token.toLatin1();
        send(request);
    });
}

void RegistryClient::finish(const std::shared_ptr<Request> &request, RegistryError::Kind kind,
                            const QString &message, int status)
{
    if (request->finished)
        return;
    request->finished = true;
    RegistryResult result;
    result.error.kind = kind;
    result.error.httpStatus = status;
    result.error.message = redact(message);
    // Asynchronously, like every other answer: callers may delete things in the callback.
    QTimer::singleShot(0, this, [request, result] {
        request->done(result);
    });
}

} // namespace Cachelab
