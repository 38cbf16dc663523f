// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/AppSettings.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Cachelab;

class TestAppSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scriptEnvironmentHasOnlyWhatIsSet()
    {
        QTemporaryDir dir;
        QSettings file(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        AppSettings settings(&file);
        QVERIFY(settings.scriptEnvironment().isEmpty()); // the inherited ones stay
        settings.setDockerRepo(QStringLiteral(" 127.0.0.1:5000/moby-cache "));
        settings.setBuildFlags(QStringLiteral("--network=host"));
        QCOMPARE(
            settings.scriptEnvironment(),
            (QMap<QString, QString> {
                { QStringLiteral("DOCKER_REPO"), QStringLiteral("127.0.0.1:5000/moby-cache") },
                { QStringLiteral("CACHELAB_BUILD_FLAGS"), QStringLiteral("--network=host") } }));
        // The keys of the first versions: an upgrade loses nothing.
        QCOMPARE(file.value(QStringLiteral("run/dockerRepo")).toString(),
                 QStringLiteral("127.0.0.1:5000/moby-cache"));
    }

    void insecureRegistriesByHostOrPort()
    {
        QTemporaryDir dir;
        QSettings file(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        AppSettings settings(&file);
        settings.setInsecureRegistries(
            AppSettings::splitList(QStringLiteral("registry.lan:5000,  cache.internal\n")));
        QCOMPARE(settings.insecureRegistries(),
                 (QStringList { QStringLiteral("registry.lan:5000"),
                                QStringLiteral("cache.internal") }));
        QVERIFY(settings.isInsecureRegistry(QStringLiteral("registry.lan:5000")));
        QVERIFY(!settings.isInsecureRegistry(QStringLiteral("registry.lan:443")));
        QVERIFY(settings.isInsecureRegistry(QStringLiteral("cache.internal:8080")));
        QVERIFY(!settings.isInsecureRegistry(QStringLiteral("docker.io")));
    }

    void replaySpeedAndAppearance()
    {
        QTemporaryDir dir;
        QSettings file(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        AppSettings settings(&file);
        QCOMPARE(settings.replaySpeed(), 4.0);
        settings.setReplaySpeed(-3);
        QCOMPARE(settings.replaySpeed(), 0.0);
        QCOMPARE(settings.appearance(), AppSettings::Appearance::System);
        settings.setAppearance(AppSettings::Appearance::Dark);
        QCOMPARE(AppSettings(&file).appearance(), AppSettings::Appearance::Dark);
        file.setValue(QStringLiteral("appearance/palette"), QStringLiteral("purple"));
        QCOMPARE(settings.appearance(), AppSettings::Appearance::System);
    }
};

QTEST_GUILESS_MAIN(TestAppSettings)
#include "tst_appsettings.moc"
