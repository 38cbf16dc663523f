// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lab/LabBuildx.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSaveFile>
#include <QStandardPaths>
#include <unistd.h>

namespace Cachelab {

namespace {
const QString kState = QStringLiteral("buildx.json");

QString sha256Of(const QString &path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file))
        return {};
    return QString::fromLatin1(hash.result().toHex());
}
} // namespace

LabBuildx::LabBuildx(const QString &labRoot, const QString &pluginDir, const QString &toolsDir)
    : m_labRoot(labRoot)
    , m_pluginDir(pluginDir)
    , m_toolsDir(toolsDir)
{ }

QString LabBuildx::defaultPluginDir()
{
    const QString config = qEnvironmentVariable("DOCKER_CONFIG");
    return QDir(config.isEmpty() ? QDir::homePath() + QStringLiteral("/.docker") : config)
        .filePath(QStringLiteral("cli-plugins"));
}

QString LabBuildx::defaultToolsDir()
{
    const QString given = qEnvironmentVariable("CACHELAB_BUILDKIT_TOOLS");
    if (!given.isEmpty())
        return given;
    // Where tests/engine/buildkit-tools.sh keeps its build.
    QString cache = qEnvironmentVariable("CACHELAB_TOOLS_CACHE");
    if (cache.isEmpty())
        cache = ::getuid() == 0 ? QStringLiteral("/var/cache/cachelab")
                                : QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation)
                + QStringLiteral("/cachelab");
    return QDir(cache).filePath(QStringLiteral("buildkit-" CACHELAB_BUILDKIT_VERSION
                                               "-buildx-" CACHELAB_BUILDX_VERSION));
}

QString LabBuildx::version() const
{
    QProcess docker;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // The plugin folder asked about, whatever DOCKER_CONFIG this process has.
    environment.insert(QStringLiteral("DOCKER_CONFIG"), QFileInfo(m_pluginDir).absolutePath());
    docker.setProcessEnvironment(environment);
    docker.start(QStringLiteral("docker"), { QStringLiteral("buildx"), QStringLiteral("version") });
    if (!docker.waitForFinished(15000)) {
        docker.kill();
        docker.waitForFinished(1000);
        return {};
    }
    if (docker.exitStatus() != QProcess::NormalExit || docker.exitCode() != 0)
        return {};
    return QString::fromUtf8(docker.readAllStandardOutput()).trimmed();
}

bool LabBuildx::install(QStringList *steps, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (const QString found = version(); !found.isEmpty()) {
        steps->append(QStringLiteral("buildx: present (%1)").arg(found));
        return true;
    }
    const QString source = QDir(m_toolsDir).filePath(QStringLiteral("bin/docker-buildx"));
    if (!QFileInfo(source).isExecutable())
        return fail(QStringLiteral("buildx: docker buildx is missing and the BuildKit tools build "
                                   "has no docker-buildx in %1 (build it: "
                                   "tests/engine/buildkit-tools.sh build, or install "
                                   "docker-buildx-plugin)")
                        .arg(m_toolsDir));
    if (!QDir().mkpath(m_pluginDir) || !QDir().mkpath(m_labRoot))
        return fail(QStringLiteral("buildx: cannot create %1").arg(m_pluginDir));
    const QString target = QDir(m_pluginDir).filePath(QStringLiteral("docker-buildx"));
    if (QFileInfo::exists(target))
        return fail(QStringLiteral("buildx: %1 exists but docker does not take it; it is not "
                                   "the lab's, so it stays")
                        .arg(target));
    // Copied under another name, then renamed: docker never sees half a plugin.
    const QString partial = target + QStringLiteral(".cachelab-partial");
    QFile::remove(partial);
    if (!QFile::copy(source, partial))
        return fail(QStringLiteral("buildx: cannot copy %1 to %2").arg(source, m_pluginDir));
    QFile::setPermissions(partial, QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                       | QFileDevice::ExeOwner | QFileDevice::ReadGroup
                                       | QFileDevice::ExeGroup | QFileDevice::ReadOther
                                       | QFileDevice::ExeOther);
    if (!QFile::rename(partial, target)) {
        QFile::remove(partial);
        return fail(QStringLiteral("buildx: cannot install %1").arg(target));
    }
    QSaveFile state(QDir(m_labRoot).filePath(kState));
    if (state.open(QIODevice::WriteOnly)) {
        state.write(QJsonDocument(QJsonObject { { QStringLiteral("path"), target },
                                                { QStringLiteral("sha256"), sha256Of(target) } })
                        .toJson());
        state.commit();
    }
    const QString installed = version();
    if (installed.isEmpty()) {
        QStringList ignored;
        remove(&ignored, nullptr);
        return fail(QStringLiteral("buildx: installed %1, but docker buildx version fails").arg(target));
    }
    steps->append(QStringLiteral("buildx: installed %1 from %2 (%3)").arg(target, m_toolsDir, installed));
    return true;
}

bool LabBuildx::remove(QStringList *steps, QString *error)
{
    QFile stateFile(QDir(m_labRoot).filePath(kState));
    if (!stateFile.open(QIODevice::ReadOnly)) {
        steps->append(QStringLiteral("buildx: the lab installed none"));
        return true;
    }
    const QJsonObject state = QJsonDocument::fromJson(stateFile.readAll()).object();
    stateFile.close();
    const QString path = state.value(QStringLiteral("path")).toString();
    if (!path.isEmpty() && QFileInfo::exists(path)) {
        if (sha256Of(path) != state.value(QStringLiteral("sha256")).toString()) {
            steps->append(QStringLiteral("buildx: %1 changed since the lab installed it; it stays").arg(path));
        } else if (!QFile::remove(path)) {
            if (error)
                *error = QStringLiteral("buildx: cannot remove %1").arg(path);
            return false;
        } else {
            steps->append(QStringLiteral("buildx: removed %1").arg(path));
        }
    }
    QFile::remove(stateFile.fileName());
    return true;
}

} // namespace Cachelab
