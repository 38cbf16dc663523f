// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/AppSettings.h"

#include <QRegularExpression>

namespace Cachelab {

namespace {
// The keys the first versions used: kept, so an upgrade loses no setting.
const QString kRepo = QStringLiteral("run/dockerRepo");
const QString kHost = QStringLiteral("run/dockerHost");
const QString kFlags = QStringLiteral("run/buildFlags");
const QString kRunFlags = QStringLiteral("run/dockerRunFlags");
const QString kSpeed = QStringLiteral("run/replaySpeed");
const QString kInsecure = QStringLiteral("registry/insecure");
const QString kAppearance = QStringLiteral("appearance/palette");
} // namespace

AppSettings::AppSettings(QSettings *settings)
    : m_settings(settings ? settings : &m_own)
{ }

QString AppSettings::dockerRepo() const
{
    return m_settings->value(kRepo).toString();
}
void AppSettings::setDockerRepo(const QString &value)
{
    m_settings->setValue(kRepo, value.trimmed());
}
QString AppSettings::dockerHost() const
{
    return m_settings->value(kHost).toString();
}
void AppSettings::setDockerHost(const QString &value)
{
    m_settings->setValue(kHost, value.trimmed());
}
QString AppSettings::buildFlags() const
{
    return m_settings->value(kFlags).toString();
}
void AppSettings::setBuildFlags(const QString &value)
{
    m_settings->setValue(kFlags, value.trimmed());
}
QString AppSettings::dockerRunFlags() const
{
    return m_settings->value(kRunFlags).toString();
}
void AppSettings::setDockerRunFlags(const QString &value)
{
    m_settings->setValue(kRunFlags, value.trimmed());
}

double AppSettings::replaySpeed() const
{
    return m_settings->value(kSpeed, 4.0).toDouble();
}
void AppSettings::setReplaySpeed(double speed)
{
    m_settings->setValue(kSpeed, std::max(0.0, speed));
}

QStringList AppSettings::insecureRegistries() const
{
    return m_settings->value(kInsecure).toStringList();
}
void AppSettings::setInsecureRegistries(const QStringList &hosts)
{
    m_settings->setValue(kInsecure, hosts);
}
bool AppSettings::isInsecureRegistry(const QString &hostAndPort) const
{
    // "host" covers every port of it; "host:port" only that one.
    const QString host = hostAndPort.section(QLatin1Char(':'), 0, 0);
    const QStringList hosts = insecureRegistries();
    return hosts.contains(hostAndPort, Qt::CaseInsensitive)
        || hosts.contains(host, Qt::CaseInsensitive);
}

AppSettings::Appearance AppSettings::appearance() const
{
    const QString name = m_settings->value(kAppearance).toString();
    if (name == QLatin1String("light"))
        return Appearance::Light;
    if (name == QLatin1String("dark"))
        return Appearance::Dark;
    return Appearance::System;
}
void AppSettings::setAppearance(Appearance appearance)
{
    m_settings->setValue(kAppearance, appearanceName(appearance));
}
QString AppSettings::appearanceName(Appearance appearance)
{
    switch (appearance) {
    case Appearance::Light:
        return QStringLiteral("light");
    case Appearance::Dark:
        return QStringLiteral("dark");
    case Appearance::System:
        break;
    }
    return QStringLiteral("system");
}

QMap<QString, QString> AppSettings::scriptEnvironment() const
{
    QMap<QString, QString> environment;
    const QList<QPair<QString, QString>> values {
        { QStringLiteral("DOCKER_REPO"), dockerRepo() },
        { QStringLiteral("DOCKER_HOST"), dockerHost() },
        { QStringLiteral("CACHELAB_BUILD_FLAGS"), buildFlags() },
        { QStringLiteral("CACHELAB_DOCKER_RUN_FLAGS"), dockerRunFlags() },
    };
    for (const auto &[variable, value] : values) {
        if (!value.isEmpty())
            environment.insert(variable, value);
    }
    return environment;
}

QStringList AppSettings::splitList(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

} // namespace Cachelab
