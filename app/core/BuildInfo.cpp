// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/BuildInfo.h"

#include "BuildInfoConfig.h"

#include <QStringList>
#include <QtGlobal>

namespace Cachelab {

QString BuildInfo::applicationName()
{
    return QStringLiteral("cachelab");
}

QString BuildInfo::applicationId()
{
    return QStringLiteral(CACHELAB_APP_ID);
}

QString BuildInfo::version()
{
    return QStringLiteral(CACHELAB_VERSION_STRING);
}

QString BuildInfo::homepage()
{
    return QStringLiteral(CACHELAB_HOMEPAGE);
}

QString BuildInfo::qtVersion()
{
    return QString::fromLatin1(qVersion());
}

QString BuildInfo::graphvizVersion()
{
    return QStringLiteral(CACHELAB_GRAPHVIZ_VERSION);
}

QString BuildInfo::versionReport()
{
    // Runtime Qt may differ from the one we compiled against; both matter in bug reports.
    return QStringList {
        applicationName() + QLatin1Char(' ') + version(),
        QStringLiteral("Qt %1 (built with %2)").arg(qtVersion(), QStringLiteral(QT_VERSION_STR)),
        QStringLiteral("Graphviz %1").arg(graphvizVersion()),
    }
        .join(QLatin1Char('\n'));
}

} // namespace Cachelab
