// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lab/LabRegistry.h"

#include <csignal>
#include <QCryptographicHash>
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

// A socket listening on 127.0.0.1:port (or any address), from /proc/net/tcp: the
// published port of the lab's registry container.
bool listening(int port)
{
    QFile table(QStringLiteral("/proc/net/tcp"));
    if (!table.open(QIODevice::ReadOnly))
        return false;
    const QByteArray hexPort = QByteArray::number(port, 16).toUpper().rightJustified(4, '0');
    const QList<QByteArray> lines = table.readAll().split('\n'); // a /proc file says size 0
    for (const QByteArray &line : lines) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        // "sl local_address rem_address st …": st 0A is LISTEN.
        if (fields.size() > 3 && fields.at(3) == "0A"
            && (fields.at(1) == "0100007F:" + hexPort || fields.at(1) == "00000000:" + hexPort))
            return true;
    }
    return false;
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
    const qint64 pid = state.value(QStringLiteral("pid")).toInteger();
    return isOurRegistry(pid, QDir(m_root).filePath(QStringLiteral("registry.yml"))) ? pid : 0;
}

int LabRegistry::port() const
{
    return readState(m_root).value(QStringLiteral("port")).toInt();
}

QString LabRegistry::address() const
{
    const QJsonObject state = readState(m_root);
    const int port = state.value(QStringLiteral("port")).toInt();
    if (port <= 0)
        return {};
    // A container of the lab's: it counts while something listens on its port, read off
    // /proc like the pid check (no request: this runs on the GUI thread before every run).
    if (!state.value(QStringLiteral("container")).toString().isEmpty())
        return listening(port) ? QStringLiteral("127.0.0.1:%1").arg(port) : QString();
    return pid() > 0 ? QStringLiteral("127.0.0.1:%1").arg(port) : QString();
}

QString LabRegistry::containerName() const
{
    const QByteArray hash = QCryptographicHash::hash(QDir(m_root).absolutePath().toUtf8(),
                                                     QCryptographicHash::Sha256);
    return QStringLiteral("cachelab-lab-registry-") + QString::fromLatin1(hash.toHex().left(12));
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

void LabRegistry::saveState(int port, qint64 pid, const QString &container) const
{
    QSaveFile file(QDir(m_root).filePath(kState));
    if (file.open(QIODevice::WriteOnly)) {
        QJsonObject state { { QStringLiteral("port"), port },
                            { QStringLiteral("pid"), double(pid) },
                            { QStringLiteral("program"), m_program } };
        if (!container.isEmpty())
            state.insert(QStringLiteral("container"), container);
        file.write(QJsonDocument(state).toJson());
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
        const QString container = readState(m_root).value(QStringLiteral("container")).toString();
        steps->append(QStringLiteral("registry: already running on %1 (%2)")
                          .arg(running, container.isEmpty() ? QStringLiteral("pid %1").arg(pid())
                                                            : QStringLiteral("container %1").arg(container)));
        return true;
    }
    const bool container = m_program.isEmpty() || !QFileInfo(m_program).isExecutable();
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
    if (container)
        return startContainer(port, steps, error);

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

bool LabRegistry::startContainer(int port, QStringList *steps, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    const QString image = QStringLiteral("registry:2");
    auto docker = [](const QStringList &arguments, int timeoutMs, QString *said) {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(QStringLiteral("docker"), arguments);
        const bool ended = process.waitForStarted(10000) && process.waitForFinished(timeoutMs);
        if (!ended)
            process.kill();
        const QString output = QString::fromUtf8(process.readAll()).trimmed();
        if (said)
            *said = output.section(QLatin1Char('\n'), -1);
        return ended && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    };
    QString said;
    if (!docker({ QStringLiteral("version"), QStringLiteral("--format"), QStringLiteral("{{.Server.Version}}") },
                15000, &said))
        return fail(QStringLiteral("registry: docker-registry is not installed (Debian: apt-get install "
                                   "docker-registry) and no engine answers for the %1 image (%2)")
                        .arg(image, said));
    if (!docker({ QStringLiteral("image"), QStringLiteral("inspect"), image }, 15000, nullptr)) {
        steps->append(QStringLiteral("registry: pulling %1").arg(image));
        if (!docker({ QStringLiteral("pull"), image }, 10 * 60 * 1000, &said))
            return fail(QStringLiteral("registry: docker-registry is not installed (Debian: apt-get "
                                       "install docker-registry) and %1 could not be pulled (%2)")
                            .arg(image, said));
    }
    // A container of the lab's own that stopped (a reboot): removed, then made anew.
    const QString name = containerName();
    docker({ QStringLiteral("rm"), QStringLiteral("-f"), name }, 60000, nullptr);
    if (!docker({ QStringLiteral("run"), QStringLiteral("-d"), QStringLiteral("--name"), name,
                  QStringLiteral("--label"), QStringLiteral("io.github.cachelab.lab=") + m_root,
                  QStringLiteral("-p"), QStringLiteral("127.0.0.1:%1:5000").arg(port),
                  QStringLiteral("-v"), storageDir() + QStringLiteral(":/var/lib/registry"), image },
                120000, &said))
        return fail(QStringLiteral("registry: the %1 container did not start (%2)").arg(image, said));
    saveState(port, 0, name);
    steps->append(QStringLiteral("registry: started the %1 container %2 on 127.0.0.1:%3, storage %4")
                      .arg(image, name)
                      .arg(port)
                      .arg(storageDir()));
    const QDeadlineTimer deadline(30000);
    while (!deadline.hasExpired()) {
        if (answers(port, 500)) {
            steps->append(QStringLiteral("registry: answers GET /v2/ on 127.0.0.1:%1").arg(port));
            return true;
        }
        QThread::msleep(200);
    }
    QStringList ignored;
    stop(&ignored, nullptr);
    return fail(QStringLiteral("registry: the %1 container did not answer on 127.0.0.1:%2 "
                               "(docker logs %3)")
                    .arg(image)
                    .arg(port)
                    .arg(name));
}

bool LabRegistry::stop(QStringList *steps, QString *error)
{
    const QString container = readState(m_root).value(QStringLiteral("container")).toString();
    if (!container.isEmpty()) {
        // Only the container of the lab's name that carries the lab's label.
        QProcess docker;
        docker.setProcessChannelMode(QProcess::MergedChannels);
        docker.start(QStringLiteral("docker"),
                     { QStringLiteral("ps"), QStringLiteral("-aq"), QStringLiteral("--filter"),
                       QStringLiteral("name=^%1$").arg(container), QStringLiteral("--filter"),
                       QStringLiteral("label=io.github.cachelab.lab=") + m_root });
        docker.waitForFinished(15000);
        const QString id = QString::fromUtf8(docker.readAll()).trimmed();
        if (!id.isEmpty()) {
            docker.start(QStringLiteral("docker"), { QStringLiteral("rm"), QStringLiteral("-f"), id });
            if (!docker.waitForFinished(60000) || docker.exitCode() != 0) {
                if (error)
                    *error = QStringLiteral("registry: the container %1 could not be removed").arg(container);
                return false;
            }
        }
        saveState(port(), 0);
        steps->append(QStringLiteral("registry: removed the container %1; its storage stays in %2")
                          .arg(container, storageDir()));
        return true;
    }
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
