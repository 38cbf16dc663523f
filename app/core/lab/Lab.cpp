// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lab/Lab.h"

#include "core/AppSettings.h"
#include "core/lab/LabBuildx.h"
#include "core/lab/LabRegistry.h"
#include "core/lint/BuildCommandFinder.h"

#include <QFile>
#include <QFileInfo>

namespace Cachelab {

namespace {
// The private engine has no bridge network: `docker build`'s RUN steps need the host's
// (buildctl refuses the flag; the lab's buildx builder is on the host network already).
bool buildsWithDockerBuildOnly(const QString &scriptPath)
{
    QFile file(scriptPath);
    if (scriptPath.isEmpty() || !file.open(QIODevice::ReadOnly) || file.size() > 1024 * 1024)
        return false;
    const ScriptBuilds found = BuildCommandFinder::find(QString::fromUtf8(file.readAll()), scriptPath);
    bool docker = false;
    for (const BuildCommand &build : found.builds) {
        if (build.tool != BuildCommand::Tool::DockerBuild)
            return false;
        docker = true;
    }
    return docker;
}

void append(QString *error, const QString &failure)
{
    if (error)
        *error += (error->isEmpty() ? QString() : QStringLiteral("; ")) + failure;
}
} // namespace

namespace {
// One piece of the lab: its steps said, its failure added to *error; false when it failed.
bool piece(const std::function<bool(QStringList *, QString *)> &run, const Lab::Progress &progress,
           QString *error)
{
    QStringList steps;
    QString failure;
    const bool ok = run(&steps, &failure);
    for (const QString &step : std::as_const(steps)) {
        if (progress)
            progress(step);
    }
    if (!ok)
        append(error, failure);
    return ok;
}
} // namespace

bool Lab::up(const QString &root, const Progress &progress, QString *error)
{
    LabRegistry registry(root);
    bool ok = piece([&](QStringList *steps, QString *failure) { return registry.start(steps, failure); },
                    progress, error);
    ok &= piece([&](QStringList *steps, QString *failure) { return LabBuildx(root).install(steps, failure); },
                progress, error);
    // CACHELAB_LAB_ENGINE=none: the registry and buildx only (their own tests).
    if (qEnvironmentVariable("CACHELAB_LAB_ENGINE") == QLatin1String("none")) {
        if (progress)
            progress(QStringLiteral("engine: left as it is (CACHELAB_LAB_ENGINE=none)"));
        return ok;
    }
    // The engine needs the registry (the private engine's base image and mirror live there).
    if (!registry.isRunning()) {
        if (progress)
            progress(QStringLiteral("engine: not set up (it needs the lab registry)"));
        return false;
    }
    QString failure;
    if (!LabEngine(root).up(registry.address(), progress, &failure)) {
        append(error, failure);
        return false;
    }
    return ok;
}

bool Lab::down(const QString &root, const Progress &progress, QString *error)
{
    QString failure;
    bool ok = LabEngine(root).down(progress, &failure);
    if (!ok)
        append(error, failure);
    ok &= piece([&](QStringList *steps, QString *failure) { return LabBuildx(root).remove(steps, failure); },
                progress, error);
    ok &= piece([&](QStringList *steps, QString *failure) { return LabRegistry(root).stop(steps, failure); },
                progress, error);
    return ok;
}

QString Lab::repositoryName(const QString &folder)
{
    QString name;
    for (const QChar c : folder.toLower()) {
        const bool ok = (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('.')
            || c == QLatin1Char('_') || c == QLatin1Char('-');
        name += ok ? c : QLatin1Char('-');
    }
    while (!name.isEmpty() && !name.at(0).isLetterOrNumber())
        name.remove(0, 1);
    return name.isEmpty() ? QStringLiteral("project") : name;
}

QMap<QString, QString> Lab::scriptEnvironment(const QString &root, const QString &projectName,
                                              const QString &scriptPath,
                                              const QMap<QString, QString> &settings,
                                              const QProcessEnvironment &inherited)
{
    QMap<QString, QString> variables;
    if (!settings.contains(QStringLiteral("DOCKER_HOST"))) {
        const LabEngine engine(root);
        variables = engine.environment(inherited);
        if (engine.kind() == LabEngine::Kind::Private && !settings.contains(QStringLiteral("CACHELAB_BUILD_FLAGS"))
            && buildsWithDockerBuildOnly(scriptPath))
            variables.insert(QStringLiteral("CACHELAB_BUILD_FLAGS"), QStringLiteral("--network=host"));
    }
    if (!projectName.isEmpty() && !settings.contains(QStringLiteral("DOCKER_REPO"))
        && !inherited.contains(QStringLiteral("DOCKER_REPO"))) {
        const QString registry = LabRegistry(root).address();
        if (!registry.isEmpty()) {
            QString repository = QStringLiteral("%1/%2").arg(registry, repositoryName(projectName));
            const QString stem = QFileInfo(scriptPath).completeBaseName();
            if (!stem.isEmpty())
                repository += QLatin1Char('/') + repositoryName(stem);
            variables.insert(QStringLiteral("DOCKER_REPO"), repository);
        }
    }
    for (auto it = settings.cbegin(); it != settings.cend(); ++it)
        variables.insert(it.key(), it.value());
    return variables;
}

QProcessEnvironment Lab::toolEnvironment()
{
    return applied(scriptEnvironment(LabRegistry::defaultRoot(), {}, {}, AppSettings().scriptEnvironment()));
}

QProcessEnvironment Lab::applied(const QMap<QString, QString> &variables, QProcessEnvironment environment)
{
    for (auto it = variables.cbegin(); it != variables.cend(); ++it)
        environment.insert(it.key(), it.value());
    return environment;
}

} // namespace Cachelab
