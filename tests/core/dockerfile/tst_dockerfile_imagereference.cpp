// SPDX-License-Identifier: GPL-3.0-or-later
// Image reference normalisation; expected values are what distribution/reference
// (ParseNormalizedNamed, TagNameOnly), which BuildKit uses, returns for the same input.
#include "core/dockerfile/ImageReference.h"

#include <QTest>

using Cachelab::ImageReference;

class TestImageReference : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void normalizes_data()
    {
        QTest::addColumn<QString>("reference");
        QTest::addColumn<QString>("normalized");
        QTest::addColumn<QString>("withDefaultTag");
        QTest::addColumn<QString>("domain");
        const QString digest = QStringLiteral(
            "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        auto row = [](const QString &reference, const QString &normalized,
                      const QString &withDefaultTag, const char *domain) {
            QTest::addRow("%s", qPrintable(reference))
                << reference << normalized << withDefaultTag << QString::fromUtf8(domain);
        };
        row(QStringLiteral("alpine"), QStringLiteral("docker.io/library/alpine"),
            QStringLiteral("docker.io/library/alpine:latest"), "docker.io");
        row(QStringLiteral("alpine:3.20"), QStringLiteral("docker.io/library/alpine:3.20"),
            QStringLiteral("docker.io/library/alpine:3.20"), "docker.io");
        row(QStringLiteral("library/alpine"), QStringLiteral("docker.io/library/alpine"),
            QStringLiteral("docker.io/library/alpine:latest"), "docker.io");
        row(QStringLiteral("docker.io/alpine"), QStringLiteral("docker.io/library/alpine"),
            QStringLiteral("docker.io/library/alpine:latest"), "docker.io");
        row(QStringLiteral("index.docker.io/library/alpine"),
            QStringLiteral("docker.io/library/alpine"),
            QStringLiteral("docker.io/library/alpine:latest"), "docker.io");
        row(QStringLiteral("bgaillard/test:1"), QStringLiteral("docker.io/bgaillard/test:1"),
            QStringLiteral("docker.io/bgaillard/test:1"), "docker.io");
        row(QStringLiteral("localhost/app"), QStringLiteral("localhost/app"),
            QStringLiteral("localhost/app:latest"), "localhost");
        row(QStringLiteral("localhost:5000/app:dev"), QStringLiteral("localhost:5000/app:dev"),
            QStringLiteral("localhost:5000/app:dev"), "localhost:5000");
        row(QStringLiteral("127.0.0.1:26338/moby-cache/test:1"),
            QStringLiteral("127.0.0.1:26338/moby-cache/test:1"),
            QStringLiteral("127.0.0.1:26338/moby-cache/test:1"), "127.0.0.1:26338");
        row(QStringLiteral("[::1]:5000/app"), QStringLiteral("[::1]:5000/app"),
            QStringLiteral("[::1]:5000/app:latest"), "[::1]:5000");
        // An upper-case first component can only be a registry.
        row(QStringLiteral("MyRegistry/app"), QStringLiteral("MyRegistry/app"),
            QStringLiteral("MyRegistry/app:latest"), "MyRegistry");
        // A digest pins the image: no :latest is added.
        row(QStringLiteral("ghcr.io/owner/img@") + digest,
            QStringLiteral("ghcr.io/owner/img@") + digest,
            QStringLiteral("ghcr.io/owner/img@") + digest, "ghcr.io");
        row(QStringLiteral("alpine:3.20@") + digest,
            QStringLiteral("docker.io/library/alpine:3.20@") + digest,
            QStringLiteral("docker.io/library/alpine:3.20@") + digest, "docker.io");
    }
    void normalizes()
    {
        QFETCH(QString, reference);
        QFETCH(QString, normalized);
        QFETCH(QString, withDefaultTag);
        QFETCH(QString, domain);
        QString error;
        const std::optional<ImageReference> parsed = ImageReference::parse(reference, &error);
        QVERIFY2(parsed, qPrintable(error));
        QCOMPARE(parsed->normalized(), normalized);
        QCOMPARE(parsed->withDefaultTag(), withDefaultTag);
        QCOMPARE(parsed->domain(), domain);
    }

    void parts()
    {
        const auto parsed = ImageReference::parse(QStringLiteral("localhost:5000/team/app:dev"));
        QVERIFY(parsed);
        QCOMPARE(parsed->path(), QStringLiteral("team/app"));
        QCOMPARE(parsed->tag(), QStringLiteral("dev"));
        QCOMPARE(parsed->digest(), QString());
    }

    void refuses_data()
    {
        QTest::addColumn<QString>("reference");
        QTest::addColumn<QString>("error");
        QTest::addRow("upper case") << QStringLiteral("Alpine")
                                    << QStringLiteral("invalid reference format: repository name "
                                                      "(library/Alpine) must be lowercase");
        QTest::addRow("two tags") << QStringLiteral("alpine:bad:tag")
                                  << QStringLiteral("invalid reference format");
        QTest::addRow("empty") << QString() << QStringLiteral("invalid reference format");
        QTest::addRow("image id") << QStringLiteral(
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
                                  << QStringLiteral(
                                         "invalid repository name "
                                         "(0123456789abcdef0123456789abcdef0123456789abcdef01"
                                         "23456789abcdef), cannot specify 64-byte hexadecimal "
                                         "strings");
        QTest::addRow("short digest")
            << QStringLiteral("alpine@sha256:abc") << QStringLiteral("invalid reference format");
        QTest::addRow("unknown digest")
            << QStringLiteral("alpine@md5:0123456789abcdef0123456789abcdef")
            << QStringLiteral("unsupported digest algorithm");
        QTest::addRow("double dot")
            << QStringLiteral("a..b") << QStringLiteral("invalid reference format");
        QTest::addRow("leading dash")
            << QStringLiteral("-alpine") << QStringLiteral("invalid reference format");
        QTest::addRow("empty tag")
            << QStringLiteral("alpine:") << QStringLiteral("invalid reference format");
    }
    void refuses()
    {
        QFETCH(QString, reference);
        QFETCH(QString, error);
        QString message;
        QVERIFY(!ImageReference::parse(reference, &message));
        QCOMPARE(message, error);
    }
};

QTEST_GUILESS_MAIN(TestImageReference)
#include "tst_dockerfile_imagereference.moc"
