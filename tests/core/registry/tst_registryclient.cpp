// SPDX-License-Identifier: GPL-3.0-or-later
// RegistryClient against an in-process HTTP responder on 127.0.0.1: every fault of the
// registry API that the inspector must turn into one clear message, the auth flows, and
// that no credential ever leaves in a message or towards another host.
#include "core/registry/CacheInspector.h"
#include "core/registry/RegistryClient.h"
#include "FakeHttpServer.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QtTest>

using namespace Cachelab;

namespace {

const QString password = QStringLiteral("hunter2-pa55word");
const QByteArray token = "tok-s3cr3t-0123456789";

QByteArray sha(const QByteArray &body)
{
    return "sha256:" + QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex();
}

QByteArray readFixture(const QString &name)
{
    QFile file(QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/recordings/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

FakeHttpServer::Response ok(const QByteArray &body,
                            const QByteArray &type = "application/octet-stream",
                            bool withDigest = true)
{
    FakeHttpServer::Response response;
    response.body = body;
    response.addHeader("Content-Type", type);
    if (withDigest)
        response.addHeader("Docker-Content-Digest", sha(body));
    return response;
}

FakeHttpServer::Response status(int code, const QByteArray &body = {})
{
    FakeHttpServer::Response response;
    response.status = code;
    response.body = body;
    response.addHeader("Content-Type", "application/json");
    return response;
}

RegistryCredentials aliceCredentials()
{
    RegistryCredentials credentials;
    credentials.username = QStringLiteral("alice");
    credentials.secret = password;
    credentials.origin = QStringLiteral("test");
    return credentials;
}

} // namespace

class TestRegistryClient : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void manifestWithAcceptTypes();
    void httpErrors_data();
    void httpErrors();
    void garbageJson();
    void digestMismatch();
    void oversizeBodies();
    void timeouts();
    void bearerTokenFlow();
    void bearerTokenRefused();
    void identityTokenIsPosted();
    void basicChallenge();
    void basicChallengeWithoutCredentials();
    void redirectToAnotherHostCarriesNoAuthorization();
    void redirectPolicies();
    void credentialsNeverInMessages();
    void inspectorReadsRecordedCache();

private:
    RegistryResult fetch(RegistryClient &client, bool manifest, const QString &what);
    std::unique_ptr<RegistryClient> client(const std::optional<RegistryCredentials> &credentials
                                           = std::nullopt);
    std::unique_ptr<FakeHttpServer> m_registry;
};

void TestRegistryClient::init()
{
    m_registry = std::make_unique<FakeHttpServer>();
    QVERIFY(m_registry->start());
}

std::unique_ptr<RegistryClient>
TestRegistryClient::client(const std::optional<RegistryCredentials> &credentials)
{
    const auto ref
        = ImageRef::parse(m_registry->hostPort() + QStringLiteral("/issue1515/test:cache"));
    auto result = std::make_unique<RegistryClient>(*ref);
    result->setCredentials(credentials);
    result->setTimeout(3000);
    return result;
}

RegistryResult TestRegistryClient::fetch(RegistryClient &client, bool manifest, const QString &what)
{
    RegistryResult result;
    bool done = false;
    QEventLoop loop;
    const auto callback = [&](const RegistryResult &r) {
        result = r;
        done = true;
        loop.quit();
    };
    if (manifest)
        client.getManifest(what, callback);
    else
        client.getBlob(what, callback);
    QTimer::singleShot(15000, &loop, &QEventLoop::quit); // nothing may hang
    if (!done)
        loop.exec();
    if (!done)
        result.error
            = { RegistryError::Kind::Protocol, 0, QStringLiteral("TEST: no answer at all") };
    return result;
}

void TestRegistryClient::manifestWithAcceptTypes()
{
    const QByteArray manifest
        = readFixture(QStringLiteral("buildctl-v0.34.2-01-cold.manifest.json"));
    m_registry->setHandler([&](const FakeHttpServer::Request &) {
        return ok(manifest, "application/vnd.oci.image.manifest.v1+json; charset=utf-8");
    });
    auto c = client();
    QVERIFY(c->usesPlainHttp()); // loopback
    const RegistryResult result = fetch(*c, true, QStringLiteral("cache"));
    QVERIFY2(result.ok(), qPrintable(result.error.message));
    QCOMPARE(result.response.body, manifest);
    QCOMPARE(result.response.contentType,
             QStringLiteral("application/vnd.oci.image.manifest.v1+json"));
    QCOMPARE(result.response.digest.toLatin1(), sha(manifest));
    const auto request = m_registry->requests().value(0);
    QCOMPARE(request.path(), QStringLiteral("/v2/issue1515/test/manifests/cache"));
    const QByteArray accept = request.header("Accept");
    for (const QString &type : RegistryClient::manifestMediaTypes())
        QVERIFY2(accept.contains(type.toLatin1()), accept.constData());
    QVERIFY(request.header("Authorization").isEmpty()); // anonymous first
}

void TestRegistryClient::httpErrors_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("message");
    QTest::newRow("401 no challenge")
        << 401 << QByteArray() << int(RegistryError::Kind::Unauthorized)
        << "no credentials found for 127.0.0.1";
    QTest::newRow("403")
        << 403
        << QByteArray(
               R"({"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]})")
        << int(RegistryError::Kind::Forbidden)
        << "403 Forbidden: requested access to the resource is denied (DENIED)";
    QTest::newRow("404")
        << 404
        << QByteArray(
               R"({"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"cache"}}]})")
        << int(RegistryError::Kind::NotFound)
        << "404 not found: manifest unknown (MANIFEST_UNKNOWN)";
    QTest::newRow("500") << 500 << QByteArray("internal error\n")
                         << int(RegistryError::Kind::Server) << "answered 500";
    QTest::newRow("503") << 503 << QByteArray() << int(RegistryError::Kind::Server)
                         << "answered 503";
    QTest::newRow("429") << 429 << QByteArray() << int(RegistryError::Kind::Server)
                         << "answered 429";
    QTest::newRow("418") << 418 << QByteArray() << int(RegistryError::Kind::Protocol)
                         << "unexpected HTTP status 418";
}

void TestRegistryClient::httpErrors()
{
    QFETCH(int, code);
    QFETCH(QByteArray, body);
    m_registry->setHandler([&](const FakeHttpServer::Request &) {
        return status(code, body);
    });
    auto c = client();
    const RegistryResult result = fetch(*c, true, QStringLiteral("cache"));
    QVERIFY(!result.ok());
    QTEST(int(result.error.kind), "kind");
    QFETCH(QString, message);
    QVERIFY2(result.error.message.contains(message), qPrintable(result.error.message));
    QVERIFY2(result.error.message.contains(QLatin1String("issue1515/test:cache")),
             qPrintable(result.error.message));
    QVERIFY(!result.error.message.contains(QLatin1Char('\n')));
}

void TestRegistryClient::garbageJson()
{
    m_registry->setHandler([](const FakeHttpServer::Request &) {
        return ok("<html><body>Welcome to nginx!</body></html>", "text/html");
    });
    auto c = client();
    const RegistryResult result = fetch(*c, true, QStringLiteral("cache"));
    QCOMPARE(result.error.kind, RegistryError::Kind::BadJson);
    QVERIFY2(result.error.message.contains(QLatin1String("not a JSON manifest")),
             qPrintable(result.error.message));

    // The inspector says the same of a cacheconfig blob that is not JSON.
    const QByteArray manifest
        = R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
        "config":{"mediaType":"application/vnd.buildkit.cacheconfig.v0","digest":")"
        + sha("{garbage") + R"(","size":8},"layers":[]})";
    m_registry->setHandler([&](const FakeHttpServer::Request &request) {
        return request.path().contains(QLatin1String("/manifests/")) ? ok(manifest)
                                                                     : ok("{garbage");
    });
    CacheInspector inspector(c.get());
    RegistryError error;
    bool done = false;
    inspector.inspect([&](const CacheInspection &, const RegistryError &e) {
        error = e;
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
    QCOMPARE(error.kind, RegistryError::Kind::BadJson);
    QVERIFY2(error.message.contains(QLatin1String("the cacheconfig is not JSON")),
             qPrintable(error.message));
}

void TestRegistryClient::digestMismatch()
{
    const QByteArray body = R"({"schemaVersion":2,"manifests":[]})";
    m_registry->setHandler([&](const FakeHttpServer::Request &) {
        FakeHttpServer::Response response = ok(body, "application/json", false);
        response.addHeader("Docker-Content-Digest", sha("something else"));
        return response;
    });
    auto c = client();
    RegistryResult result = fetch(*c, true, QStringLiteral("cache"));
    QCOMPARE(result.error.kind, RegistryError::Kind::DigestMismatch);
    QVERIFY2(result.error.message.contains(QLatin1String("Docker-Content-Digest")),
             qPrintable(result.error.message));

    // A manifest asked for by digest must have that digest, header or not.
    m_registry->setHandler([&](const FakeHttpServer::Request &) {
        return ok(body, "application/json", false);
    });
    result = fetch(*c, true, QString::fromLatin1(sha("another manifest")));
    QCOMPARE(result.error.kind, RegistryError::Kind::DigestMismatch);

    // A blob must have the digest it was asked by.
    m_registry->setHandler([&](const FakeHttpServer::Request &) {
        return ok("tampered");
    });
    result = fetch(*c, false, QString::fromLatin1(sha("original")));
    QCOMPARE(result.error.kind, RegistryError::Kind::DigestMismatch);
    QVERIFY2(result.error.message.contains(QString::fromLatin1(sha("tampered"))),
             qPrintable(result.error.message));
    m_registry->setHandler([&](const FakeHttpServer::Request &) {
        return ok("original");
    });
    result = fetch(*c, false, QString::fromLatin1(sha("original")));
    QVERIFY2(result.ok(), qPrintable(result.error.message));
}

void TestRegistryClient::oversizeBodies()
{
    const QByteArray big(4096, 'x');
    auto c = client();
    c->setMaxBlobSize(1000);
    c->setMaxManifestSize(1000);
    // Announced by Content-Length.
    m_registry->setHandler([&](const FakeHttpServer::Request &) {
        return ok(big);
    });
    RegistryResult result = fetch(*c, false, QString::fromLatin1(sha(big)));
    QCOMPARE(result.error.kind, RegistryError::Kind::TooLarge);
    QVERIFY2(result.error.message.contains(QLatin1String("limit of 1000 bytes")),
             qPrintable(result.error.message));
    // No Content-Length: the body ends when the connection closes.
    m_registry->setHandler([&](const FakeHttpServer::Request &) {
        FakeHttpServer::Response response = ok(big);
        response.sendContentLength = false;
        return response;
    });
    result = fetch(*c, true, QStringLiteral("cache"));
    QCOMPARE(result.error.kind, RegistryError::Kind::TooLarge);
}

void TestRegistryClient::timeouts()
{
    m_registry->setHandler([](const FakeHttpServer::Request &) {
        FakeHttpServer::Response response;
        response.silent = true;
        return response;
    });
    auto c = client();
    c->setTimeout(300);
    QElapsedTimer timer;
    timer.start();
    const RegistryResult result = fetch(*c, true, QStringLiteral("cache"));
    QCOMPARE(result.error.kind, RegistryError::Kind::Timeout);
    QVERIFY2(result.error.message.contains(QLatin1String("no answer from 127.0.0.1")),
             qPrintable(result.error.message));
    QVERIFY(timer.elapsed() < 5000);

    // A body dripped a byte at a time: the timeout is one deadline for the request, as the
    // message says (it used to be twice the timeout).
    m_registry->setHandler([](const FakeHttpServer::Request &) {
        FakeHttpServer::Response response;
        response.dripMs = 50;
        return response;
    });
    c->setTimeout(1000);
    timer.restart();
    const RegistryResult dripped = fetch(*c, true, QStringLiteral("cache"));
    QCOMPARE(dripped.error.kind, RegistryError::Kind::Timeout);
    QVERIFY2(dripped.error.message.contains(QLatin1String("within 1 s")), qPrintable(dripped.error.message));
    QVERIFY2(timer.elapsed() >= 900 && timer.elapsed() < 1600, qPrintable(QString::number(timer.elapsed())));
}

void TestRegistryClient::bearerTokenFlow()
{
    FakeHttpServer tokenService;
    QVERIFY(tokenService.start());
    const QByteArray basic = "Basic " + QByteArray("alice:" + password.toLatin1()).toBase64();
    tokenService.setHandler([&](const FakeHttpServer::Request &request) {
        if (request.header("Authorization") != basic)
            return status(401);
        return ok("{\"token\":\"" + token + "\",\"expires_in\":300}", "application/json", false);
    });
    const QByteArray manifest = readFixture(QStringLiteral("buildx-v0.38.2-03-cold.manifest.json"));
    m_registry->setHandler([&](const FakeHttpServer::Request &request) {
        if (request.header("Authorization") != "Bearer " + token) {
            FakeHttpServer::Response response
                = status(401, R"({"errors":[{"code":"UNAUTHORIZED"}]})");
            response.addHeader(
                "WWW-Authenticate",
                "Bearer realm=\"" + tokenService.url(QStringLiteral("/token")).toLatin1()
                    + "\",service=\"cachelab-registry\",scope=\"repository:issue1515/test:pull\"");
            return response;
        }
        return ok(manifest);
    });
    auto c = client(aliceCredentials());
    RegistryResult result = fetch(*c, true, QStringLiteral("cache"));
    QVERIFY2(result.ok(), qPrintable(result.error.message));
    QCOMPARE(result.response.body, manifest);
    const auto tokenRequests = tokenService.requests();
    QCOMPARE(tokenRequests.size(), 1);
    const QUrlQuery query(QUrl(QString::fromLatin1(tokenRequests.first().target)));
    QCOMPARE(query.queryItemValue(QStringLiteral("service")), QStringLiteral("cachelab-registry"));
    QCOMPARE(query.queryItemValue(QStringLiteral("scope")),
             QStringLiteral("repository:issue1515/test:pull"));
    const auto registryRequests = m_registry->requests();
    QCOMPARE(registryRequests.size(), 2);
    QVERIFY(registryRequests.at(0).header("Authorization").isEmpty()); // anonymous first
    QCOMPARE(registryRequests.at(1).header("Authorization"), "Bearer " + token);
    // The token is kept: the next request needs no new one.
    result = fetch(*c, true, QStringLiteral("cache"));
    QVERIFY(result.ok());
    QCOMPARE(tokenService.requests().size(), 1);

    // Anonymous token flow (public repositories): no Authorization to the token service.
    FakeHttpServer publicTokens;
    QVERIFY(publicTokens.start());
    publicTokens.setHandler([&](const FakeHttpServer::Request &) {
        return ok("{\"access_token\":\"" + token + "\"}", "application/json", false);
    });
    m_registry->setHandler([&](const FakeHttpServer::Request &request) {
        if (request.header("Authorization") != "Bearer " + token) {
            FakeHttpServer::Response response = status(401);
            response.addHeader("WWW-Authenticate",
                               "Bearer realm=\""
                                   + publicTokens.url(QStringLiteral("/token")).toLatin1() + "\"");
            return response;
        }
        return ok(manifest);
    });
    auto anonymous = client();
    result = fetch(*anonymous, true, QStringLiteral("cache"));
    QVERIFY2(result.ok(), qPrintable(result.error.message));
    QVERIFY(publicTokens.requests().value(0).header("Authorization").isEmpty());
}

void TestRegistryClient::bearerTokenRefused()
{
    FakeHttpServer tokenService;
    QVERIFY(tokenService.start());
    tokenService.setHandler([&](const FakeHttpServer::Request &request) {
        // Some services echo what they got: it must not come back in a message.
        return status(401,
                      "{\"details\":\"bad credentials " + request.header("Authorization") + "\"}");
    });
    m_registry->setHandler([&](const FakeHttpServer::Request &) {
        FakeHttpServer::Response response = status(401);
        response.addHeader("WWW-Authenticate",
                           "Bearer realm=\"" + tokenService.url(QStringLiteral("/token")).toLatin1()
                               + "\",service=\"reg\"");
        return response;
    });
    auto c = client(aliceCredentials());
    const RegistryResult result = fetch(*c, true, QStringLiteral("cache"));
    QCOMPARE(result.error.kind, RegistryError::Kind::Unauthorized);
    QVERIFY2(result.error.message.contains(QLatin1String("refused the credentials of user alice")),
             qPrintable(result.error.message));
    QVERIFY(!result.error.message.contains(password));
}

// config.json's `identitytoken` is an OAuth2 refresh token: POSTed to the realm (as docker
// does), never sent as a Basic password and never printed.
void TestRegistryClient::identityTokenIsPosted()
{
    FakeHttpServer tokenService;
    QVERIFY(tokenService.start());
    tokenService.setHandler([&](const FakeHttpServer::Request &request) {
        const QUrlQuery form(QString::fromLatin1(request.body));
        if (request.method != "POST"
            || form.queryItemValue(QStringLiteral("grant_type")) != QLatin1String("refresh_token")
            || form.queryItemValue(QStringLiteral("refresh_token")) != QLatin1String("idt-r3fresh"))
            return status(401);
        return ok("{\"access_token\":\"" + token + "\"}", "application/json", false);
    });
    const QByteArray manifest
        = readFixture(QStringLiteral("buildctl-v0.34.2-01-cold.manifest.json"));
    m_registry->setHandler([&](const FakeHttpServer::Request &request) {
        if (request.header("Authorization") != "Bearer " + token) {
            FakeHttpServer::Response response = status(401);
            response.addHeader("WWW-Authenticate",
                               "Bearer realm=\""
                                   + tokenService.url(QStringLiteral("/token")).toLatin1()
                                   + "\",service=\"reg\",scope=\"repository:issue1515/test:pull\"");
            return response;
        }
        return ok(manifest);
    });
    RegistryCredentials credentials;
    credentials.identityToken = QStringLiteral("idt-r3fresh");
    credentials.origin = QStringLiteral("test");
    auto c = client(credentials);
    const RegistryResult result = fetch(*c, true, QStringLiteral("cache"));
    QVERIFY2(result.ok(), qPrintable(result.error.message));
    const FakeHttpServer::Request posted = tokenService.requests().value(0);
    QVERIFY(posted.header("Authorization").isEmpty());
    const QUrlQuery form(QString::fromLatin1(posted.body));
    QCOMPARE(form.queryItemValue(QStringLiteral("service")), QStringLiteral("reg"));
    QCOMPARE(form.queryItemValue(QStringLiteral("scope")),
             QStringLiteral("repository:issue1515/test:pull"));
    QVERIFY(!c->redact(QStringLiteral("idt-r3fresh")).contains(QLatin1String("idt-r3fresh")));
}

void TestRegistryClient::basicChallenge()
{
    const QByteArray basic = "Basic " + QByteArray("alice:" + password.toLatin1()).toBase64();
    const QByteArray manifest
        = readFixture(QStringLiteral("buildctl-v0.34.2-01-cold.manifest.json"));
    m_registry->setHandler([&](const FakeHttpServer::Request &request) {
        if (request.header("Authorization") != basic) {
            FakeHttpServer::Response response = status(401);
            response.addHeader("WWW-Authenticate", "Basic realm=\"Registry Realm\"");
            return response;
        }
        return ok(manifest);
    });
    auto c = client(aliceCredentials());
    RegistryResult result = fetch(*c, true, QStringLiteral("cache"));
    QVERIFY2(result.ok(), qPrintable(result.error.message));

    // Wrong password: a second 401 after the answer ends it, without the password.
    RegistryCredentials wrong = aliceCredentials();
    wrong.secret = QStringLiteral("wrong-pa55word");
    auto refused = client(wrong);
    result = fetch(*refused, true, QStringLiteral("cache"));
    QCOMPARE(result.error.kind, RegistryError::Kind::Unauthorized);
    QVERIFY2(result.error.message.contains(QLatin1String("refused the credentials of user alice")),
             qPrintable(result.error.message));
    QVERIFY(!result.error.message.contains(QLatin1String("wrong-pa55word")));
}

void TestRegistryClient::basicChallengeWithoutCredentials()
{
    m_registry->setHandler([&](const FakeHttpServer::Request &) {
        FakeHttpServer::Response response = status(401);
        response.addHeader("WWW-Authenticate", "Basic realm=\"Registry Realm\"");
        return response;
    });
    auto c = client();
    const RegistryResult result = fetch(*c, true, QStringLiteral("cache"));
    QCOMPARE(result.error.kind, RegistryError::Kind::Unauthorized);
    QVERIFY2(result.error.message.contains(
                 QLatin1String("no user and password were found for 127.0.0.1")),
             qPrintable(result.error.message));
    QCOMPARE(m_registry->requests().size(), 1);
}

void TestRegistryClient::redirectToAnotherHostCarriesNoAuthorization()
{
    FakeHttpServer blobStore; // another origin: another port
    QVERIFY(blobStore.start());
    const QByteArray blob
        = readFixture(QStringLiteral("buildctl-v0.34.2-01-cold.cacheconfig.json"));
    const QByteArray basic = "Basic " + QByteArray("alice:" + password.toLatin1()).toBase64();
    blobStore.setHandler([&](const FakeHttpServer::Request &) {
        return ok(blob, "application/octet-stream", false);
    });
    m_registry->setHandler([&](const FakeHttpServer::Request &request) {
        if (request.header("Authorization") != basic) {
            FakeHttpServer::Response response = status(401);
            response.addHeader("WWW-Authenticate", "Basic realm=\"r\"");
            return response;
        }
        if (!request.path().startsWith(QLatin1String("/storage/"))) {
            // Same origin first (keeps Authorization), then the blob store (must not).
            FakeHttpServer::Response response = status(307);
            response.addHeader("Location", "/storage/blob");
            return response;
        }
        FakeHttpServer::Response response = status(302);
        response.addHeader("Location", blobStore.url(QStringLiteral("/blob?sig=abc")).toLatin1());
        return response;
    });
    auto c = client(aliceCredentials());
    const RegistryResult result = fetch(*c, false, QString::fromLatin1(sha(blob)));
    QVERIFY2(result.ok(), qPrintable(result.error.message));
    QCOMPARE(result.response.body, blob);
    QCOMPARE(result.response.url.port(), int(blobStore.port()));
    const auto registryRequests = m_registry->requests();
    QCOMPARE(registryRequests.size(), 3);
    QCOMPARE(registryRequests.at(2).header("Authorization"), basic); // same origin: kept
    QCOMPARE(blobStore.requests().size(), 1);
    QVERIFY2(blobStore.requests().first().header("Authorization").isEmpty(),
             "Authorization was sent to a redirect target on another host");
}

void TestRegistryClient::redirectPolicies()
{
    auto c = client();
    // A loop of redirects ends.
    m_registry->setHandler([&](const FakeHttpServer::Request &) {
        FakeHttpServer::Response response = status(302);
        response.addHeader("Location", "/again");
        return response;
    });
    RegistryResult result = fetch(*c, false, QString::fromLatin1(sha("x")));
    QCOMPARE(result.error.kind, RegistryError::Kind::Protocol);
    QVERIFY2(result.error.message.contains(QLatin1String("more than 5 redirects")),
             qPrintable(result.error.message));
    // Plain HTTP to a host that is not loopback is refused before any connection.
    m_registry->setHandler([&](const FakeHttpServer::Request &) {
        FakeHttpServer::Response response = status(307);
        response.addHeader("Location", "http://blobs.invalid/x");
        return response;
    });
    result = fetch(*c, false, QString::fromLatin1(sha("x")));
    QCOMPARE(result.error.kind, RegistryError::Kind::Insecure);
    QVERIFY2(result.error.message.contains(QLatin1String("refusing plain HTTP to blobs.invalid")),
             qPrintable(result.error.message));
    // So is a token realm over plain HTTP elsewhere.
    m_registry->setHandler([&](const FakeHttpServer::Request &) {
        FakeHttpServer::Response response = status(401);
        response.addHeader("WWW-Authenticate",
                           "Bearer realm=\"http://auth.invalid/token\",service=\"s\"");
        return response;
    });
    result = fetch(*c, true, QStringLiteral("cache"));
    QCOMPARE(result.error.kind, RegistryError::Kind::Insecure);
    // A registry that is not loopback is spoken to over TLS unless marked insecure.
    const auto remote = ImageRef::parse(QStringLiteral("registry.invalid:5000/x:cache"));
    RegistryClient tls(*remote);
    QCOMPARE(tls.baseUrl().scheme(), QStringLiteral("https"));
    tls.setInsecure(true);
    QCOMPARE(tls.baseUrl().scheme(), QStringLiteral("http"));
}

void TestRegistryClient::credentialsNeverInMessages()
{
    const QByteArray basic = QByteArray("alice:" + password.toLatin1()).toBase64();
    FakeHttpServer tokenService;
    QVERIFY(tokenService.start());
    tokenService.setHandler([&](const FakeHttpServer::Request &) {
        return ok("{\"token\":\"" + token + "\"}", "application/json", false);
    });
    // A registry that takes the token, then fails and echoes everything it was sent.
    m_registry->setHandler([&](const FakeHttpServer::Request &request) {
        if (request.header("Authorization").isEmpty()) {
            FakeHttpServer::Response response = status(401);
            response.addHeader("WWW-Authenticate",
                               "Bearer realm=\""
                                   + tokenService.url(QStringLiteral("/token")).toLatin1() + "\"");
            return response;
        }
        const QByteArray echo = "got " + request.header("Authorization") + " for " + request.target;
        const int code = request.path().endsWith(QLatin1String("/forbidden")) ? 403 : 500;
        return status(code, "{\"errors\":[{\"code\":\"X\",\"message\":\"" + echo + "\"}]}");
    });
    auto c = client(aliceCredentials());
    QStringList messages;
    messages.append(fetch(*c, true, QStringLiteral("forbidden")).error.message);
    messages.append(fetch(*c, true, QStringLiteral("cache")).error.message);
    for (const QString &message : messages) {
        QVERIFY2(!message.isEmpty(), "expected an error");
        QVERIFY2(message.contains(QLatin1String("got ")), qPrintable(message)); // the echo arrived…
        QVERIFY2(!message.contains(QString::fromLatin1(token)), qPrintable(message)); // …redacted
        QVERIFY2(!message.contains(password), qPrintable(message));
        QVERIFY2(!message.contains(QString::fromLatin1(basic)), qPrintable(message));
    }
    QVERIFY(!c->redact(QStringLiteral("x %1 y").arg(password)).contains(password));
}

void TestRegistryClient::inspectorReadsRecordedCache()
{
    const QByteArray manifest = readFixture(QStringLiteral("buildx-v0.38.2-03-cold.manifest.json"));
    const QByteArray config
        = readFixture(QStringLiteral("buildx-v0.38.2-03-cold.cacheconfig.json"));
    m_registry->setHandler([&](const FakeHttpServer::Request &request) {
        if (request.path().endsWith(QLatin1String("/manifests/cache")))
            return ok(manifest, "application/vnd.oci.image.manifest.v1+json");
        if (request.path().endsWith(QString::fromLatin1(sha(config))))
            return ok(config, "application/octet-stream", false);
        return status(404);
    });
    auto c = client();
    CacheInspector inspector(c.get());
    CacheInspection inspection;
    RegistryError error;
    bool done = false;
    inspector.inspect([&](const CacheInspection &i, const RegistryError &e) {
        inspection = i;
        error = e;
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(inspection.layers().size(), 16);
    QCOMPARE(inspection.modeGuess().modeName(), QStringLiteral("max"));
    QCOMPARE(inspection.transport(), QStringLiteral("plain HTTP"));
    QCOMPARE(inspection.manifestDigest().toLatin1(), sha(manifest));
}

QTEST_GUILESS_MAIN(TestRegistryClient)
#include "tst_registryclient.moc"
