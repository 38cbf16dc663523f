// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/environment/EnvironmentCheck.h"

#include "core/lab/LabRegistry.h"

#include "core/environment/ProcessProbe.h"
#include "core/environment/RegistryProbe.h"
#include "core/runner/SecretRedactor.h"

#include <QProcess>

namespace Cachelab {

namespace {

using Status = EnvironmentCheck::Item::Status;

EnvironmentCheck::Item item(const QString &name, const QString &neededBy)
{
    EnvironmentCheck::Item item;
    item.name = name;
    item.neededBy = neededBy;
    item.detail = QStringLiteral("checking…");
    return item;
}

QString firstLine(const QString &text)
{
    return text.section(QLatin1Char('\n'), 0, 0);
}

} // namespace

EnvironmentCheck::EnvironmentCheck(QObject *parent)
    : QObject(parent)
{
    const QString all = QStringLiteral("all scripts");
    const QString buildSh = QStringLiteral("build.sh");
    const QString buildx = QStringLiteral("build-with-buildx.sh");
    m_items = { item(QStringLiteral("docker CLI"), all),
                item(QStringLiteral("Docker engine"), all),
                item(QStringLiteral("buildx plugin"), buildx),
                item(QStringLiteral("docker-container builder"), buildx),
                item(QStringLiteral("%1 image").arg(buildkitImage()), buildSh),
                item(QStringLiteral("registry"), all) };
    for (Item &each : m_items)
        each.detail = QStringLiteral("not checked yet");
}

EnvironmentCheck::~EnvironmentCheck()
{
    abandon();
}

void EnvironmentCheck::abandon()
{
    if (!m_work)
        return;
    // Kill what still runs, without its callbacks (a killed probe would report "crashed").
    const QList<QProcess *> running = m_work->findChildren<QProcess *>();
    for (QProcess *process : running) {
        process->blockSignals(true);
        process->kill();
        process->waitForFinished(1000);
    }
    delete m_work;
    m_work = nullptr;
}

void EnvironmentCheck::start(const QProcessEnvironment &environment)
{
    abandon();
    m_work = new QObject(this);
    m_environment = environment;
    m_pending = ItemCount;
    for (int index = 0; index < ItemCount; ++index)
        set(index, Status::Unknown, QStringLiteral("checking…"));
    // The registry does not need docker: ask at once. Everything else waits for the CLI.
    checkRegistry();
    checkCli();
}

bool EnvironmentCheck::allOk() const
{
    for (const Item &each : m_items)
        if (each.status != Status::Ok)
            return false;
    return true;
}

QString EnvironmentCheck::repository() const
{
    const QString repo = m_environment.value(QStringLiteral("DOCKER_REPO"));
    if (!repo.isEmpty())
        return repo;
    // What a run would get: the lab's registry when it runs (ProjectSession::startScript).
    const QString lab = LabRegistry().address();
    return lab.isEmpty() ? defaultRepository() : lab + QStringLiteral("/cachelab");
}

QString EnvironmentCheck::statusName(Item::Status status)
{
    switch (status) {
    case Status::Ok:
        return QStringLiteral("ok");
    case Status::Missing:
        return QStringLiteral("missing");
    case Status::Failed:
        return QStringLiteral("failed");
    case Status::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QStringList EnvironmentCheck::docker(const QStringList &arguments) const
{
    return QStringList { QStringLiteral("docker") } + arguments;
}

void EnvironmentCheck::checkCli()
{
    ProcessProbe::start(
        m_work, docker({ QStringLiteral("--version") }), m_environment, m_timeoutMs,
        [this](const ProcessProbe::Result &result) {
            if (!result.ok()) {
                const bool missing = result.outcome == ProcessProbe::Result::NotFound;
                set(DockerCli, missing ? Status::Missing : Status::Failed,
                    missing ? QStringLiteral("`docker` is not on PATH")
                            : result.problem(m_timeoutMs),
                    QStringLiteral("Install Docker: apt-get install docker.io (Debian, Ubuntu) "
                                   "or see https://docs.docker.com/engine/install/; then make "
                                   "sure `docker` is on PATH."));
                const QString why = QStringLiteral("needs the docker CLI");
                for (int index : { Engine, Buildx, Builder, BuildkitImage })
                    set(index, Status::Unknown, why);
                m_pending -= 4;
                done();
                return;
            }
            set(DockerCli, Status::Ok, firstLine(result.output));
            done();
            checkEngine();
            checkBuildx();
        });
}

void EnvironmentCheck::checkEngine()
{
    const QString host
        = SecretRedactor::redact(m_environment.value(QStringLiteral("DOCKER_HOST")), m_environment);
    const QString where = host.isEmpty() ? QStringLiteral("the default engine")
                                         : QStringLiteral("DOCKER_HOST=%1").arg(host);
    ProcessProbe::start(
        m_work,
        docker({ QStringLiteral("version"), QStringLiteral("--format"),
                 QStringLiteral("{{.Server.Version}}") }),
        m_environment, m_timeoutMs, [this, where](const ProcessProbe::Result &result) {
            const QString version = firstLine(result.output);
            if (!result.ok() || version.isEmpty()) {
                QString remedy = QStringLiteral(
                    "cachelab lab up (Set Up Lab…) sets up an engine (as root, Cachelab's own); or "
                    "start the engine (sudo systemctl start docker) and let your user use it "
                    "(sudo usermod -aG docker $USER, then log in again)");
                remedy += where.startsWith(QLatin1String("DOCKER_HOST"))
                    ? QStringLiteral(", or correct DOCKER_HOST in Settings.")
                    : QStringLiteral(", or set DOCKER_HOST in Settings.");
                set(Engine, Status::Failed,
                    QStringLiteral("%1 does not answer: %2")
                        .arg(where, result.problem(m_timeoutMs)),
                    remedy);
                set(BuildkitImage, Status::Unknown, QStringLiteral("needs the engine"));
                m_pending -= 1;
                done();
                return;
            }
            set(Engine, Status::Ok, QStringLiteral("engine %1 (%2)").arg(version, where));
            done();
            checkImage();
        });
}

void EnvironmentCheck::checkBuildx()
{
    ProcessProbe::start(
        m_work, docker({ QStringLiteral("buildx"), QStringLiteral("version") }), m_environment,
        m_timeoutMs, [this](const ProcessProbe::Result &result) {
            if (!result.ok()) {
                // Without the plugin docker says "'buildx' is not a docker command".
                const bool missing = result.outcome == ProcessProbe::Result::Exited;
                set(Buildx, missing ? Status::Missing : Status::Failed, result.problem(m_timeoutMs),
                    QStringLiteral("cachelab lab up (Set Up Lab…) installs it; or install the buildx "
                                   "plugin: apt-get install docker-buildx "
                                   "(Debian 13, Ubuntu) or docker-buildx-plugin from Docker's "
                                   "repository. Only build-with-buildx.sh needs it."));
                set(Builder, Status::Unknown, QStringLiteral("needs the buildx plugin"));
                m_pending -= 1;
                done();
                return;
            }
            set(Buildx, Status::Ok, firstLine(result.output));
            done();
            checkBuilder();
        });
}

void EnvironmentCheck::checkBuilder()
{
    ProcessProbe::start(
        m_work, docker({ QStringLiteral("buildx"), QStringLiteral("ls") }), m_environment,
        m_timeoutMs, [this](const ProcessProbe::Result &result) {
            const QString remedy = QStringLiteral(
                "cachelab lab up (Set Up Lab…) creates the builder cachelab; or "
                "docker buildx create --use --driver docker-container (the default `docker` "
                "driver cannot export a registry cache)");
            if (!result.ok()) {
                set(Builder, Status::Failed, result.problem(m_timeoutMs), remedy);
                done();
                return;
            }
            // `docker buildx ls`: NAME/NODE, DRIVER/ENDPOINT, STATUS, …; the current builder
            // is marked with `*`.
            QStringList builders;
            const QStringList lines = result.output.split(QLatin1Char('\n'));
            for (const QString &line : lines) {
                const QStringList words = line.simplified().split(QLatin1Char(' '));
                const int driver = words.indexOf(QStringLiteral("docker-container"));
                if (driver > 0)
                    builders.append(words.first());
            }
            if (builders.isEmpty())
                set(Builder, Status::Missing,
                    QStringLiteral("no builder uses the docker-container driver"), remedy);
            else
                set(Builder, Status::Ok,
                    QStringLiteral("builder %1").arg(builders.join(QStringLiteral(", "))));
            done();
        });
}

void EnvironmentCheck::checkImage()
{
    ProcessProbe::start(
        m_work,
        docker({ QStringLiteral("image"), QStringLiteral("inspect"), QStringLiteral("--format"),
                 QStringLiteral("{{.Id}} {{.Created}}"), buildkitImage() }),
        m_environment, m_timeoutMs, [this](const ProcessProbe::Result &result) {
            const QString remedy
                = QStringLiteral("cachelab lab up (Set Up Lab…); or docker pull %1").arg(buildkitImage());
            if (result.ok()) {
                const QString id = result.output.section(QLatin1Char(' '), 0, 0);
                const QString created = result.output.section(QLatin1Char(' '), 1, 1);
                set(BuildkitImage, Status::Ok,
                    QStringLiteral("%1, created %2").arg(id.left(19), created.left(10)));
            } else if (result.outcome == ProcessProbe::Result::Exited
                       && result.error.contains(QLatin1String("No such"), Qt::CaseInsensitive)) {
                set(BuildkitImage, Status::Missing,
                    QStringLiteral("the engine does not have %1").arg(buildkitImage()), remedy);
            } else {
                set(BuildkitImage, Status::Failed, result.problem(m_timeoutMs), remedy);
            }
            done();
        });
}

void EnvironmentCheck::checkRegistry()
{
    const QString repo = repository();
    RegistryProbe::start(m_work, repo, m_timeoutMs, [this, repo](const RegistryProbe::Result &r) {
        const QString remedy = QStringLiteral(
            "Start Cachelab's own registry: cachelab lab up (or docker run -d -p 5000:5000 "
            "registry:2, or set DOCKER_REPO in Settings).");
        const QString url = r.url.toString();
        switch (r.outcome) {
        case RegistryProbe::Result::Reachable:
            set(Registry, Status::Ok,
                QStringLiteral("%1 answers (HTTP %2) for DOCKER_REPO=%3")
                    .arg(url)
                    .arg(r.httpStatus)
                    .arg(repo));
            break;
        case RegistryProbe::Result::Refused:
            set(Registry, Status::Missing,
                QStringLiteral("nothing listens at %1 (DOCKER_REPO=%2)").arg(url, repo), remedy);
            break;
        case RegistryProbe::Result::BadReference:
            set(Registry, Status::Failed,
                QStringLiteral("DOCKER_REPO=%1 is no repository: %2").arg(repo, r.message),
                QStringLiteral("Set DOCKER_REPO in Settings to host:port/name, e.g. %1.")
                    .arg(defaultRepository()));
            break;
        case RegistryProbe::Result::NotARegistry:
        case RegistryProbe::Result::Unreachable:
            set(Registry, Status::Failed, QStringLiteral("%1: %2").arg(url, r.message), remedy);
            break;
        }
        done();
    });
}

void EnvironmentCheck::set(int index, Item::Status status, const QString &detail,
                           const QString &remedy)
{
    Item &target = m_items[index];
    target.status = status;
    // Secrets may hide in what tools print about hosts (tcp://user:password@…).
    target.detail = SecretRedactor::redact(detail, m_environment);
    target.remedy = remedy;
    Q_EMIT itemChanged(index);
}

void EnvironmentCheck::done()
{
    if (--m_pending > 0)
        return;
    m_pending = 0;
    Q_EMIT finished();
}

} // namespace Cachelab
