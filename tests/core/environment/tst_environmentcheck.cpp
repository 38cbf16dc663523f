// SPDX-License-Identifier: GPL-3.0-or-later
// The environment check with hand-made `docker` stand-ins (FakeDocker.h) and an in-process
// HTTP responder as the registry: every status, every remedy, and nothing that hangs.
#include "core/environment/EnvironmentCheck.h"
#include "core/environment/RegistryProbe.h"
#include "environment/FakeDocker.h"
#include "registry/FakeHttpServer.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Cachelab;
using Item = EnvironmentCheck::Item;

class TestEnvironmentCheck : public QObject
{
    Q_OBJECT

private:
    FakeHttpServer m_registry;

    // A port nothing listens on: bound, then released.
    static QString closedPort()
    {
        QTcpServer server;
        server.listen(QHostAddress::LocalHost);
        const quint16 port = server.serverPort();
        server.close();
        return QStringLiteral("127.0.0.1:%1/moby-cache").arg(port);
    }

    static QList<Item> runCheck(const QProcessEnvironment &environment, int timeoutMs = 3000,
                                qint64 *elapsed = nullptr)
    {
        EnvironmentCheck check;
        check.setTimeout(timeoutMs);
        QSignalSpy finished(&check, &EnvironmentCheck::finished);
        QElapsedTimer clock;
        clock.start();
        check.start(environment);
        [&] {
            QVERIFY(finished.wait(timeoutMs * 4 + 5000));
        }();
        if (elapsed)
            *elapsed = clock.elapsed();
        [&] {
            QVERIFY(!check.isRunning());
        }();
        return check.items();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_registry.start());
        m_registry.setHandler([](const FakeHttpServer::Request &request) {
            FakeHttpServer::Response response;
            response.status = request.path() == QLatin1String("/v2/") ? 401 : 404;
            response.addHeader("WWW-Authenticate", "Basic realm=\"fake\"");
            return response;
        });
    }

    void allPresent()
    {
        FakeDocker docker(FakeDocker::Behaviour {});
        const QList<Item> items
            = runCheck(docker.environment(m_registry.hostPort() + QStringLiteral("/moby-cache")));
        QCOMPARE(items.size(), int(EnvironmentCheck::ItemCount));
        for (const Item &item : items) {
            QVERIFY2(item.status == Item::Ok,
                     qPrintable(item.name + QLatin1String(": ") + item.detail));
            QVERIFY(item.remedy.isEmpty());
        }
        QCOMPARE(items.at(EnvironmentCheck::DockerCli).detail,
                 QStringLiteral("Docker version 20.10.24+dfsg1, build 297e128"));
        QCOMPARE(items.at(EnvironmentCheck::Engine).detail,
                 QStringLiteral("engine 20.10.24 (the default engine)"));
        QCOMPARE(items.at(EnvironmentCheck::Buildx).detail,
                 QStringLiteral("github.com/docker/buildx v0.38.2 0123456789abcdef"));
        QCOMPARE(items.at(EnvironmentCheck::Builder).detail, QStringLiteral("builder cachelab*"));
        QVERIFY(
            items.at(EnvironmentCheck::BuildkitImage).detail.contains(QLatin1String("2024-05-01")));
        QVERIFY(items.at(EnvironmentCheck::Registry).detail.contains(QLatin1String("HTTP 401")));
        bool askedV2 = false;
        for (const FakeHttpServer::Request &request : m_registry.requests())
            askedV2 = askedV2 || request.path() == QLatin1String("/v2/");
        QVERIFY(askedV2);
    }

    void dockerHostIsPassedAndMasked()
    {
        FakeDocker docker(FakeDocker::Behaviour {});
        QProcessEnvironment environment
            = docker.environment(m_registry.hostPort() + QStringLiteral("/moby-cache"));
        environment.insert(QStringLiteral("DOCKER_HOST"),
                           QStringLiteral("tcp://me:s3cret@127.0.0.1:2375"));
        const QList<Item> items = runCheck(environment);
        const QString engine = items.at(EnvironmentCheck::Engine).detail;
        QVERIFY2(engine.contains(QLatin1String("127.0.0.1:2375")), qPrintable(engine));
        QVERIFY2(!engine.contains(QLatin1String("s3cret")), qPrintable(engine));
    }

    void dockerMissing()
    {
        QTemporaryDir empty;
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("PATH"), empty.path());
        environment.insert(QStringLiteral("DOCKER_REPO"),
                           m_registry.hostPort() + QStringLiteral("/moby-cache"));
        const QList<Item> items = runCheck(environment);
        const Item cli = items.at(EnvironmentCheck::DockerCli);
        QCOMPARE(cli.status, Item::Missing);
        QVERIFY(cli.remedy.contains(QLatin1String("apt-get install docker.io")));
        for (int index : { EnvironmentCheck::Engine, EnvironmentCheck::Buildx,
                           EnvironmentCheck::Builder, EnvironmentCheck::BuildkitImage })
            QCOMPARE(items.at(index).status, Item::Unknown);
        // The registry is asked without docker.
        QCOMPARE(items.at(EnvironmentCheck::Registry).status, Item::Ok);
    }

    void engineNotAnswering()
    {
        FakeDocker::Behaviour behaviour;
        behaviour.engine = true;
        behaviour.engineHangs = true;
        FakeDocker docker(behaviour);
        qint64 elapsed = 0;
        const QList<Item> items
            = runCheck(docker.environment(m_registry.hostPort() + QStringLiteral("/moby-cache")),
                       800, &elapsed);
        QVERIFY2(elapsed < 5000, qPrintable(QString::number(elapsed))); // not the fake's 30 s
        const Item engine = items.at(EnvironmentCheck::Engine);
        QCOMPARE(engine.status, Item::Failed);
        QVERIFY2(engine.detail.contains(QLatin1String("no answer in 0.8 s")),
                 qPrintable(engine.detail));
        QVERIFY(engine.remedy.contains(QLatin1String("systemctl start docker")));
        QVERIFY(engine.remedy.contains(QLatin1String("DOCKER_HOST")));
        QCOMPARE(items.at(EnvironmentCheck::BuildkitImage).status, Item::Unknown);
        QCOMPARE(items.at(EnvironmentCheck::Buildx).status, Item::Ok);
    }

    void engineDown()
    {
        FakeDocker::Behaviour behaviour;
        behaviour.engine = false;
        FakeDocker docker(behaviour);
        const QList<Item> items
            = runCheck(docker.environment(m_registry.hostPort() + QStringLiteral("/moby-cache")));
        const Item engine = items.at(EnvironmentCheck::Engine);
        QCOMPARE(engine.status, Item::Failed);
        QVERIFY2(engine.detail.contains(QLatin1String("Cannot connect to the Docker daemon")),
                 qPrintable(engine.detail));
    }

    void imageAndBuilderMissing()
    {
        FakeDocker::Behaviour behaviour;
        behaviour.containerBuilder = false;
        behaviour.image = false;
        FakeDocker docker(behaviour);
        const QList<Item> items
            = runCheck(docker.environment(m_registry.hostPort() + QStringLiteral("/moby-cache")));
        const Item image = items.at(EnvironmentCheck::BuildkitImage);
        QCOMPARE(image.status, Item::Missing);
        QVERIFY2(image.remedy.startsWith(QLatin1String("cachelab lab up"))
                     && image.remedy.endsWith(QLatin1String("docker pull moby/buildkit:master")),
                 qPrintable(image.remedy));
        const Item builder = items.at(EnvironmentCheck::Builder);
        QCOMPARE(builder.status, Item::Missing);
        QVERIFY(builder.remedy.startsWith(QLatin1String("cachelab lab up")));
        QVERIFY(builder.remedy.contains(
            QLatin1String("docker buildx create --use --driver docker-container")));
    }

    void buildxMissing()
    {
        FakeDocker::Behaviour behaviour;
        behaviour.buildx = false;
        FakeDocker docker(behaviour);
        const QList<Item> items
            = runCheck(docker.environment(m_registry.hostPort() + QStringLiteral("/moby-cache")));
        QCOMPARE(items.at(EnvironmentCheck::Buildx).status, Item::Missing);
        QVERIFY(items.at(EnvironmentCheck::Buildx).detail.contains(QLatin1String("buildx")));
        QCOMPARE(items.at(EnvironmentCheck::Builder).status, Item::Unknown);
    }

    void registryUnreachable()
    {
        FakeDocker docker(FakeDocker::Behaviour {});
        const QList<Item> items = runCheck(docker.environment(closedPort()));
        const Item registry = items.at(EnvironmentCheck::Registry);
        QCOMPARE(registry.status, Item::Missing);
        QVERIFY(registry.remedy.contains(QLatin1String("docker run -d -p 5000:5000 registry:2")));
        QVERIFY(registry.remedy.contains(QLatin1String("DOCKER_REPO")));
    }

    void registryUrl()
    {
        QCOMPARE(RegistryProbe::versionCheckUrl(QStringLiteral("localhost:5000/moby-cache")),
                 QUrl(QStringLiteral("http://localhost:5000/v2/")));
        QCOMPARE(RegistryProbe::versionCheckUrl(QStringLiteral("registry.example:5000/x")),
                 QUrl(QStringLiteral("https://registry.example:5000/v2/")));
        QCOMPARE(RegistryProbe::versionCheckUrl(QStringLiteral("someone/moby-cache")),
                 QUrl(QStringLiteral("https://registry-1.docker.io/v2/")));
        QVERIFY(!RegistryProbe::versionCheckUrl(QStringLiteral("Not A Ref")).isValid());
    }

    void checkAgainAbandonsTheRunningOne()
    {
        FakeDocker::Behaviour behaviour;
        behaviour.engine = true;
        behaviour.engineHangs = true;
        FakeDocker docker(behaviour);
        EnvironmentCheck check;
        check.setTimeout(600);
        QSignalSpy finished(&check, &EnvironmentCheck::finished);
        const QProcessEnvironment environment
            = docker.environment(m_registry.hostPort() + QStringLiteral("/moby-cache"));
        check.start(environment);
        QTest::qWait(100);
        check.start(environment); // the first round's callbacks must not count
        QVERIFY(finished.wait(5000));
        QTest::qWait(800);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(check.items().at(EnvironmentCheck::Engine).status, Item::Failed);
    }
};

QTEST_GUILESS_MAIN(TestEnvironmentCheck)
#include "tst_environmentcheck.moc"
