// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace Cachelab {

// The lab's buildx: when `docker buildx` is missing, the buildx CLI plugin of the BuildKit
// tools build (tests/engine/buildkit-tools.sh builds it from its Go module, at the
// version pinned in tests/engine/tool-versions.env) is installed into the Docker CLI's
// plugin folder. remove() takes away only a plugin the lab installed, and only while it is
// still the very file it installed (its SHA-256): never the user's own.
class LabBuildx
{
public:
    LabBuildx(const QString &labRoot, const QString &pluginDir = defaultPluginDir(),
              const QString &toolsDir = defaultToolsDir());

    // $DOCKER_CONFIG/cli-plugins, else ~/.docker/cli-plugins.
    static QString defaultPluginDir();
    // $CACHELAB_BUILDKIT_TOOLS, else the tools build's cache folder for the pinned versions.
    static QString defaultToolsDir();

    // `docker buildx version`'s answer, or empty when buildx is missing.
    QString version() const;
    bool install(QStringList *steps, QString *error);
    bool remove(QStringList *steps, QString *error);

private:
    QString m_labRoot;
    QString m_pluginDir;
    QString m_toolsDir;
};

} // namespace Cachelab
