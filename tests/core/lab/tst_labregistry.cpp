// SPDX-License-Identifier: GPL-3.0-or-later
// The lab's registry for real: Debian's docker-registry started on a free 127.0.0.1 port,
// answering GET /v2/, started twice without a second process, stopped with nothing left,
// its port kept across restarts and given up when another process took it; the scripts
// get it as DOCKER_REPO when nothing names one, and the environment check looks there.
#include "core/environment/EnvironmentCheck.h"
#include "core/lab/LabRegistry.h"
#include "core/session/ProjectSession.h"

#include <csignal>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Cachelab;

namespace {
bool answers(const QString &address)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, quint16(address.section(QLatin1Char(':'), 1).toInt()));
    if (!socket.waitForConnected(2000))
        return false;
    socket.write("GET /v2/ HTTP/1.0\r\n\r\n");
    return socket.waitForReadyRead(2000) && socket.readLine().contains(" 200");
}

bool alive(qint64 pid)
{
    return pid > 0 && ::kill(pid_t(pid), 0) == 0;
}
} // namespace

class TestLabRegistry : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (LabRegistry::defaultProgram().isEmpty()) {
            if (qEnvironmentVariable("CI") == QLatin1String("true"))
                QFAIL("docker-registry is not installed (tools/dev.sh test installs it)");
            QSKIP("docker-registry is not installed");
        }
        // The lab's state goes to the test's data folder, where LabRegistry() looks.
        QStandardPaths::setTestModeEnabled(true);
        QDir(LabRegistry::defaultRoot()).removeRecursively();
    }

    void cleanupTestCase()
    {
        QDir(LabRegistry::defaultRoot()).removeRecursively();
    }

    void cleanup()
    {
        QStringList steps;
        LabRegistry().stop(&steps, nullptr); // whatever a failed check left running
    }

    void startStopAndKeepThePort()
    {
        LabRegistry registry;
        QStringList steps;
        QString error;
        QVERIFY(!registry.isRunning());
        QVERIFY2(registry.start(&steps, &error), qPrintable(error));
        const QString address = registry.address();
        const qint64 pid = registry.pid();
        QVERIFY(address.startsWith(QLatin1String("127.0.0.1:")));
        QVERIFY(answers(address));
        QVERIFY2(steps.join(QLatin1Char('\n')).contains(QLatin1String("answers GET /v2/")),
                 qPrintable(steps.join(QLatin1Char('\n'))));

        // Twice is harmless: the same process.
        steps.clear();
        QVERIFY(registry.start(&steps, &error));
        QCOMPARE(registry.pid(), pid);
        QVERIFY(steps.constFirst().contains(QLatin1String("already running")));

        // A cache pushed there stays across a restart (storage in the data folder).
        QVERIFY(registry.stop(&steps, &error));
        QVERIFY(!alive(pid));
        QVERIFY(!registry.isRunning());
        QVERIFY(!answers(address));
        QVERIFY(QFileInfo(registry.storageDir()).isDir());
        QVERIFY(registry.start(&steps, &error));
        QCOMPARE(registry.address(), address); // the port is kept
        QVERIFY(registry.stop(&steps, &error));
    }

    void aTakenPortIsGivenUp()
    {
        LabRegistry registry;
        QStringList steps;
        QString error;
        QVERIFY(registry.start(&steps, &error));
        const int kept = registry.port();
        QVERIFY(registry.stop(&steps, &error));
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, quint16(kept)));
        steps.clear();
        QVERIFY2(registry.start(&steps, &error), qPrintable(error));
        QVERIFY(registry.port() != kept);
        QVERIFY(steps.join(QLatin1Char('\n')).contains(QStringLiteral("port %1 is taken").arg(kept)));
        QVERIFY(answers(registry.address()));
    }

    void scriptsAndTheCheckUseIt()
    {
        LabRegistry registry;
        QStringList steps;
        QString error;
        QVERIFY(registry.start(&steps, &error));
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("My Project"));
        QVERIFY(QDir().mkpath(project));
        QFile dockerfile(project + QStringLiteral("/Dockerfile"));
        QVERIFY(dockerfile.open(QIODevice::WriteOnly));
        dockerfile.write("FROM alpine\n");
        dockerfile.close();
        QFile script(project + QStringLiteral("/show.sh"));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("#!/bin/sh\necho \"repo=$DOCKER_REPO\"\n");
        script.close();
        script.setPermissions(script.permissions() | QFileDevice::ExeOwner);

        qunsetenv("DOCKER_REPO");
        ProjectSession session(dir.filePath(QStringLiteral("store")));
        QVERIFY(session.open(project));
        QSignalSpy finished(&session, &ProjectSession::runFinished);
        QVERIFY(session.startScript(script.fileName()));
        QVERIFY(finished.wait(10000));
        QVERIFY2(session.runs()->entry(0)->stored.log.contains(
                     QStringLiteral("repo=%1/my-project/show\n").arg(registry.address()).toUtf8()),
                 session.runs()->entry(0)->stored.log.constData());
        // A registry the user named wins.
        QVERIFY(session.startScript(script.fileName(),
                                    { { QStringLiteral("DOCKER_REPO"), QStringLiteral("registry.example/x") } }));
        QVERIFY(finished.wait(10000));
        QVERIFY(session.runs()->entry(0)->stored.log.contains("repo=registry.example/x"));

        QCOMPARE(EnvironmentCheck().repository(), registry.address() + QStringLiteral("/cachelab"));
        QVERIFY(registry.stop(&steps, &error));
        QVERIFY(EnvironmentCheck().repository() != registry.address() + QStringLiteral("/cachelab"));
    }

    // Without docker-registry: the registry:2 image on the user's engine (a stand-in for the
    // docker CLI here: nothing can be pulled on the test machines), pulled when missing, a
    // container of the lab's name and label published on 127.0.0.1 only, and removed again
    // by name and label.
    void aContainerWithoutDockerRegistry()
    {
        QTemporaryDir bin;
        QVERIFY(QFile::link(QFINDTESTDATA("fake-docker.py"), bin.filePath(QStringLiteral("docker"))));
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", bin.path().toLocal8Bit() + ':' + path);
        qputenv("FAKE_DOCKER_STATE", bin.filePath(QStringLiteral("state")).toLocal8Bit());
        const QString root = bin.filePath(QStringLiteral("lab"));
        LabRegistry registry(root, QString());
        QStringList steps;
        QString error;
        const bool started = registry.start(&steps, &error);
        const QString said = steps.join(QLatin1Char('\n'));
        QVERIFY2(started, qPrintable(error + said));
        QVERIFY2(said.contains(QLatin1String("registry: pulling registry:2")), qPrintable(said));
        QVERIFY2(said.contains(QLatin1String("started the registry:2 container cachelab-lab-registry-")),
                 qPrintable(said));
        const QString address = registry.address();
        QVERIFY(address.startsWith(QLatin1String("127.0.0.1:")));
        QVERIFY(answers(address));
        QFile calls(bin.filePath(QStringLiteral("state/calls.log")));
        QVERIFY(calls.open(QIODevice::ReadOnly));
        const QString log = QString::fromUtf8(calls.readAll());
        QVERIFY2(log.contains(QStringLiteral("-p 127.0.0.1:%1:5000").arg(registry.port())), qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("--label io.github.cachelab.lab=") + root), qPrintable(log));
        QVERIFY2(log.contains(registry.storageDir() + QStringLiteral(":/var/lib/registry")), qPrintable(log));

        steps.clear();
        QVERIFY(registry.start(&steps, &error)); // twice: the same container
        QVERIFY2(steps.constFirst().contains(QLatin1String("already running")), qPrintable(steps.constFirst()));
        QVERIFY(registry.stop(&steps, &error));
        QVERIFY(!registry.isRunning());
        QTRY_VERIFY(!answers(address));
        qputenv("PATH", path);
    }
};

QTEST_GUILESS_MAIN(TestLabRegistry)
#include "tst_labregistry.moc"
