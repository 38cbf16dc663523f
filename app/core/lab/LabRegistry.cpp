// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lab/LabRegistry.h"

#include <csignal>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <unistd.h>

namespace Cachelab {

namespace {
const QString kState = QStringLiteral("registry.json");

QJsonObject readState(const QString &root)
{
    QFile file(QDir(root).filePath(kState));
    if (!file.open(QIODevice::ReadOnly) || file.size() > 64 * 1024)
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

// The process is ours only if it is alive and still the registry we started: a pid can
// be reused by anything after a reboot.
bool isOurRegistry(qint64 pid, const QString &config)
{
    if (pid <= 0 || ::kill(pid_t(pid), 0) != 0)
        return false;
    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
    if (!cmdline.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = cmdline.readAll();
    return text.contains("serve") && text.contains(config.toLocal8Bit());
}
} // namespace

LabRegistry::LabRegistry(const QString &root, const QString &program)
    : m_root(root)
    , m_program(program)
{ }

QString LabRegistry::defaultRoot()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/lab");
}

QString LabRegistry::defaultProgram()
{
    const QString found = QStandardPaths::findExecutable(QStringLiteral("docker-registry"));
    if (!found.isEmpty())
        return found;
    return QFileInfo(QStringLiteral("/usr/bin/docker-registry")).isExecutable()
        ? QStringLiteral("/usr/bin/docker-registry")
        : QString();
}

QString LabRegistry::storageDir() const
{
    return QDir(m_root).filePath(QStringLiteral("registry-data"));
}

QString LabRegistry::logFile() const
{
    return QDir(m_root).filePath(QStringLiteral("registry.log"));
}

qint64 LabRegistry::pid() const
{
    const QJsonObject state = readState(m_root);
    const qint64 pid = qint64(state.value(QStringLiteral("pid")).toDouble());
    return isOurRegistry(pid, QDir(m_root).filePath(QStringLiteral("registry.yml"))) ? pid : 0;
}

int LabRegistry::port() const
{
    return readState(m_root).value(QStringLiteral("port")).toInt();
}

QString LabRegistry::address() const
{
    return pid() > 0 && port() > 0 ? QStringLiteral("127.0.0.1:%1").arg(port()) : QString();
}

bool LabRegistry::answers(int port, int timeoutMs) const
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, quint16(port));
    if (!socket.waitForConnected(timeoutMs))
        return false;
    socket.write("GET /v2/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
    if (!socket.waitForBytesWritten(timeoutMs) || !socket.waitForReadyRead(timeoutMs))
        return false;
    const QByteArray status = socket.readLine();
    return status.startsWith("HTTP/") && status.contains(" 200");
}

bool LabRegistry::portFree(int port) const
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, quint16(port));
}

int LabRegistry::pickPort() const
{
    for (int i = 0; i < 50; ++i) {
        const int candidate = 20000 + int(QRandomGenerator::global()->bounded(40000));
        if (portFree(candidate))
            return candidate;
    }
    return 0;
}

void LabRegistry::saveState(int port, qint64 pid) const
{
    QSaveFile file(QDir(m_root).filePath(kState));
    if (file.open(QIODevice::WriteOnly)) {
        file.write(QJsonDocument(QJsonObject { { QStringLiteral("port"), port },
                                               { QStringLiteral("pid"), double(pid) },
                                               { QStringLiteral("program"), m_program } })
                       .toJson());
        file.commit();
    }
}

bool LabRegistry::start(QStringList *steps, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (const QString running = address(); !running.isEmpty()) {
        steps->append(QStringLiteral("registry: already running on %1 (pid %2)").arg(running).arg(pid()));
        return true;
    }
    if (m_program.isEmpty() || !QFileInfo(m_program).isExecutable())
        return fail(QStringLiteral("registry: docker-registry is not installed (Debian: apt-get "
                                   "install docker-registry)"));
    if (!QDir().mkpath(storageDir()))
        return fail(QStringLiteral("registry: cannot create %1").arg(storageDir()));

    // The kept port when it is free; another when something else took it meanwhile.
    int port = this->port();
    if (port > 0 && !portFree(port)) {
        steps->append(QStringLiteral("registry: port %1 is taken by another process; choosing another").arg(port));
        port = 0;
    }
    if (port == 0)
        port = pickPort();
    if (port == 0)
        return fail(QStringLiteral("registry: no free port on 127.0.0.1"));

    const QString config = QDir(m_root).filePath(QStringLiteral("registry.yml"));
    QSaveFile yml(config);
    if (!yml.open(QIODevice::WriteOnly))
        return fail(QStringLiteral("registry: cannot write %1").arg(config));
    yml.write(QStringLiteral("version: 0.1\nlog:\n  level: info\nstorage:\n  filesystem:\n"
                             "    rootdirectory: %1\n  delete:\n    enabled: true\nhttp:\n"
                             "  addr: 127.0.0.1:%2\n")
                  .arg(storageDir())
                  .arg(port)
                  .toUtf8());
    if (!yml.commit())
        return fail(QStringLiteral("registry: cannot write %1").arg(config));

    QProcess process;
    process.setProgram(m_program);
    process.setArguments({ QStringLiteral("serve"), config });
    process.setStandardInputFile(QProcess::nullDevice());
    process.setStandardOutputFile(logFile(), QIODevice::Append);
    process.setStandardErrorFile(logFile(), QIODevice::Append);
    // Its own session: it outlives the window that started it, and a Ctrl+C meant for
    // a `cachelab run` in the same terminal does not reach it.
    process.setChildProcessModifier([] { ::setsid(); });
    qint64 pid = 0;
    if (!process.startDetached(&pid))
        return fail(QStringLiteral("registry: cannot start %1: %2").arg(m_program, process.errorString()));
    saveState(port, pid);
    steps->append(QStringLiteral("registry: started %1 on 127.0.0.1:%2 (pid %3), storage %4")
                      .arg(QFileInfo(m_program).fileName())
                      .arg(port)
                      .arg(pid)
                      .arg(storageDir()));
    const QDeadlineTimer deadline(15000);
    while (!deadline.hasExpired()) {
        if (answers(port, 500)) {
            steps->append(QStringLiteral("registry: answers GET /v2/ on 127.0.0.1:%1").arg(port));
            return true;
        }
        if (::kill(pid_t(pid), 0) != 0)
            break;
        QThread::msleep(100);
    }
    QStringList ignored;
    stop(&ignored, nullptr);
    return fail(QStringLiteral("registry: docker-registry did not answer on 127.0.0.1:%1 (its log: %2)")
                    .arg(port)
                    .arg(logFile()));
}

bool LabRegistry::stop(QStringList *steps, QString *error)
{
    const qint64 pid = this->pid();
    if (pid <= 0) {
        steps->append(QStringLiteral("registry: not running"));
        return true;
    }
    ::kill(pid_t(pid), SIGTERM);
    QDeadlineTimer deadline(5000);
    while (!deadline.hasExpired() && ::kill(pid_t(pid), 0) == 0) {
        // A detached child of ours is reaped by init; poll until it is gone.
        QThread::msleep(50);
    }
    if (::kill(pid_t(pid), 0) == 0) {
        ::kill(pid_t(pid), SIGKILL);
        deadline.setRemainingTime(2000);
        while (!deadline.hasExpired() && ::kill(pid_t(pid), 0) == 0)
            QThread::msleep(50);
    }
    if (::kill(pid_t(pid), 0) == 0) {
        if (error)
            *error = QStringLiteral("registry: pid %1 does not end").arg(pid);
        return false;
    }
    saveState(port(), 0);
    steps->append(QStringLiteral("registry: stopped (pid %1); its storage stays in %2").arg(pid).arg(storageDir()));
    return true;
}

} // namespace Cachelab
