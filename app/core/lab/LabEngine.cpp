// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lab/LabEngine.h"

#include "core/lab/LabBuildx.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTcpServer>

#include <signal.h>
#include <unistd.h>

namespace Cachelab {

namespace {

const QString kImage = QStringLiteral("moby/buildkit:master");

// Names of the capabilities Linux knows, by number (linux/capability.h).
const char *const kCapabilityNames[] = {
    "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID",
    "SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN",
    "NET_RAW", "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE",
    "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME",
    "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP",
    "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ",
    "PERFMON", "BPF", "CHECKPOINT_RESTORE",
};

struct Outcome
{
    bool started = false;
    bool timedOut = false;
    int exitCode = -1;
    QStringList lines; // everything it printed, line by line
    QString lastLine() const
    {
        for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
            if (!it->trimmed().isEmpty())
                return it->trimmed();
        }
        return {};
    }
    bool ok() const { return started && !timedOut && exitCode == 0; }
};

// Runs a command to its end, handing each line of its output (both streams) to progress
// as it comes, each prefixed. The lab's steps take from a second (docker version) to
// minutes (the tools build): the dialog shows them as they go.
Outcome runStreaming(const QString &program, const QStringList &arguments,
                     const QProcessEnvironment &environment, const LabEngine::Progress &progress,
                     const QString &prefix, int timeoutMs)
{
    Outcome outcome;
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setProcessEnvironment(environment);
    process.setStandardInputFile(QProcess::nullDevice());
    // A group of its own, so that a timeout ends the scripts' children too.
    process.setChildProcessModifier([] { ::setpgid(0, 0); });
    process.start(program, arguments);
    if (!process.waitForStarted(10000)) {
        outcome.lines.append(process.errorString());
        return outcome;
    }
    outcome.started = true;
    QByteArray pending;
    auto flush = [&](bool all) {
        qsizetype newline;
        while ((newline = pending.indexOf('\n')) >= 0 || (all && !pending.isEmpty())) {
            const qsizetype end = newline >= 0 ? newline : pending.size();
            const QString line = QString::fromUtf8(pending.left(end)).trimmed();
            pending.remove(0, newline >= 0 ? end + 1 : end);
            outcome.lines.append(line);
            if (progress && !line.isEmpty())
                progress(prefix + line);
        }
    };
    const QDeadlineTimer deadline(timeoutMs);
    while (process.state() != QProcess::NotRunning) {
        if (deadline.hasExpired()) {
            ::kill(-pid_t(process.processId()), SIGKILL);
            process.waitForFinished(5000);
            outcome.timedOut = true;
            break;
        }
        process.waitForReadyRead(200);
        pending += process.readAll();
        flush(false);
    }
    pending += process.readAll();
    flush(true);
    outcome.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return outcome;
}

void tell(const LabEngine::Progress &progress, const QString &line)
{
    if (progress)
        progress(line);
}

QString readFirstLine(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readLine()).trimmed();
}

// Undoes the quoting of bash's printf %q for the plain paths the engine scripts write.
QString unquote(QString value)
{
    if (value.size() >= 2 && value.startsWith(QLatin1Char('\'')) && value.endsWith(QLatin1Char('\'')))
        return value.mid(1, value.size() - 2);
    QString plain;
    for (qsizetype i = 0; i < value.size(); ++i) {
        if (value.at(i) == QLatin1Char('\\') && i + 1 < value.size())
            ++i;
        plain.append(value.at(i));
    }
    return plain;
}

} // namespace

LabEngine::LabEngine(const QString &labRoot, const QString &scriptsDir)
    : m_labRoot(labRoot)
    , m_scriptsDir(scriptsDir)
{ }

QString LabEngine::defaultScriptsDir()
{
    const QStringList candidates {
        qEnvironmentVariable("CACHELAB_ENGINE_SCRIPTS"),
        QStringLiteral(CACHELAB_SOURCE_DIR "/tests/engine"),
        QStringLiteral(CACHELAB_INSTALL_DATADIR "/engine"),
    };
    for (const QString &candidate : candidates) {
        if (!candidate.isEmpty() && QFileInfo(QDir(candidate).filePath(QStringLiteral("up.sh"))).isFile())
            return QDir(candidate).absolutePath();
    }
    return {};
}

QStringList LabEngine::buildkitdFlags(const QString &cacheDebugAddress)
{
    if (cacheDebugAddress.isEmpty())
        return {};
    return { QStringLiteral("--save-cache-debug"), QStringLiteral("--debugaddr"), cacheDebugAddress };
}

QString LabEngine::cacheDebugAddress() const
{
    return kind() == Kind::None ? QString() : loadState().value(QStringLiteral("cacheDebug"));
}

namespace {
// A loopback port nobody listens on now, for the builder's debug address.
QString freeLoopbackAddress()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return {};
    return QStringLiteral("127.0.0.1:%1").arg(probe.serverPort());
}
} // namespace

QString LabEngine::kindName(Kind kind)
{
    switch (kind) {
    case Kind::User:
        return QStringLiteral("user");
    case Kind::Private:
        return QStringLiteral("private");
    case Kind::None:
        break;
    }
    return QStringLiteral("none");
}

QString LabEngine::stateDir() const
{
    return QDir(m_labRoot).filePath(QStringLiteral("engine"));
}

QString LabEngine::stateFile() const
{
    return QDir(m_labRoot).filePath(QStringLiteral("engine.json"));
}

QString LabEngine::toolsDir() const
{
    return LabBuildx::defaultToolsDir();
}

void LabEngine::saveState(const QMap<QString, QString> &state) const
{
    QDir().mkpath(m_labRoot);
    QJsonObject object;
    for (auto it = state.cbegin(); it != state.cend(); ++it)
        object.insert(it.key(), it.value());
    QSaveFile file(stateFile());
    if (file.open(QIODevice::WriteOnly)) {
        file.write(QJsonDocument(object).toJson());
        file.commit();
    }
}

QMap<QString, QString> LabEngine::loadState() const
{
    QFile file(stateFile());
    QMap<QString, QString> state;
    if (!file.open(QIODevice::ReadOnly))
        return state;
    const QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
    for (auto it = object.begin(); it != object.end(); ++it)
        state.insert(it.key(), it.value().toString());
    return state;
}

bool LabEngine::privateEngineRuns() const
{
    // up.sh writes dockerd's pid file; the pid counts only while its process still names
    // our folder (a recycled pid would not).
    const QString pid = readFirstLine(QDir(stateDir()).filePath(QStringLiteral("dockerd.pid")));
    if (pid.isEmpty() || !QFileInfo(QDir(stateDir()).filePath(QStringLiteral("env"))).isFile())
        return false;
    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
    if (!cmdline.open(QIODevice::ReadOnly))
        return false;
    return QString::fromUtf8(cmdline.readAll()).contains(stateDir() + QLatin1Char('/'));
}

LabEngine::Kind LabEngine::kind() const
{
    const QMap<QString, QString> state = loadState();
    const QString kind = state.value(QStringLiteral("kind"));
    if (kind == QLatin1String("private") && privateEngineRuns())
        return Kind::Private;
    if (kind == QLatin1String("user") && state.value(QStringLiteral("ready")) == QLatin1String("yes"))
        return Kind::User;
    return Kind::None;
}

QString LabEngine::describe() const
{
    switch (kind()) {
    case Kind::Private:
        return QStringLiteral("Cachelab's private engine (unix://%1/d.sock, builder %2, data in %1)")
            .arg(stateDir(), builderName());
    case Kind::User:
        return QStringLiteral("your engine (%1), builder %2")
            .arg(loadState().value(QStringLiteral("host"), QStringLiteral("the default socket")),
                 builderName());
    case Kind::None:
        break;
    }
    if (loadState().value(QStringLiteral("kind")) == QLatin1String("private"))
        return QStringLiteral("Cachelab's private engine is stopped (run 'cachelab lab up')");
    return QStringLiteral("not set up (run 'cachelab lab up')");
}

QMap<QString, QString> LabEngine::environment(const QProcessEnvironment &inherited) const
{
    QMap<QString, QString> environment;
    switch (kind()) {
    case Kind::None:
        return environment;
    case Kind::User:
        environment.insert(QStringLiteral("BUILDX_BUILDER"), builderName());
        break;
    case Kind::Private: {
        QFile file(QDir(stateDir()).filePath(QStringLiteral("env")));
        if (!file.open(QIODevice::ReadOnly))
            return environment;
        // Lines `export NAME=VALUE` (printf %q); PATH as `export PATH=DIR:"$PATH"`.
        static const QStringList wanted { QStringLiteral("DOCKER_HOST"), QStringLiteral("DOCKER_CONFIG"),
                                          QStringLiteral("BUILDX_BUILDER") };
        while (!file.atEnd()) {
            const QString line = QString::fromUtf8(file.readLine()).trimmed();
            if (!line.startsWith(QLatin1String("export ")))
                continue;
            const QString assignment = line.mid(7);
            const qsizetype equals = assignment.indexOf(QLatin1Char('='));
            const QString name = assignment.left(equals);
            QString value = assignment.mid(equals + 1);
            if (name == QLatin1String("PATH")) {
                value.chop(QStringLiteral(":\"$PATH\"").size());
                const QString rest = inherited.value(QStringLiteral("PATH"));
                environment.insert(name, unquote(value) + (rest.isEmpty() ? QString() : QLatin1Char(':') + rest));
            } else if (wanted.contains(name)) {
                environment.insert(name, unquote(value));
            }
        }
        break;
    }
    }
    // Both scripts reach the 127.0.0.1 registry from inside containers: build.sh's
    // buildkit container needs the host's network (the lab builders are on it already).
    environment.insert(QStringLiteral("CACHELAB_DOCKER_RUN_FLAGS"), QStringLiteral("--network=host"));
    return environment;
}

QStringList LabEngine::missingCapabilities()
{
    QFile status(QStringLiteral("/proc/self/status"));
    const QString last = readFirstLine(QStringLiteral("/proc/sys/kernel/cap_last_cap"));
    if (!status.open(QIODevice::ReadOnly) || last.isEmpty())
        return {};
    quint64 bounding = 0;
    bool found = false;
    // readAll, not atEnd(): a /proc file says its size is 0.
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("CapBnd:")) {
            bounding = line.mid(7).trimmed().toULongLong(&found, 16);
            break;
        }
    }
    if (!found)
        return {};
    // Docker asks for every capability the kernel knows for a privileged container; runc
    // cannot grant one outside the bounding set ("unable to apply caps").
    QStringList missing;
    const int count = int(std::size(kCapabilityNames));
    for (int cap = 0; cap <= last.toInt() && cap < 64; ++cap) {
        if (!(bounding & (quint64(1) << cap)))
            missing.append(cap < count ? QStringLiteral("CAP_") + QLatin1String(kCapabilityNames[cap])
                                       : QStringLiteral("capability %1").arg(cap));
    }
    return missing;
}

QString LabEngine::userEngineProblem(const QProcessEnvironment &environment) const
{
    const QString host = environment.value(QStringLiteral("DOCKER_HOST"));
    const QString where = host.isEmpty() ? QStringLiteral("the default socket") : host;
    if (QStandardPaths::findExecutable(QStringLiteral("docker")).isEmpty())
        return QStringLiteral("the docker CLI is not installed");
    const Outcome probe = runStreaming(QStringLiteral("docker"),
                                       { QStringLiteral("version"), QStringLiteral("--format"),
                                         QStringLiteral("{{.Server.Version}}") },
                                       environment, {}, {}, 15000);
    if (!probe.ok())
        return QStringLiteral("no engine answers at %1 (%2)")
            .arg(where, probe.timedOut ? QStringLiteral("no answer within 15 s") : probe.lastLine());
    // On this machine's own engine, a capability the kernel withholds makes every
    // privileged container fail; a remote engine is judged by its own machine.
    if (host.isEmpty() || host.startsWith(QLatin1String("unix://"))) {
        const QStringList missing = missingCapabilities();
        if (!missing.isEmpty())
            return QStringLiteral("the engine at %1 cannot start privileged containers here: this "
                                  "machine's capability bounding set lacks %2")
                .arg(where, missing.join(QStringLiteral(", ")));
    }
    return {};
}

bool LabEngine::up(const QString &registry, const Progress &progress, QString *error)
{
    if (kind() == Kind::Private) {
        const QString env = QDir(stateDir()).filePath(QStringLiteral("env"));
        QFile file(env);
        QString used;
        if (file.open(QIODevice::ReadOnly)) {
            const QString text = QString::fromUtf8(file.readAll());
            const qsizetype at = text.indexOf(QLatin1String("CACHELAB_REGISTRY="));
            if (at >= 0)
                used = unquote(text.mid(at + 18).section(QLatin1Char('\n'), 0, 0).trimmed());
        }
        if (!registry.isEmpty() && !used.isEmpty() && used != registry) {
            *error = QStringLiteral("engine: the private engine uses the registry %1, which moved to %2: "
                                    "run 'cachelab lab down' and 'cachelab lab up'")
                         .arg(used, registry);
            return false;
        }
        tell(progress, QStringLiteral("engine: already running — %1").arg(describe()));
        return true;
    }
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // CACHELAB_LAB_ENGINE: "private" for a sealed lab whatever the user's engine can do
    // (the engine tests), "user" never to start one; otherwise the user's when it can.
    const QString choice = environment.value(QStringLiteral("CACHELAB_LAB_ENGINE"));
    QString problem = QStringLiteral("CACHELAB_LAB_ENGINE=private asks for Cachelab's private engine");
    if (choice != QLatin1String("private")) {
        problem = userEngineProblem(environment);
        if (problem.isEmpty()) {
            bool imageMissing = false;
            if (upUser(environment, registry, progress, error, &imageMissing))
                return true;
            // No moby/buildkit:master to be had: as root, the private engine assembles one.
            if (!imageMissing || ::getuid() != 0 || choice == QLatin1String("user"))
                return false;
            problem = QStringLiteral("your engine has no %1 and cannot pull it").arg(kImage);
            error->clear();
        }
        if (choice == QLatin1String("user")) {
            *error = QStringLiteral("engine: %1 (and CACHELAB_LAB_ENGINE=user rules out a private one)")
                         .arg(problem);
            return false;
        }
    }
    tell(progress, QStringLiteral("engine: %1").arg(problem));
    if (::getuid() != 0) {
        *error = QStringLiteral("engine: %1; start Docker (e.g. 'sudo systemctl start docker'), or run "
                                "'sudo cachelab lab up' for Cachelab's private engine")
                     .arg(problem);
        return false;
    }
    return upPrivate(registry, progress, error);
}

bool LabEngine::upUser(const QProcessEnvironment &environment, const QString &registry,
                       const Progress &progress, QString *error, bool *imageMissing)
{
    const QString host = environment.value(QStringLiteral("DOCKER_HOST"));
    QMap<QString, QString> state = loadState();
    state.insert(QStringLiteral("kind"), QStringLiteral("user"));
    state.insert(QStringLiteral("host"), host.isEmpty() ? QStringLiteral("the default socket") : host);
    tell(progress, QStringLiteral("engine: your engine at %1 answers; using it").arg(state.value(QStringLiteral("host"))));

    auto docker = [&](const QStringList &arguments, int timeoutMs) {
        return runStreaming(QStringLiteral("docker"), arguments, environment, progress,
                            QStringLiteral("  "), timeoutMs);
    };
    // The image: the user's own when there, else pulled (and then the lab's to remove).
    const QStringList inspectImage { QStringLiteral("image"), QStringLiteral("inspect"),
                                     QStringLiteral("--format"), QStringLiteral("{{.Id}}"), kImage };
    Outcome image = runStreaming(QStringLiteral("docker"), inspectImage, environment, {}, {}, 15000);
    if (image.ok()) {
        tell(progress, QStringLiteral("image: %1 present").arg(kImage));
    } else {
        tell(progress, QStringLiteral("image: pulling %1").arg(kImage));
        const Outcome pull = docker({ QStringLiteral("pull"), kImage }, 15 * 60 * 1000);
        if (!pull.ok()) {
            *imageMissing = true;
            *error = QStringLiteral("image: %1 could not be pulled (%2); as root, 'sudo cachelab lab "
                                    "up' sets up Cachelab's private engine with an image assembled "
                                    "from the BuildKit tools build")
                         .arg(kImage, pull.lastLine());
            return false;
        }
        image = runStreaming(QStringLiteral("docker"), inspectImage, environment, {}, {}, 15000);
        state.insert(QStringLiteral("image"), image.lastLine());
        tell(progress, QStringLiteral("image: pulled %1").arg(kImage));
        saveState(state); // the lab's to remove, whatever happens next
    }

    // The builder: the user's own `cachelab` is used as it is.
    const Outcome inspect = runStreaming(QStringLiteral("docker"),
                                         { QStringLiteral("buildx"), QStringLiteral("inspect"), builderName() },
                                         environment, {}, {}, 15000);
    if (inspect.ok()) {
        tell(progress, QStringLiteral("builder: %1 present").arg(builderName()));
        state.insert(QStringLiteral("ready"), QStringLiteral("yes"));
        saveState(state);
        return true;
    }
    // The lab registry is plain HTTP: the builder's buildkitd must be told so.
    const QString config = QDir(m_labRoot).filePath(QStringLiteral("buildkitd.toml"));
    QSaveFile toml(config);
    if (toml.open(QIODevice::WriteOnly)) {
        toml.write(QStringLiteral("# Written by cachelab lab up: the lab registry speaks plain HTTP.\n"
                                  "[registry.\"%1\"]\n  http = true\n")
                       .arg(registry)
                       .toUtf8());
        toml.commit();
    }
    QStringList create { QStringLiteral("buildx"), QStringLiteral("create"), QStringLiteral("--name"),
                         builderName(), QStringLiteral("--driver"), QStringLiteral("docker-container"),
                         QStringLiteral("--driver-opt"),
                         QStringLiteral("image=%1,network=host").arg(kImage) };
    if (!registry.isEmpty())
        create << QStringLiteral("--buildkitd-config") << config;
    const QString debugAddress = freeLoopbackAddress();
    if (!buildkitdFlags(debugAddress).isEmpty())
        create << QStringLiteral("--buildkitd-flags") << buildkitdFlags(debugAddress).join(QLatin1Char(' '));
    create << QStringLiteral("--bootstrap");
    tell(progress, QStringLiteral("builder: creating %1 (docker-container driver, host network)").arg(builderName()));
    const Outcome created = docker(create, 5 * 60 * 1000);
    if (!created.ok()) {
        // A half-made builder is removed, so that the next try starts clean.
        runStreaming(QStringLiteral("docker"), { QStringLiteral("buildx"), QStringLiteral("rm"), builderName() },
                     environment, {}, {}, 60000);
        *error = QStringLiteral("builder: docker buildx create failed (%1)").arg(created.lastLine());
        return false;
    }
    state.insert(QStringLiteral("builder"), builderName());
    state.insert(QStringLiteral("ready"), QStringLiteral("yes"));
    if (!debugAddress.isEmpty())
        state.insert(QStringLiteral("cacheDebug"), debugAddress);
    saveState(state);
    tell(progress, QStringLiteral("builder: %1 created and started%2")
                       .arg(builderName(), debugAddress.isEmpty()
                                ? QString()
                                : QStringLiteral(" (cache debug data on http://%1)").arg(debugAddress)));
    return true;
}

bool LabEngine::upPrivate(const QString &registry, const Progress &progress, QString *error)
{
    if (m_scriptsDir.isEmpty()) {
        *error = QStringLiteral("engine: the engine scripts are not installed (share/cachelab/engine)");
        return false;
    }
    if (registry.isEmpty()) {
        *error = QStringLiteral("engine: the private engine needs the lab registry running");
        return false;
    }
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const QString tools = toolsDir();
    if (!QFileInfo(QDir(tools).filePath(QStringLiteral("bin/buildkitd"))).isExecutable()) {
        tell(progress, QStringLiteral("tools: building BuildKit %1 and buildx %2 from their Go modules into %3 "
                           "(minutes; once per machine)")
                .arg(QStringLiteral(CACHELAB_BUILDKIT_VERSION), QStringLiteral(CACHELAB_BUILDX_VERSION), tools));
        const Outcome build = runStreaming(QDir(m_scriptsDir).filePath(QStringLiteral("buildkit-tools.sh")),
                                           { QStringLiteral("build") }, environment, progress,
                                           QStringLiteral("  "), 45 * 60 * 1000);
        if (!build.ok()) {
            *error = QStringLiteral("tools: the BuildKit tools build failed (%1); it needs Go and the Go "
                                    "module proxy")
                         .arg(build.lastLine());
            return false;
        }
    } else {
        tell(progress, QStringLiteral("tools: BuildKit tools built in %1").arg(tools));
    }
    if (QFileInfo::exists(stateDir())) {
        tell(progress, QStringLiteral("engine: clearing what a stopped private engine left in %1").arg(stateDir()));
        const Outcome cleared = runStreaming(QDir(m_scriptsDir).filePath(QStringLiteral("down.sh")),
                                             { stateDir() }, environment, progress, QStringLiteral("  "),
                                             120000);
        if (!cleared.ok()) {
            *error = QStringLiteral("engine: %1 could not be cleared (%2)").arg(stateDir(), cleared.lastLine());
            return false;
        }
    }
    tell(progress, QStringLiteral("engine: starting Cachelab's private engine in %1 (containerd, dockerd, "
                       "moby/buildkit:master assembled from the tools build, builder %2)")
            .arg(stateDir(), builderName()));
    environment.insert(QStringLiteral("CACHELAB_BUILDKIT_TOOLS"), tools);
    const QString debugAddress = freeLoopbackAddress();
    environment.insert(QStringLiteral("CACHELAB_BUILDKITD_FLAGS"), buildkitdFlags(debugAddress).join(QLatin1Char(' ')));
    // up.sh ends by printing its env file: the lab reads that file itself (environment()).
    const Progress shown = [&progress](const QString &line) {
        if (progress && !line.startsWith(QLatin1String("  export ")))
            progress(line);
    };
    const Outcome started = runStreaming(QDir(m_scriptsDir).filePath(QStringLiteral("up.sh")),
                                         { QStringLiteral("--buildkit"), QStringLiteral("--registry"),
                                           registry, stateDir() },
                                         environment, shown, QStringLiteral("  "), 15 * 60 * 1000);
    if (!started.ok()) {
        *error = QStringLiteral("engine: the private engine did not start (%1); its logs are in %2")
                     .arg(started.timedOut ? QStringLiteral("no end within 15 minutes") : started.lastLine(),
                          stateDir());
        return false;
    }
    QMap<QString, QString> state { { QStringLiteral("kind"), QStringLiteral("private") } };
    if (!debugAddress.isEmpty())
        state.insert(QStringLiteral("cacheDebug"), debugAddress);
    saveState(state);
    tell(progress, QStringLiteral("engine: %1").arg(describe()));
    if (!debugAddress.isEmpty())
        tell(progress, QStringLiteral("builder: %1 keeps its cache keys' inputs (http://%2/debug/cache/store)")
                           .arg(builderName(), debugAddress));
    return true;
}

bool LabEngine::down(const Progress &progress, QString *error)
{
    const QMap<QString, QString> state = loadState();
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    bool ok = true;
    if (QFileInfo::exists(stateDir())) {
        if (m_scriptsDir.isEmpty()) {
            *error = QStringLiteral("engine: the engine scripts are not installed (share/cachelab/engine)");
            return false;
        }
        tell(progress, QStringLiteral("engine: stopping Cachelab's private engine and removing %1").arg(stateDir()));
        const Outcome stopped = runStreaming(QDir(m_scriptsDir).filePath(QStringLiteral("down.sh")),
                                             { stateDir() }, environment, progress, QStringLiteral("  "),
                                             180000);
        if (!stopped.ok()) {
            *error = QStringLiteral("engine: the private engine did not stop cleanly (%1)").arg(stopped.lastLine());
            return false;
        }
        tell(progress, QStringLiteral("engine: private engine stopped and removed"));
    } else if (state.value(QStringLiteral("kind")) == QLatin1String("user")) {
        if (!state.value(QStringLiteral("builder")).isEmpty()) {
            const Outcome removed = runStreaming(QStringLiteral("docker"),
                                                 { QStringLiteral("buildx"), QStringLiteral("rm"), builderName() },
                                                 environment, progress, QStringLiteral("  "), 120000);
            ok = removed.ok();
            tell(progress, ok ? QStringLiteral("builder: removed %1").arg(builderName())
                   : QStringLiteral("builder: %1 could not be removed (%2)").arg(builderName(), removed.lastLine()));
            if (!ok && error)
                *error = QStringLiteral("builder: %1 could not be removed").arg(builderName());
        }
        const QString pulled = state.value(QStringLiteral("image"));
        if (ok && !pulled.isEmpty()) {
            // Only the very image the lab pulled (its id), never one the user has since.
            const Outcome removed = runStreaming(QStringLiteral("docker"), { QStringLiteral("image"),
                                                                              QStringLiteral("rm"), pulled },
                                                 environment, {}, {}, 60000);
            tell(progress, removed.ok() ? QStringLiteral("image: removed the %1 the lab pulled").arg(kImage)
                             : QStringLiteral("image: %1 kept (%2)").arg(kImage, removed.lastLine()));
        }
    } else {
        tell(progress, QStringLiteral("engine: nothing of the lab's to stop"));
    }
    if (ok)
        QFile::remove(stateFile());
    return ok;
}

} // namespace Cachelab
