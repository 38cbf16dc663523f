// SPDX-License-Identifier: GPL-3.0-or-later
// The lab at first click, as a new user meets it: the #1515 project's build.sh fails with
// no engine, its header offers Set Up Lab…; pressing it sets the lab up (the sealed private
// engine: CACHELAB_LAB_ENGINE=private, set by test-gui-lab.sh), Check Environment is then
// all green, and Run on build.sh and on build-with-buildx.sh work for real, live. The
// dialog, the check and both live runs are saved as pictures (CACHELAB_SCREENSHOT_DIR, else
// the test's folder) after their contents are checked. Everything under the temporary
// data folder of test-gui-lab.sh; the lab is taken down at the end.
#include "GuiPictures.h"
#include "core/DataLocations.h"
#include "core/environment/EnvironmentCheck.h"
#include "core/lab/Lab.h"
#include "core/lab/LabEngine.h"
#include "core/lab/LabRegistry.h"
#include "core/models/RunListModel.h"
#include "core/session/ProjectSession.h"
#include "ui/CacheLayersPanel.h"
#include "ui/dag/StageDagView.h"
#include "ui/EnvironmentPanel.h"
#include "ui/ExplainPanel.h"
#include "ui/LabSetupDialog.h"
#include "ui/LogView.h"
#include "ui/MainWindow.h"
#include "ui/RegistryCachePanel.h"
#include "ui/RunsPanel.h"
#include "ui/ScriptsPanel.h"

#include <QAbstractButton>
#include <QDir>
#include <QDockWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Cachelab;

namespace {
constexpr int kLabTimeoutMs = 20 * 60 * 1000; // a private engine from scratch
constexpr int kBuildTimeoutMs = 15 * 60 * 1000;
} // namespace

class TestGuiLab : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariable("CACHELAB_LAB_ENGINE") != QLatin1String("private"))
            QSKIP("run through tests/engine/test-gui-lab.sh");
        m_pictures = qEnvironmentVariable("CACHELAB_SCREENSHOT_DIR", QDir::tempPath());
        QDir().mkpath(m_pictures);
        QString error;
        m_project = DataLocations::workingCopyOfBundledProject(&error);
        QVERIFY2(!m_project.isEmpty(), qPrintable(error));
    }

    void firstClick()
    {
        MainWindow window(m_store);
        window.resize(1500, 950);
        window.show();
        QVERIFY(window.openProject(m_project));

        // No lab yet, and no engine answers (DOCKER_HOST names a socket nobody serves):
        // the run fails, says why, and offers the lab.
        QVERIFY(LabEngine(LabRegistry::defaultRoot()).kind() == LabEngine::Kind::None);
        const RunResult failed = run(window, QStringLiteral("build.sh"));
        QVERIFY2(!failed.succeeded(), qPrintable(failed.message));
        auto *offer = window.findChild<QPushButton *>(QStringLiteral("headerSetUpLab"));
        QVERIFY(offer);
        QVERIFY2(offer->isVisible(), qPrintable(window.runHeaderText()));
        // Why, in the script's own words.
        QVERIFY2(window.runHeaderText().contains(QStringLiteral(": docker: Cannot connect to the Docker daemon")),
                 qPrintable(window.runHeaderText()));

        // Set Up Lab…: each step in the dialog as it goes, then ready.
        offer->click();
        auto *dialog = window.findChild<LabSetupDialog *>();
        QVERIFY(dialog);
        QSignalSpy done(dialog, &LabSetupDialog::finished);
        QVERIFY(done.wait(kLabTimeoutMs));
        QVERIFY2(done.constFirst().constFirst().toBool(), qPrintable(dialog->statusText()));
        QVERIFY2(dialog->statusText().contains(QLatin1String("private engine")), qPrintable(dialog->statusText()));
        const QString steps = dialog->stepsText();
        for (const char *piece : { "registry: ", "buildx: ", "engine: starting Cachelab's private engine" })
            QVERIFY2(steps.contains(QLatin1String(piece)), qPrintable(steps));
        save(dialog, QStringLiteral("lab-setup-dialog-engine.png"));
        dialog->close();

        // Check Environment: every item green, with the lab's engine and registry.
        EnvironmentPanel panel(EnvironmentPanel::scriptEnvironment(), &window);
        panel.resize(760, 560);
        panel.show();
        QTRY_VERIFY_WITH_TIMEOUT(!panel.check()->isRunning(), 60000);
        for (int i = 0; i < EnvironmentCheck::ItemCount; ++i)
            QVERIFY2(panel.rowText(i).contains(QLatin1String("|ok|")), qPrintable(panel.rowText(i)));
        save(&panel, QStringLiteral("environment-check-lab.png"));
        panel.close();

        // Run, for real: build.sh exports 3 layers (min mode), buildx 14 or more.
        const RunResult buildSh = run(window, QStringLiteral("build.sh"), QStringLiteral("live-run-build-sh.png"));
        QVERIFY2(buildSh.succeeded(), qPrintable(buildSh.message + window.logPane()->text().right(2000)));
        QCOMPARE(window.session()->runs()->entry(0)->summary.exportedLayers, 3);
        QVERIFY(!offer->isVisible());
        const RunResult buildx
            = run(window, QStringLiteral("build-with-buildx.sh"), QStringLiteral("live-run-buildx.png"));
        QVERIFY2(buildx.succeeded(), qPrintable(buildx.message + window.logPane()->text().right(2000)));
        // 14 or 15 blobs cold: layers of identical content (a WORKDIR in two stages made
        // within the same second) are one blob (as tests/engine/test-lab.sh says).
        QVERIFY2(window.session()->runs()->entry(0)->summary.exportedLayers >= 14,
                 qPrintable(QString::number(window.session()->runs()->entry(0)->summary.exportedLayers)));
        QVERIFY(window.session()->runs()->entry(0)->stored.environment.contains(
            QStringLiteral("DOCKER_REPO=%1/moby-cache/build-with-buildx").arg(LabRegistry().address())));

        // The Registry cache tab reads each script's cache back from the lab's registry.
        const QString buildxId = window.session()->runs()->entry(0)->stored.id;
        const QString buildShId = window.session()->runs()->entry(1)->stored.id;
        RegistryCachePanel *registry = window.registryCachePanel();
        for (const auto &[id, mode] : { std::pair { buildShId, QStringLiteral("mode min") },
                                        std::pair { buildxId, QStringLiteral("mode max") } }) {
            window.runsPanel()->selectRun(id);
            QVERIFY2(registry->ref().startsWith(LabRegistry().address()), qPrintable(registry->ref()));
            QSignalSpy inspected(registry, &RegistryCachePanel::inspected);
            registry->inspect();
            QVERIFY(inspected.wait(60000));
            QVERIFY2(registry->statusText().contains(mode), qPrintable(registry->statusText()));
        }

        // The cache-key X-ray: the #1515 edit, buildx again; in the rebuild's step details
        // [build-public 4/8] names the edited file, from BuildKit's own keys, and 5/8 its
        // parent. A build.sh run has no such data, and says so.
        QString error;
        QVERIFY2(!window.session()->editScenario(&error).isEmpty(), qPrintable(error));
        const RunResult again = run(window, QStringLiteral("build-with-buildx.sh"), {});
        QVERIFY2(again.succeeded(), qPrintable(again.message));
        const QString rebuildId = window.session()->runs()->entry(0)->stored.id;
        QVERIFY(window.session()->xrayProblem(rebuildId).isEmpty());
        window.runsPanel()->selectRun(rebuildId);
        int buildPublic = -1;
        for (const DockerfileStage &stage : window.session()->dockerfile()->stages()) {
            if (stage.name == QLatin1String("build-public"))
                buildPublic = stage.index;
        }
        QVERIFY(buildPublic >= 0);
        Q_EMIT window.dagView()->stepActivated(StepRef{ buildPublic, 5 });
        QVERIFY2(window.stepDetailsText().contains(QLatin1String("its parent step [build-public 4/8] COPY assets assets changed")),
                 qPrintable(window.stepDetailsText()));
        Q_EMIT window.dagView()->stepActivated(StepRef{ buildPublic, 4 });
        QVERIFY2(window.stepDetailsText().contains(QLatin1String("content of assets/js/file1.js changed")),
                 qPrintable(window.stepDetailsText()));
        // The key's inputs side by side: the edited file's row with both runs' values.
        const QString details = window.stepDetailsText();
        // (the plain text puts each cell on its own line: the file, then run A's, then B's)
        const qsizetype row = details.indexOf(QLatin1String("\nassets/js/file1.js\n"));
        QVERIFY2(details.contains(QLatin1String("Key input")) && row >= 0
                     && details.mid(row + 1).section(QLatin1Char('\n'), 1, 2).count(QLatin1String("mode 0644")) == 2,
                 qPrintable(details.right(600)));
        save(&window, QStringLiteral("step-details-xray.png"));
        // Explain on the same run: its expected rebuilds carry their X-ray.
        window.bottomTabs()->setCurrentWidget(window.explainPanel());
        QVERIFY2(window.explainPanel()->markdown().contains(QLatin1String("**Cache-key X-ray**"))
                     && window.explainPanel()->markdown().contains(
                         QLatin1String("[build-public 4/8]: content of assets/js/file1.js changed")),
                 qPrintable(window.explainPanel()->markdown()));
        if (auto *dock = qobject_cast<QDockWidget *>(window.bottomTabs()->parentWidget()))
            window.resizeDocks({ dock }, { 430 }, Qt::Vertical);
        save(&window, QStringLiteral("explain-xray.png"));
        window.runsPanel()->selectRun(buildShId);
        Q_EMIT window.dagView()->stepActivated(StepRef{ buildPublic, 4 });
        QVERIFY2(window.stepDetailsText().contains(QLatin1String("has no cache debug data")),
                 qPrintable(window.stepDetailsText()));
    }

    void cleanupTestCase()
    {
        if (qEnvironmentVariable("CACHELAB_LAB_ENGINE") != QLatin1String("private"))
            return;
        QString error;
        QVERIFY2(Lab::down(LabRegistry::defaultRoot(), {}, &error), qPrintable(error));
    }

private:
    // Presses the script's Run button and waits for the end; with a picture name, the
    // window is saved while the build runs, once a step has finished.
    RunResult run(MainWindow &window, const QString &script, const QString &picture = {})
    {
        QSignalSpy finished(window.session(), &ProjectSession::runFinished);
        bool saved = false;
        const auto connection = connect(window.session(), &ProjectSession::runUpdated, this, [&] {
            const RunListModel::Entry *live = window.session()->runs()->entryById(window.session()->liveRunId());
            if (picture.isEmpty() || saved || !live || live->summary.ran + live->summary.cached < 3)
                return;
            if (!window.runHeaderText().startsWith(QLatin1String("Running ")))
                return;
            saved = true;
            save(&window, picture);
        });
        QAbstractButton *button = window.scriptsPanel()->runButton(script);
        if (!button) {
            disconnect(connection);
            RunResult missing;
            missing.message = QStringLiteral("no Run button for ") + script;
            return missing;
        }
        button->click();
        const bool ended = finished.wait(kBuildTimeoutMs);
        disconnect(connection);
        if (!ended) {
            window.session()->cancel();
            RunResult timedOut;
            timedOut.message = script + QStringLiteral(" did not finish");
            return timedOut;
        }
        if (!picture.isEmpty() && !saved)
            qWarning("%s finished before a live picture could be taken", qPrintable(script));
        return finished.constFirst().at(1).value<RunResult>();
    }

    void save(QWidget *widget, const QString &name) { saveGuiPicture(widget, m_pictures, name); }

    QString m_pictures;
    QString m_project;
    QTemporaryDir m_storeDir;
    QString m_store = m_storeDir.path();
};

QTEST_MAIN(TestGuiLab)
#include "tst_gui_lab.moc"
