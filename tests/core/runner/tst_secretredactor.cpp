// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runner/SecretRedactor.h"

#include <QTest>

namespace SecretRedactor = Cachelab::SecretRedactor;

class TestSecretRedactor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void inlineSecrets_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::addRow("url password") << QStringLiteral("GET https://bob:pa55word@host/v2/")
                                      << QStringLiteral("GET https://bob:***@host/v2/");
        QTest::addRow("bearer") << QStringLiteral("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc")
                                << QStringLiteral("Authorization: Bearer ***");
        QTest::addRow("password flag") << QStringLiteral("docker login --password hunter2 r.io")
                                       << QStringLiteral("docker login --password *** r.io");
        QTest::addRow("json token")
            << QStringLiteral("{\"token\": \"abc.def\", \"expires_in\": 300}")
            << QStringLiteral("{\"token\": \"***\", \"expires_in\": 300}");
        QTest::addRow("docker config auth")
            << QStringLiteral("{\"auths\":{\"r.io\":{\"auth\":\"Ym9iOnNlY3JldA==\"}}}")
            << QStringLiteral("{\"auths\":{\"r.io\":{\"auth\":\"***\"}}}");
        QTest::addRow("github token") << QStringLiteral("token ghp_abcdefghijklmnopqrstuvwxyz0123")
                                      << QStringLiteral("token ghp_***");
        QTest::addRow("plain progress untouched") << QStringLiteral(
            "#23 writing layer "
            "sha256:27cfed8d59534cab469b5aacfc762df06ab539dd14842104da958ca0996172e3 2.1s done")
                                                  << QStringLiteral(
                                                         "#23 writing layer "
                                                         "sha256:"
                                                         "27cfed8d59534cab469b5aacfc762df06ab539dd1"
                                                         "4842104da958ca0996172e3 2.1s done");
        QTest::addRow("registry ref untouched")
            << QStringLiteral("pushing 127.0.0.1:5000/moby-cache/test:1")
            << QStringLiteral("pushing 127.0.0.1:5000/moby-cache/test:1");
    }

    void inlineSecrets()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(SecretRedactor::redact(text), expected);
    }

    // The bytes path (what the runner uses on every chunk of output) masks exactly what
    // the text path masks, line by line inside a long chunk of ordinary output.
    void bytesAgreeWithText_data() { inlineSecrets_data(); }
    void bytesAgreeWithText()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QByteArray chunk;
        QByteArray want;
        for (int i = 0; i < 50; ++i) {
            const QByteArray ordinary = "#12 0." + QByteArray::number(i) + " webpack compiled\n";
            chunk += ordinary;
            want += ordinary;
            if (i == 25) {
                chunk += text.toUtf8() + '\n';
                want += expected.toUtf8() + '\n';
            }
        }
        QCOMPARE(SecretRedactor::redact(chunk), want);
    }

    void outputWithoutSecretsIsNotCopied()
    {
        const QByteArray chunk = "#5 [build-public 4/8] COPY assets assets\n#5 DONE 0.1s\n";
        const QByteArray redacted = SecretRedactor::redact(chunk);
        QCOMPARE(redacted, chunk);
        QVERIFY(redacted.isSharedWith(chunk));
    }

    void environmentValues()
    {
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("CI_JOB_TOKEN"), QStringLiteral("abcdef123456"));
        environment.insert(QStringLiteral("DOCKER_REPO"),
                           QStringLiteral("localhost:5000/moby-cache"));
        environment.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("xyz"));
        QCOMPARE(
            SecretRedactor::redact(
                QStringLiteral("token is abcdef123456 for localhost:5000/moby-cache"), environment),
            QStringLiteral("token is *** for localhost:5000/moby-cache"));
        QCOMPARE(
            SecretRedactor::redact(QByteArray("#3 0.1 abcdef123456\n#3 DONE 0.1s\n"), environment),
            QByteArray("#3 0.1 ***\n#3 DONE 0.1s\n"));
        QCOMPARE(SecretRedactor::describe(environment),
                 (QStringList { QStringLiteral("AWS_SECRET_ACCESS_KEY=***"),
                                QStringLiteral("CI_JOB_TOKEN=***"),
                                QStringLiteral("DOCKER_REPO=localhost:5000/moby-cache") }));
    }
};

QTEST_GUILESS_MAIN(TestSecretRedactor)
#include "tst_secretredactor.moc"
