// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/ProjectFolder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace Cachelab {

ProjectFolder ProjectFolder::open(const QString &directory, QString *errorMessage)
{
    auto fail = [errorMessage](const QString &message) {
        if (errorMessage)
            *errorMessage = message;
        return ProjectFolder();
    };

    const QFileInfo info(directory);
    if (directory.isEmpty())
        return fail(QStringLiteral("No project folder given."));
    if (!info.exists())
        return fail(QStringLiteral("Project folder %1 does not exist.").arg(directory));
    if (!info.isDir())
        return fail(QStringLiteral("%1 is not a folder.").arg(directory));

    const QDir dir(info.absoluteFilePath());
    const QFileInfo dockerfile(dir.filePath(QStringLiteral("Dockerfile")));
    if (!dockerfile.isFile())
        return fail(
            QStringLiteral("%1 has no Dockerfile.").arg(QDir::toNativeSeparators(dir.path())));

    ProjectFolder project;
    project.m_absolutePath = dir.canonicalPath();
    project.m_dockerfilePath = dockerfile.canonicalFilePath();
    // Name order, so that the scripts panel is stable from one start to the next.
    const auto entries = dir.entryInfoList({ QStringLiteral("*.sh") }, QDir::Files, QDir::Name);
    for (const QFileInfo &entry : entries)
        project.m_scripts.append(
            { entry.fileName(), entry.absoluteFilePath(), entry.isExecutable() });
    // The project's own file says which context file its scenario edits (the #1515
    // recipe appends a line to one JavaScript file between two builds). A file that does
    // not read leaves the project without a scenario, not unopenable.
    QFile settings(dir.filePath(settingsFileName()));
    if (settings.size() < 64 * 1024 && settings.open(QIODevice::ReadOnly)) {
        const QJsonObject scenario
            = QJsonDocument::fromJson(settings.readAll()).object().value(QStringLiteral("scenario")).toObject();
        const QString edit = QDir::cleanPath(scenario.value(QStringLiteral("edit")).toString());
        if (!edit.isEmpty() && edit != QLatin1String(".") && !QDir::isAbsolutePath(edit)
            && !edit.startsWith(QLatin1String("../")) && QFileInfo(dir.filePath(edit)).isFile())
            project.m_scenarioFile = edit;
    }
    return project;
}

QString ProjectFolder::name() const
{
    return QFileInfo(m_absolutePath).fileName();
}

} // namespace Cachelab
