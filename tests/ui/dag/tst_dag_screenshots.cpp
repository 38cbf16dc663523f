// SPDX-License-Identifier: GPL-3.0-or-later
// Renders the stage DAG view as a user sees it in a 1280×800 window, for the #1515
// scenarios in docs/screenshots/. Always written to the build tree; set
// CACHELAB_UPDATE_SCREENSHOTS=1 to write docs/screenshots/dag-*.png as well.
#include "DagTestData.h"
#include "ui/dag/StageDagScene.h"
#include "ui/dag/StageDagView.h"

#include <QApplication>
#include <QDir>
#include <QStyle>
#include <QTest>

using namespace Cachelab;

class TestDagScreenshots : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        // The screenshots should look the same whatever desktop the test runs on.
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(QApplication::style()->standardPalette());
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setPointSizeF(9);
        QApplication::setFont(font);
    }

    // Not kept in docs/: the failed and the still-running build, in a dark palette, for
    // a look at the states the #1515 screenshots do not show.
    void darkPaletteFailedAndRunning_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("log");
        QTest::addRow("failed") << QStringLiteral("dag-dark-failed")
                                << QStringLiteral(
                                       "recordings/docker-20.10-inline-03-failed-step.log");
        QTest::addRow("running") << QStringLiteral("dag-dark-running")
                                 << QStringLiteral("edge-cases/plain-truncated.log");
    }

    void darkPaletteFailedAndRunning()
    {
        QFETCH(QString, name);
        QFETCH(QString, log);
        const Dockerfile dockerfile = DagTestData::mobyCache();
        const BuildRun run = DagTestData::fixtureRun(log);
        StageDagView view;
        QPalette dark = QApplication::palette();
        dark.setColor(QPalette::Base, QColor(0x23, 0x26, 0x29));
        dark.setColor(QPalette::Window, QColor(0x31, 0x36, 0x3b));
        dark.setColor(QPalette::Text, QColor(0xef, 0xf0, 0xf1));
        dark.setColor(QPalette::WindowText, QColor(0xef, 0xf0, 0xf1));
        dark.setColor(QPalette::ButtonText, QColor(0xef, 0xf0, 0xf1));
        dark.setColor(QPalette::Button, QColor(0x31, 0x36, 0x3b));
        dark.setColor(QPalette::Highlight, QColor(0x3d, 0xae, 0xe9));
        view.setPalette(dark);
        view.dagScene()->setPalette(dark);
        view.resize(1280, 800);
        view.setDockerfile(dockerfile);
        view.setRun(&run);
        const StepRef unexpected { dockerfile.stage(QStringLiteral("build-node-modules"))->index,
                                   3 };
        view.dagScene()->setUnexpectedSteps({ unexpected });
        view.selectStep({ dockerfile.stage(QStringLiteral("build-public"))->index, 5 });
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(
            view.grab().toImage().save(QDir::current().filePath(name + QStringLiteral(".png"))));
    }

    void screenshot_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("runA");
        QTest::addColumn<QString>("runB");
        QTest::addRow("buildctl rebuild")
            << QStringLiteral("dag-1515-buildctl-rebuild")
            << QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.log") << QString();
        QTest::addRow("buildx pruned")
            << QStringLiteral("dag-1515-buildx-pruned")
            << QStringLiteral("buildx-v0.38.2-06-rebuild-pruned.log") << QString();
        QTest::addRow("compare") << QStringLiteral("dag-1515-compare")
                                 << QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.log")
                                 << QStringLiteral("buildx-v0.38.2-04-rebuild-warm.log");
    }

    void screenshot()
    {
        QFETCH(QString, name);
        QFETCH(QString, runA);
        QFETCH(QString, runB);
        const Dockerfile dockerfile = DagTestData::mobyCache();
        const BuildRun a = DagTestData::recording(runA);
        const BuildRun b = runB.isEmpty() ? BuildRun() : DagTestData::recording(runB);

        StageDagView view;
        view.resize(1280, 800);
        view.setDockerfile(dockerfile);
        view.setComparison(&a, runB.isEmpty() ? nullptr : &b);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // The whole graph is on screen, at a size one can read.
        QVERIFY(view.mapFromScene(view.dagScene()->sceneRect())
                    .boundingRect()
                    .adjusted(1, 1, -1, -1)
                    .intersected(view.viewport()->rect())
                == view.mapFromScene(view.dagScene()->sceneRect())
                       .boundingRect()
                       .adjusted(1, 1, -1, -1));
        QVERIFY2(view.zoom() >= 0.85, qPrintable(QString::number(view.zoom())));

        const QImage image = view.grab().toImage();
        QCOMPARE(image.size(), QSize(1280, 800));
        const QString built = QDir::current().filePath(name + QStringLiteral(".png"));
        QVERIFY(image.save(built));
        if (qEnvironmentVariableIntValue("CACHELAB_UPDATE_SCREENSHOTS") == 1) {
            const QString docs = DagTestData::sourceDir() + QStringLiteral("/docs/screenshots/")
                + name + QStringLiteral(".png");
            QVERIFY(image.save(docs));
        }
    }
};

QTEST_MAIN(TestDagScreenshots)
#include "tst_dag_screenshots.moc"
