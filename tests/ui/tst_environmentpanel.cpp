// SPDX-License-Identifier: GPL-3.0-or-later
// Help → Check Environment with a hand-made `docker` stand-in (core/environment/FakeDocker.h)
// and an in-process registry responder: the rows, their remedies, Check Again, and the
// menu item. CACHELAB_UPDATE_SCREENSHOTS=1 writes docs/screenshots/environment-check.png.
#include "environment/FakeDocker.h"
#include "registry/FakeHttpServer.h"
#include "ui/EnvironmentPanel.h"
#include "ui/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Cachelab;

class TestEnvironmentPanel : public QObject
{
    Q_OBJECT

private:
    FakeHttpServer m_registry;

private slots:
    void initTestCase()
    {
        QVERIFY(m_registry.start());
        m_registry.setHandler([](const FakeHttpServer::Request &) {
            FakeHttpServer::Response response;
            response.status = 200;
            response.body = "{}";
            return response;
        });
    }

    void rowsShowWhatIsMissing()
    {
        // A newcomer's machine: Docker and buildx, but no container builder and no image.
        FakeDocker::Behaviour behaviour;
        behaviour.containerBuilder = false;
        behaviour.image = false;
        FakeDocker docker(behaviour);
        EnvironmentPanel panel(
            docker.environment(m_registry.hostPort() + QStringLiteral("/moby-cache")));
        panel.check()->setTimeout(3000);
        QSignalSpy finished(panel.check(), &EnvironmentCheck::finished);
        panel.checkAgain(); // with the shorter timeout
        panel.resize(760, panel.sizeHint().height());
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(finished.wait(10000));
        QApplication::processEvents();

        QVERIFY(panel.rowText(EnvironmentCheck::DockerCli)
                    .startsWith(QLatin1String("docker CLI|ok|Docker version 20.10.24")));
        QVERIFY(panel.rowText(EnvironmentCheck::Engine)
                    .startsWith(QLatin1String("Docker engine|ok|engine 20.10.24")));
        QVERIFY(panel.rowText(EnvironmentCheck::Buildx).contains(QLatin1String("v0.38.2")));
        QVERIFY(panel.rowText(EnvironmentCheck::Builder)
                    .contains(QStringLiteral(
                        "|missing|no builder uses the docker-container driver|Needed by "
                        "build-with-buildx.sh. "
                        "To fix: cachelab lab up (Set Up Lab…) creates the builder cachelab; or "
                        "docker buildx create --use --driver docker-container")));
        QVERIFY(panel.rowText(EnvironmentCheck::BuildkitImage)
                    .endsWith(QStringLiteral("To fix: cachelab lab up (Set Up Lab…); or docker pull "
                                             "moby/buildkit:master")));
        QVERIFY(panel.rowText(EnvironmentCheck::Registry).contains(QLatin1String("|ok|")));

        // The remedy can be selected and copied; an Ok row shows none.
        auto *remedy = panel.findChild<QLabel *>(
            QStringLiteral("remedy%1").arg(EnvironmentCheck::BuildkitImage));
        QVERIFY(remedy);
        QVERIFY(remedy->isVisible());
        QVERIFY(remedy->textInteractionFlags() & Qt::TextSelectableByMouse);
        QVERIFY(
            !panel.findChild<QLabel *>(QStringLiteral("remedy%1").arg(EnvironmentCheck::Engine))
                 ->isVisible());

        // Nothing is cut: every label gets the height its wrapped text needs.
        for (QLabel *label : panel.findChildren<QLabel *>())
            if (label->isVisible() && label->wordWrap())
                QVERIFY2(label->height() >= label->heightForWidth(label->width()),
                         qPrintable(label->text()));

        QApplication::processEvents();
        const QImage image = panel.grab().toImage();
        QVERIFY(image.save(QDir::current().filePath(QStringLiteral("environment-check.png"))));
        if (qEnvironmentVariableIntValue("CACHELAB_UPDATE_SCREENSHOTS") == 1)
            QVERIFY(image.save(
                QStringLiteral(CACHELAB_SOURCE_DIR "/docs/screenshots/environment-check.png")));

        // Check Again runs everything anew; the button waits for the round to end.
        auto *again = panel.findChild<QPushButton *>();
        const QList<QPushButton *> buttons = panel.findChildren<QPushButton *>();
        for (QPushButton *button : buttons)
            if (button->text().contains(QLatin1String("Again")))
                again = button;
        QVERIFY(again && again->isEnabled());
        again->click();
        QVERIFY(!again->isEnabled());
        QVERIFY(finished.wait(10000));
        QVERIFY(again->isEnabled());
        QCOMPARE(finished.count(), 2);
    }

    void openedFromTheHelpMenu()
    {
        QTemporaryDir store;
        MainWindow window(store.path());
        QAction *action = nullptr;
        for (QAction *menu : window.menuBar()->actions())
            if (menu->menu())
                for (QAction *item : menu->menu()->actions())
                    if (item->text().contains(QLatin1String("Check &Environment")))
                        action = item;
        QVERIFY(action);
        bool opened = false;
        QTimer::singleShot(0, &window, [&opened] {
            auto *panel = qobject_cast<EnvironmentPanel *>(QApplication::activeModalWidget());
            opened = panel != nullptr;
            if (panel)
                panel->reject();
        });
        action->trigger();
        QVERIFY(opened);
    }
};

QTEST_MAIN(TestEnvironmentPanel)
#include "tst_environmentpanel.moc"
