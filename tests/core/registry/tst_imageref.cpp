// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/ImageRef.h"

#include <QtTest>

using namespace Cachelab;

class TestImageRef : public QObject
{
    Q_OBJECT
private slots:
    void parses_data();
    void parses();
    void rejects_data();
    void rejects();
    void credentialKeys();
};

void TestImageRef::parses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("domain");
    QTest::addColumn<QString>("apiHost");
    QTest::addColumn<QString>("repository");
    QTest::addColumn<QString>("reference");
    QTest::addColumn<bool>("loopback");
    const QString digest = QStringLiteral("sha256:") + QString(64, QLatin1Char('a'));

    QTest::newRow("alpine") << "alpine"
                            << "docker.io"
                            << "registry-1.docker.io"
                            << "library/alpine"
                            << "latest" << false;
    QTest::newRow("user repo tag") << "bgaillard/test:cache"
                                   << "docker.io"
                                   << "registry-1.docker.io"
                                   << "bgaillard/test"
                                   << "cache" << false;
    QTest::newRow("docker.io explicit") << "docker.io/alpine:3"
                                        << "docker.io"
                                        << "registry-1.docker.io"
                                        << "library/alpine"
                                        << "3" << false;
    QTest::newRow("index.docker.io") << "index.docker.io/me/app"
                                     << "docker.io"
                                     << "registry-1.docker.io"
                                     << "me/app"
                                     << "latest" << false;
    QTest::newRow("loopback port") << "127.0.0.1:43851/issue1515-plain-buildctl/test:cache"
                                   << "127.0.0.1:43851"
                                   << "127.0.0.1:43851"
                                   << "issue1515-plain-buildctl/test"
                                   << "cache" << true;
    QTest::newRow("localhost") << "localhost:5000/moby-cache/test:1"
                               << "localhost:5000"
                               << "localhost:5000"
                               << "moby-cache/test"
                               << "1" << true;
    QTest::newRow("localhost no port") << "localhost/app"
                                       << "localhost"
                                       << "localhost"
                                       << "app"
                                       << "latest" << true;
    QTest::newRow("ipv6 loopback") << "[::1]:5000/app:x"
                                   << "[::1]:5000"
                                   << "[::1]:5000"
                                   << "app"
                                   << "x" << true;
    QTest::newRow("other 127/8") << "127.0.0.2:80/a/b"
                                 << "127.0.0.2:80"
                                 << "127.0.0.2:80"
                                 << "a/b"
                                 << "latest" << true;
    QTest::newRow("remote host") << "ghcr.io/org/cache:buildcache"
                                 << "ghcr.io"
                                 << "ghcr.io"
                                 << "org/cache"
                                 << "buildcache" << false;
    QTest::newRow("remote with port") << "registry.example:5000/x"
                                      << "registry.example:5000"
                                      << "registry.example:5000"
                                      << "x"
                                      << "latest" << false;
    QTest::newRow("digest") << (QStringLiteral("127.0.0.1:5000/x@") + digest) << "127.0.0.1:5000"
                            << "127.0.0.1:5000"
                            << "x" << digest << true;
    QTest::newRow("tag and digest") << (QStringLiteral("alpine:3@") + digest) << "docker.io"
                                    << "registry-1.docker.io"
                                    << "library/alpine" << digest << false;
    QTest::newRow("separators") << "a.b/x__y/z-w.v:t.1-2"
                                << "a.b"
                                << "a.b"
                                << "x__y/z-w.v"
                                << "t.1-2" << false;
}

void TestImageRef::parses()
{
    QFETCH(QString, text);
    QString error;
    const auto ref = ImageRef::parse(text, &error);
    QVERIFY2(ref.has_value(), qPrintable(error));
    QTEST(ref->domain(), "domain");
    QTEST(ref->apiHost(), "apiHost");
    QTEST(ref->repository(), "repository");
    QTEST(ref->manifestReference(), "reference");
    QTEST(ref->isLoopback(), "loopback");
    // toString() parses back to the same reference.
    const auto again = ImageRef::parse(ref->toString());
    QVERIFY(again.has_value());
    QCOMPARE(again->toString(), ref->toString());
}

void TestImageRef::rejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << ""
                           << "empty";
    QTest::newRow("upper case repo") << "127.0.0.1:5000/Moby"
                                     << "invalid repository";
    QTest::newRow("bad digest") << "x@sha256:abc"
                                << "invalid digest";
    QTest::newRow("bad tag") << "x:-bad"
                             << "invalid tag";
    QTest::newRow("no repo") << "127.0.0.1:5000/"
                             << "repository";
    QTest::newRow("spaces") << "a b/c"
                            << "invalid";
    QTest::newRow("double slash") << "host.io//x"
                                  << "invalid repository";
    QTest::newRow("bad port") << "host.io:99999999/x"
                              << "invalid registry host";
}

void TestImageRef::rejects()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!ImageRef::parse(text, &error).has_value());
    QVERIFY2(error.contains(message), qPrintable(error));
}

void TestImageRef::credentialKeys()
{
    QCOMPARE(ImageRef::parse(QStringLiteral("alpine"))->credentialKey(),
             QStringLiteral("https://index.docker.io/v1/"));
    QCOMPARE(ImageRef::parse(QStringLiteral("127.0.0.1:5000/x"))->credentialKey(),
             QStringLiteral("127.0.0.1:5000"));
    QCOMPARE(ImageRef::parse(QStringLiteral("ghcr.io/o/r"))->credentialKey(),
             QStringLiteral("ghcr.io"));
}

QTEST_GUILESS_MAIN(TestImageRef)
#include "tst_imageref.moc"
