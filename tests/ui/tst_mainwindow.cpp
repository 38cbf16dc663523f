// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/DataLocations.h"
#include "ui/AboutDialog.h"
#include "ui/MainWindow.h"
#include "ui/ProjectOverviewPage.h"
#include "ui/ScriptsPanel.h"

#include <QLabel>
#include <QListWidget>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace Cachelab;

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void startsWithWelcomeAndNoProject()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(!window.project().isValid());
        QVERIFY(window.scriptsPanel()->scriptNames().isEmpty());
        QCOMPARE(window.size(), QSize(1280, 800));
    }

    void opensTheBundledProject()
    {
        MainWindow window;
        QVERIFY(window.openProject(DataLocations::bundledProjectDir()));
        QCOMPARE(window.project().name(), QStringLiteral("moby-cache"));
        QCOMPARE(
            window.scriptsPanel()->scriptNames(),
            (QStringList { QStringLiteral("build-with-buildx.sh"),
                           QStringLiteral("build-with-docker.sh"), QStringLiteral("build.sh") }));
        // The Dockerfile shown is the project's, with its five stages.
        const QString text = window.overviewPage()->dockerfileText();
        for (const char *stage : { "build-assets-less", "build-node-modules", "build-php",
                                   "build-public", "website-ssr" })
            QVERIFY2(text.contains(QLatin1String(stage)), stage);
        QVERIFY(window.windowTitle().startsWith(QLatin1String("moby-cache")));
    }

    void aBadProjectSaysWhyAndKeepsTheCurrentOne()
    {
        MainWindow window;
        QTemporaryDir empty;
        QVERIFY(!window.openProject(empty.path()));
        QVERIFY2(window.overviewPage()->problemText().contains(QLatin1String("has no Dockerfile")),
                 qPrintable(window.overviewPage()->problemText()));

        QVERIFY(window.openProject(DataLocations::bundledProjectDir()));
        QVERIFY(!window.openProject(empty.filePath(QStringLiteral("missing"))));
        QCOMPARE(window.project().name(), QStringLiteral("moby-cache"));
        QVERIFY(window.statusBar()->currentMessage().contains(QLatin1String("does not exist")));
    }

    void aboutNamesEveryComponent()
    {
        const QString versions = AboutDialog::componentVersions();
        for (const char *component : { "cachelab", "Qt ", "Graphviz ", "QCustomPlot " })
            QVERIFY2(versions.contains(QLatin1String(component)), component);
        QVERIFY(!versions.contains(QLatin1String("Graphviz \n")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
