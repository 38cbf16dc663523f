// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/DataLocations.h"
#include "core/ProjectFolder.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace DataLocations = Cachelab::DataLocations;
using Cachelab::ProjectFolder;

namespace {
void writeFile(const QString &path, const QByteArray &content, QFile::Permissions permissions = {})
{
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(file.errorString()));
    file.write(content);
    file.close();
    if (permissions)
        QVERIFY(file.setPermissions(permissions));
}
} // namespace

class TestProjectFolder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bundledProjectHasTheThreeScripts()
    {
        const QString dir = DataLocations::bundledProjectDir();
        QVERIFY2(!dir.isEmpty(), "fixtures/moby-cache not found");
        QString error;
        const ProjectFolder project = ProjectFolder::open(dir, &error);
        QVERIFY2(project.isValid(), qPrintable(error));
        QCOMPARE(project.name(), QStringLiteral("moby-cache"));
        QVERIFY(project.dockerfilePath().endsWith(QLatin1String("/moby-cache/Dockerfile")));

        QStringList names;
        const auto scripts = project.scripts();
        for (const auto &script : scripts) {
            names.append(script.fileName);
            QVERIFY2(script.executable,
                     qPrintable(script.fileName + QStringLiteral(" is not executable")));
        }
        QCOMPARE(
            names,
            (QStringList { QStringLiteral("build-with-buildx.sh"),
                           QStringLiteral("build-with-docker.sh"), QStringLiteral("build.sh") }));
    }

    void recordingsAreBundled()
    {
        const QDir recordings(DataLocations::recordingsDir());
        QVERIFY(recordings.exists());
        QVERIFY(recordings.exists(QStringLiteral("README.md")));
        QVERIFY(!recordings.entryList({ QStringLiteral("*.log") }, QDir::Files).isEmpty());
    }

    void scriptsAreListedInNameOrderWithTheirMode()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        writeFile(dir.filePath(QStringLiteral("Dockerfile")), "FROM scratch\n");
        const auto executable = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner;
        writeFile(dir.filePath(QStringLiteral("z.sh")), "#!/bin/sh\n", executable);
        writeFile(dir.filePath(QStringLiteral("a.sh")), "#!/bin/sh\n",
                  QFile::ReadOwner | QFile::WriteOwner);
        writeFile(dir.filePath(QStringLiteral("notes.txt")), "not a script\n");
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("dir.sh"))); // a folder is not a script

        QString error;
        const ProjectFolder project = ProjectFolder::open(dir.path(), &error);
        QVERIFY2(project.isValid(), qPrintable(error));
        const auto scripts = project.scripts();
        QCOMPARE(scripts.size(), 2);
        QCOMPARE(scripts.at(0).fileName, QStringLiteral("a.sh"));
        QCOMPARE(scripts.at(0).executable, false);
        QCOMPARE(scripts.at(1).fileName, QStringLiteral("z.sh"));
        QCOMPARE(scripts.at(1).executable, true);
    }

    void errorsSayWhatIsWrong_data()
    {
        QTest::addColumn<QString>("relativePath");
        QTest::addColumn<QString>("expectedError");
        QTest::addRow("missing") << QStringLiteral("nope") << QStringLiteral("does not exist");
        QTest::addRow("a file") << QStringLiteral("file.txt") << QStringLiteral("is not a folder");
        QTest::addRow("no Dockerfile")
            << QStringLiteral("empty") << QStringLiteral("has no Dockerfile");
        QTest::addRow("Dockerfile is a folder")
            << QStringLiteral("odd") << QStringLiteral("has no Dockerfile");
        QTest::addRow("nothing given") << QString() << QStringLiteral("No project folder given");
    }

    void errorsSayWhatIsWrong()
    {
        QFETCH(QString, relativePath);
        QFETCH(QString, expectedError);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        writeFile(dir.filePath(QStringLiteral("file.txt")), "x");
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("empty")));
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("odd/Dockerfile")));

        QString error;
        const QString path = relativePath.isEmpty() ? QString() : dir.filePath(relativePath);
        const ProjectFolder project = ProjectFolder::open(path, &error);
        QVERIFY(!project.isValid());
        QVERIFY2(error.contains(expectedError), qPrintable(error));
        QVERIFY(project.scripts().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestProjectFolder)
#include "tst_projectfolder.moc"
