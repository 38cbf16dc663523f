// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/DockerCredentials.h"

#include <QtTest>

using namespace Cachelab;

// A fake `docker-credential-<name>` on PATH: answers `get` for one host with a JSON
// {Username, Secret}, says "credentials not found" for any other, and the "broken" helper
// fails printing a secret (which must never reach an error message).
class TestDockerCredentials : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void noConfigIsAnonymous();
    void authsBase64();
    void authsDockerHubKey();
    void identityToken();
    void credHelperWinsOverAuths();
    void credsStoreThenAuthsFallback();
    void helperIdentityToken();
    void brokenHelperDoesNotLeakSecrets();
    void missingHelper();
    void badConfigNeverQuotesIt();
    void environmentDockerConfig();

private:
    QString writeConfig(const QByteArray &json);
    QTemporaryDir m_dir;
    QByteArray m_oldPath;
};

namespace {
const char helperScript[] = R"(#!/bin/sh
# fake credential helper for tst_dockercredentials
[ "$1" = get ] || exit 2
read -r host
case "$host" in
helper.example:5000) printf '{"ServerURL":"%s","Username":"helperuser","Secret":"helper-s3cret"}' "$host" ;;
token.example) printf '{"ServerURL":"%s","Username":"<token>","Secret":"refresh-t0ken"}' "$host" ;;
*) echo "credentials not found in native keychain"; exit 1 ;;
esac
)";
const char brokenScript[] = R"(#!/bin/sh
echo "fatal: could not unlock keyring; secret was leaky-pa55word" >&2
echo "leaky-pa55word"
exit 3
)";
} // namespace

void TestDockerCredentials::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QDir().mkpath(m_dir.filePath(QStringLiteral("bin")));
    const auto writeScript = [this](const QString &name, const char *text) {
        QFile file(m_dir.filePath(QStringLiteral("bin/") + name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
        file.close();
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner
                            | QFileDevice::ExeOwner);
    };
    writeScript(QStringLiteral("docker-credential-x"), helperScript);
    writeScript(QStringLiteral("docker-credential-broken"), brokenScript);
    m_oldPath = qgetenv("PATH");
    qputenv("PATH", m_dir.filePath(QStringLiteral("bin")).toLocal8Bit() + ':' + m_oldPath);
}

void TestDockerCredentials::cleanupTestCase()
{
    qputenv("PATH", m_oldPath);
}

QString TestDockerCredentials::writeConfig(const QByteArray &json)
{
    static int n = 0;
    const QString path = m_dir.filePath(QStringLiteral("config-%1.json").arg(++n));
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(json);
    return path;
}

void TestDockerCredentials::noConfigIsAnonymous()
{
    const auto credentials
        = DockerCredentials::fromFile(m_dir.filePath(QStringLiteral("none.json")));
    QVERIFY(credentials.loadError().isEmpty());
    QString error;
    QVERIFY(!credentials.lookup(QStringLiteral("127.0.0.1:5000"), &error));
    QVERIFY(error.isEmpty());
}

void TestDockerCredentials::authsBase64()
{
    const QByteArray auth = QByteArray("alice:pa:ss").toBase64();
    const auto credentials = DockerCredentials::fromFile(
        writeConfig("{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"" + auth
                    + "\"},"
                      "\"http://other.example\":{\"auth\":\""
                    + QByteArray("bob:x").toBase64() + "\"}}}"));
    const auto found = credentials.lookup(QStringLiteral("127.0.0.1:5000"));
    QVERIFY(found);
    QCOMPARE(found->username, QStringLiteral("alice"));
    QCOMPARE(found->secret, QStringLiteral("pa:ss")); // only the first colon separates
    QVERIFY(!found->describe().contains(QLatin1String("pa:ss")));
    // A key with a scheme matches the bare host.
    const auto other = credentials.lookup(QStringLiteral("other.example"));
    QVERIFY(other);
    QCOMPARE(other->username, QStringLiteral("bob"));
    QVERIFY(!credentials.lookup(QStringLiteral("127.0.0.1:5001")));

    const auto bad = DockerCredentials::fromFile(
        writeConfig("{\"auths\":{\"h.example\":{\"auth\":\"bm9jb2xvbg==\"}}}")); // "nocolon"
    QString error;
    QVERIFY(!bad.lookup(QStringLiteral("h.example"), &error));
    QVERIFY2(error.contains(QLatin1String("not base64 of user:password")), qPrintable(error));
    QVERIFY(!error.contains(QLatin1String("nocolon")));
}

void TestDockerCredentials::authsDockerHubKey()
{
    const auto credentials = DockerCredentials::fromFile(
        writeConfig("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\""
                    + QByteArray("hub:pw").toBase64() + "\"}}}"));
    const auto found = credentials.lookup(QStringLiteral("https://index.docker.io/v1/"));
    QVERIFY(found);
    QCOMPARE(found->username, QStringLiteral("hub"));
}

void TestDockerCredentials::identityToken()
{
    const auto credentials = DockerCredentials::fromFile(
        writeConfig("{\"auths\":{\"r.example\":{\"identitytoken\":\"idt-123\"}}}"));
    const auto found = credentials.lookup(QStringLiteral("r.example"));
    QVERIFY(found);
    QCOMPARE(found->identityToken, QStringLiteral("idt-123"));
    QVERIFY(found->secret.isEmpty());
}

void TestDockerCredentials::credHelperWinsOverAuths()
{
    const auto credentials = DockerCredentials::fromFile(
        writeConfig("{\"credHelpers\":{\"helper.example:5000\":\"x\"},"
                    "\"auths\":{\"helper.example:5000\":{\"auth\":\""
                    + QByteArray("auths:pw").toBase64() + "\"}}}"));
    QString error;
    const auto found = credentials.lookup(QStringLiteral("helper.example:5000"), &error);
    QVERIFY2(found, qPrintable(error));
    QCOMPARE(found->username, QStringLiteral("helperuser"));
    QCOMPARE(found->secret, QStringLiteral("helper-s3cret"));
    QVERIFY(found->origin.contains(QLatin1String("docker-credential-x")));
}

void TestDockerCredentials::credsStoreThenAuthsFallback()
{
    const auto credentials
        = DockerCredentials::fromFile(writeConfig("{\"credsStore\":\"x\","
                                                  "\"auths\":{\"fallback.example\":{\"auth\":\""
                                                  + QByteArray("fb:pw").toBase64() + "\"}}}"));
    QString error;
    const auto viaStore = credentials.lookup(QStringLiteral("helper.example:5000"), &error);
    QVERIFY2(viaStore, qPrintable(error));
    QCOMPARE(viaStore->username, QStringLiteral("helperuser"));
    // The store has nothing for this host ("credentials not found"): auths answers.
    const auto viaAuths = credentials.lookup(QStringLiteral("fallback.example"), &error);
    QVERIFY2(viaAuths, qPrintable(error));
    QCOMPARE(viaAuths->username, QStringLiteral("fb"));
    QVERIFY(error.isEmpty());
    QVERIFY(!credentials.lookup(QStringLiteral("nobody.example"), &error));
    QVERIFY(error.isEmpty());
}

void TestDockerCredentials::helperIdentityToken()
{
    const auto credentials = DockerCredentials::fromFile(writeConfig("{\"credsStore\":\"x\"}"));
    const auto found = credentials.lookup(QStringLiteral("token.example"));
    QVERIFY(found);
    QCOMPARE(found->identityToken, QStringLiteral("refresh-t0ken"));
    QVERIFY(found->username.isEmpty());
}

void TestDockerCredentials::brokenHelperDoesNotLeakSecrets()
{
    const auto credentials
        = DockerCredentials::fromFile(writeConfig("{\"credHelpers\":{\"h.example\":\"broken\"}}"));
    QString error;
    QVERIFY(!credentials.lookup(QStringLiteral("h.example"), &error));
    QVERIFY2(error.contains(QLatin1String("docker-credential-broken failed")), qPrintable(error));
    QVERIFY2(!error.contains(QLatin1String("leaky-pa55word")), qPrintable(error));
}

void TestDockerCredentials::missingHelper()
{
    const auto credentials
        = DockerCredentials::fromFile(writeConfig("{\"credsStore\":\"nosuchhelper\"}"));
    QString error;
    QVERIFY(!credentials.lookup(QStringLiteral("h.example"), &error));
    QVERIFY2(error.contains(QLatin1String("docker-credential-nosuchhelper")), qPrintable(error));
    QVERIFY(error.contains(QLatin1String("not on PATH")));
    const auto evil = DockerCredentials::fromFile(writeConfig("{\"credsStore\":\"../../bin/sh\"}"));
    QVERIFY(!evil.lookup(QStringLiteral("h.example"), &error));
    QVERIFY2(error.contains(QLatin1String("invalid credential helper name")), qPrintable(error));
}

void TestDockerCredentials::badConfigNeverQuotesIt()
{
    const auto credentials = DockerCredentials::fromFile(
        writeConfig("{\"auths\":{\"h\":{\"auth\":\"c2VjcmV0OnZhbHVl\"}} trailing-s3cret"));
    QVERIFY(credentials.loadError().contains(QLatin1String("not a JSON object")));
    QVERIFY(!credentials.loadError().contains(QLatin1String("s3cret")));
    QVERIFY(!credentials.loadError().contains(QLatin1String("c2VjcmV0")));
}

void TestDockerCredentials::environmentDockerConfig()
{
    const QString dir = m_dir.filePath(QStringLiteral("dockerconfig"));
    QDir().mkpath(dir);
    QFile file(dir + QStringLiteral("/config.json"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"auths\":{\"env.example\":{\"auth\":\"" + QByteArray("env:pw").toBase64()
               + "\"}}}");
    file.close();
    const QByteArray old = qgetenv("DOCKER_CONFIG");
    qputenv("DOCKER_CONFIG", dir.toLocal8Bit());
    const auto credentials = DockerCredentials::fromEnvironment();
    qputenv("DOCKER_CONFIG", old);
    QCOMPARE(credentials.configPath(), dir + QStringLiteral("/config.json"));
    QVERIFY(credentials.lookup(QStringLiteral("env.example")));
}

QTEST_GUILESS_MAIN(TestDockerCredentials)
#include "tst_dockercredentials.moc"
