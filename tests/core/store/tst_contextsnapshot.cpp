// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/project/ContextSnapshot.h"
#include "core/project/DockerIgnore.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Cachelab;

class TestContextSnapshot : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void dockerIgnoreRules_data()
    {
        QTest::addColumn<QString>("rules");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("ignored");
        QTest::addRow("star") << QStringLiteral("*.log") << QStringLiteral("build.log") << true;
        QTest::addRow("star stays in its folder")
            << QStringLiteral("*.log") << QStringLiteral("logs/build.log") << false;
        QTest::addRow("double star")
            << QStringLiteral("**/*.log") << QStringLiteral("a/b/build.log") << true;
        QTest::addRow("double star at root")
            << QStringLiteral("**/*.log") << QStringLiteral("build.log") << true;
        QTest::addRow("folder takes its content")
            << QStringLiteral("node_modules") << QStringLiteral("node_modules/x/y.js") << true;
        QTest::addRow("leading slash")
            << QStringLiteral("/secret.txt") << QStringLiteral("secret.txt") << true;
        QTest::addRow("exception")
            << QStringLiteral("*.md\n!README.md") << QStringLiteral("README.md") << false;
        QTest::addRow("last rule wins")
            << QStringLiteral("!README.md\n*.md") << QStringLiteral("README.md") << true;
        QTest::addRow("question mark")
            << QStringLiteral("file?.js") << QStringLiteral("file1.js") << true;
        QTest::addRow("character class")
            << QStringLiteral("file[0-9].js") << QStringLiteral("fileA.js") << false;
        QTest::addRow("comment") << QStringLiteral("# *.js") << QStringLiteral("a.js") << false;
        QTest::addRow("cleaned path")
            << QStringLiteral("./assets/../js") << QStringLiteral("js/file3.js") << true;
    }

    void dockerIgnoreRules()
    {
        QFETCH(QString, rules);
        QFETCH(QString, path);
        QFETCH(bool, ignored);
        QCOMPARE(DockerIgnore::fromText(rules).isIgnored(path), ignored);
    }

    // The #1515 project: editing assets/js/file1.js as the scenario does is the one
    // change; files the .dockerignore excludes never count.
    void theScenarioEditIsTheOnlyChange()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("moby-cache"));
        QCOMPARE(QProcess::execute(QStringLiteral("cp"),
                                   { QStringLiteral("-r"),
                                     QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/moby-cache"),
                                     project }),
                 0);
        const ContextSnapshot before = ContextSnapshot::take(project);
        QVERIFY(before.hashes().contains(QStringLiteral("assets/js/file1.js")));
        QVERIFY(before.hashes().contains(QStringLiteral("Dockerfile")));

        QFile file1(project + QStringLiteral("/assets/js/file1.js"));
        QVERIFY(file1.open(QIODevice::Append));
        file1.write("console.log('edited');\n");
        file1.close();
        QFile ignored(project + QStringLiteral("/debug.log")); // *.log is in .dockerignore
        QVERIFY(ignored.open(QIODevice::WriteOnly));
        ignored.write("noise\n");
        ignored.close();

        const ContextSnapshot after = ContextSnapshot::take(project);
        QCOMPARE(after.changedSince(before), QStringList { QStringLiteral("assets/js/file1.js") });
        // Round trip through the stored form.
        QCOMPARE(ContextSnapshot::fromJson(after.toJson()).changedSince(after), QStringList());

        QVERIFY(QFile::remove(project + QStringLiteral("/js/file3.js")));
        QCOMPARE(ContextSnapshot::take(project).changedSince(after),
                 QStringList { QStringLiteral("js/file3.js") });
    }
};

QTEST_GUILESS_MAIN(TestContextSnapshot)
#include "tst_contextsnapshot.moc"
