// SPDX-License-Identifier: GPL-3.0-or-later
// Set Up Lab from Check Environment, for real: the button starts Debian's docker-registry
// through the lab (on a worker thread, the dialog naming each step), and the check run
// again finds the registry the scripts will get. Screenshot of the dialog.
#include "core/lab/LabBuildx.h"
#include "core/lab/LabRegistry.h"
#include "ui/EnvironmentPanel.h"
#include "ui/LabSetupDialog.h"

#include <QApplication>
#include <QDir>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyle>
#include <QTemporaryDir>
#include <QTest>

using namespace Cachelab;

class TestLabSetup : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (LabRegistry::defaultProgram().isEmpty()) {
            if (qEnvironmentVariable("CI") == QLatin1String("true"))
                QFAIL("docker-registry is not installed (tools/dev.sh test installs it)");
            QSKIP("docker-registry is not installed");
        }
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(QApplication::style()->standardPalette());
        QStandardPaths::setTestModeEnabled(true);
        QDir(LabRegistry::defaultRoot()).removeRecursively();
        // A buildx plugin the lab may install goes to a Docker config of the test's own.
        QVERIFY(m_dockerConfig.isValid());
        qputenv("DOCKER_CONFIG", m_dockerConfig.path().toLocal8Bit());
        // The registry and buildx: the engine piece has tests of its own (engine.gui-lab).
        qputenv("CACHELAB_LAB_ENGINE", "none");
    }

    void cleanupTestCase()
    {
        QStringList steps;
        LabBuildx(LabRegistry::defaultRoot()).remove(&steps, nullptr);
        LabRegistry().stop(&steps, nullptr);
        QDir(LabRegistry::defaultRoot()).removeRecursively();
    }

    void setUpLabFromTheCheck()
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("DOCKER_REPO"));
        EnvironmentPanel panel(environment);
        panel.show();
        QSignalSpy checked(panel.check(), &EnvironmentCheck::finished);
        QVERIFY(checked.wait(60000));
        QVERIFY(!LabRegistry().isRunning());

        panel.setUpLabButton()->click();
        LabSetupDialog *dialog = panel.labSetup();
        QVERIFY(dialog && dialog->isVisible());
        QVERIFY(dialog->isBusy());
        QSignalSpy done(dialog, &LabSetupDialog::finished);
        QVERIFY(done.wait(30000));
        QVERIFY2(dialog->succeeded(), qPrintable(dialog->statusText()));
        QVERIFY(dialog->stepsText().contains(QLatin1String("answers GET /v2/")));
        const QString address = LabRegistry().address();
        QVERIFY(dialog->statusText().contains(address));
        QApplication::processEvents();
        const QImage image = dialog->grab().toImage();
        QVERIFY(image.save(QDir::current().filePath(QStringLiteral("lab-setup-dialog.png"))));
        if (qEnvironmentVariableIntValue("CACHELAB_UPDATE_SCREENSHOTS") == 1)
            QVERIFY(image.save(QStringLiteral(CACHELAB_SOURCE_DIR "/docs/screenshots/lab-setup-dialog.png")));

        // Checked again by itself: the registry row finds the lab's registry.
        QVERIFY(checked.wait(60000));
        bool found = false;
        for (int i = 0; i < panel.check()->items().size(); ++i) {
            const QString row = panel.rowText(i);
            if (row.contains(address)) {
                found = true;
                QVERIFY2(row.section(QLatin1Char('|'), 1, 1) == QLatin1String("ok"), qPrintable(row));
            }
        }
        QVERIFY(found);
    }

private:
    QTemporaryDir m_dockerConfig;
};

QTEST_MAIN(TestLabSetup)
#include "tst_labsetup.moc"
