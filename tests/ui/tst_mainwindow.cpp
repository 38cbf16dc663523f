// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/AppSettings.h"
#include "core/DataLocations.h"
#include "core/models/RunListModel.h"
#include "core/models/StepComparisonModel.h"
#include "core/session/ProjectSession.h"
#include "ui/AboutDialog.h"
#include "ui/AppearanceTheme.h"
#include "ui/CacheLayersPanel.h"
#include "ui/dag/DagStyle.h"
#include "ui/dag/StageDagScene.h"
#include "ui/dag/StageDagView.h"
#include "ui/ExplainPanel.h"
#include "ui/LogView.h"
#include "ui/MainWindow.h"
#include "ui/plots/PlotsPanel.h"
#include "ui/plots/TimelinePlot.h"
#include "ui/ProjectOverviewPage.h"
#include "ui/RegistryCachePanel.h"
#include "ui/RunsPanel.h"
#include "ui/ScriptsPanel.h"
#include "ui/SettingsDialog.h"

#include <memory>
#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMimeData>
#include <QPointer>
#include <QProcess>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUrl>

using namespace Cachelab;

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        // Runs, settings and the working copy go to a test folder, not the user's.
        QStandardPaths::setTestModeEnabled(true);
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    }

    void startsWithWelcomeAndNoProject()
    {
        MainWindow window(m_store.path());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(!window.project().isValid());
        QVERIFY(window.scriptsPanel()->scriptNames().isEmpty());
        QCOMPARE(window.size(), QSize(1280, 800));
    }

    void opensTheBundledProject()
    {
        MainWindow window(m_store.path());
        QVERIFY(window.openProject(DataLocations::bundledProjectDir()));
        QCOMPARE(window.project().name(), QStringLiteral("moby-cache"));
        QCOMPARE(
            window.scriptsPanel()->scriptNames(),
            (QStringList { QStringLiteral("build-with-buildx.sh"),
                           QStringLiteral("build-with-docker.sh"), QStringLiteral("build.sh") }));
        // Its Dockerfile parsed, with its five stages: the graph is shown.
        QVERIFY(window.session()->dockerfile().has_value());
        QStringList stages;
        for (const auto &stage : window.session()->dockerfile()->stages())
            stages.append(stage.name);
        QCOMPARE(stages,
                 (QStringList { QStringLiteral("build-assets-less"),
                                QStringLiteral("build-node-modules"), QStringLiteral("build-php"),
                                QStringLiteral("build-public"), QStringLiteral("website-ssr") }));
        QVERIFY(window.dagView()->isVisibleTo(&window));
        QVERIFY(window.windowTitle().startsWith(QLatin1String("moby-cache")));
    }

    void aBadProjectSaysWhyAndKeepsTheCurrentOne()
    {
        MainWindow window(m_store.path());
        QTemporaryDir empty;
        QVERIFY(!window.openProject(empty.path()));
        QVERIFY2(window.overviewPage()->problemText().contains(QLatin1String("has no Dockerfile")),
                 qPrintable(window.overviewPage()->problemText()));

        QVERIFY(window.openProject(DataLocations::bundledProjectDir()));
        QVERIFY(!window.openProject(empty.filePath(QStringLiteral("missing"))));
        QCOMPARE(window.project().name(), QStringLiteral("moby-cache"));
        QVERIFY(window.statusBar()->currentMessage().contains(QLatin1String("does not exist")));
    }

    void theDemoComparesThe1515Pair()
    {
        MainWindow window(m_store.path());
        window.show();
        QVERIFY(window.openDemo());
        QVERIFY(window.session()->runs()->rowCount() >= 10);
        QCOMPARE(window.runsPanel()->selectedIds(),
                 (QStringList { QStringLiteral("demo-buildctl-v0.34.2-02-rebuild-after-edit.log"),
                                QStringLiteral("demo-buildx-v0.38.2-04-rebuild-warm.log") }));
        QVERIFY(window.stepModel()->changedCount() > 0);
        QVERIFY2(window.cacheLayersPanel()->titleA().contains(QLatin1String("3 layer(s)")),
                 qPrintable(window.cacheLayersPanel()->titleA()));
        QVERIFY2(window.cacheLayersPanel()->titleB().contains(QLatin1String("16 layer(s)")),
                 qPrintable(window.cacheLayersPanel()->titleB()));
        QVERIFY(window.runHeaderText().contains(QLatin1String("step(s) differ")));
        // The bundled project is never edited in place: the demo opens a working copy.
        QVERIFY(!window.project().absolutePath().startsWith(QStringLiteral(CACHELAB_SOURCE_DIR)));
    }

    // A script of the project run from the window: live progress, then a stored run.
    void aScriptRunsLiveAndIsKept()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("moby-cache"));
        QCOMPARE(QProcess::execute(
                     QStringLiteral("cp"),
                     { QStringLiteral("-r"), DataLocations::bundledProjectDir(), project }),
                 0);
        // A stand-in for the engine: prints a real recording slowly, as a build would.
        QFile fake(project + QStringLiteral("/fake-build.sh"));
        QVERIFY(fake.open(QIODevice::WriteOnly));
        fake.write(QStringLiteral("#!/bin/sh\nwhile IFS= read -r line; do printf '%s\\n' \"$line\" "
                                  ">&2; sleep 0.01; done < %1\n")
                       .arg(DataLocations::recordingsDir()
                            + QStringLiteral("/docker-20.10-inline-02-rebuild-after-edit.log"))
                       .toUtf8());
        fake.close();
        fake.setPermissions(fake.permissions() | QFile::ExeOwner);

        MainWindow window(m_store.path());
        window.show();
        QVERIFY(window.openProject(project));
        // The plots in view: the live run's timeline grows as it goes.
        window.bottomTabs()->setCurrentWidget(window.plotsPanel());
        QSignalSpy finished(window.session(), &ProjectSession::runFinished);
        window.scriptsPanel()->runRequested(project + QStringLiteral("/fake-build.sh"));
        QTRY_VERIFY_WITH_TIMEOUT(
            window.runHeaderText().startsWith(QLatin1String("Running fake-build.sh")), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!window.plotsPanel()->timelinePlot()->timeline().bars().isEmpty()
                                     && window.session()->isRunning(),
                                 10000);
        QVERIFY(finished.wait(20000));
        QCOMPARE(window.session()->runs()->entry(0)->stored.label, QStringLiteral("fake-build.sh"));
        // The header counts the steps the graph colours: the same numbers as its legend.
        const StageDagScene *scene = window.dagView()->dagScene();
        int ran = 0;
        int cached = 0;
        for (const StepRef &step : scene->steps()) {
            ran += scene->stepState(step) == StepState::Ran ? 1 : 0;
            cached += scene->stepState(step) == StepState::Cached ? 1 : 0;
        }
        QCOMPARE(window.session()->runs()->entry(0)->summary.cached, cached);
        QCOMPARE(window.session()->runs()->entry(0)->summary.ran, ran);
        QVERIFY(ran > 0 && cached > 0);
        QVERIFY2(window.runHeaderText().contains(
                     QStringLiteral("%1 ran, %2 cached").arg(ran).arg(cached)),
                 qPrintable(window.runHeaderText()));
        // Kept on disk: a new window on the same store lists it.
        MainWindow again(m_store.path());
        QVERIFY(again.openProject(project));
        QCOMPARE(again.session()->runs()->rowCount(), 1);
    }

    void eachScriptHasItsRunButton()
    {
        MainWindow window(m_store.path());
        window.show();
        QVERIFY(window.openProject(DataLocations::bundledProjectDir()));
        for (const QString &name : window.scriptsPanel()->scriptNames()) {
            QAbstractButton *button = window.scriptsPanel()->runButton(name);
            QVERIFY2(button, qPrintable(name));
            QVERIFY(button->isVisible());
            QVERIFY(button->isEnabled());
        }
        QVERIFY(!window.scriptsPanel()->runButton(QStringLiteral("Dockerfile")));
        // While a run goes on, no Run button starts another.
        window.scriptsPanel()->setRunning(true);
        QVERIFY(!window.scriptsPanel()->runButton(QStringLiteral("build.sh"))->isEnabled());
        window.scriptsPanel()->setRunning(false);
        QVERIFY(window.scriptsPanel()->runButton(QStringLiteral("build.sh"))->isEnabled());
    }

    void recentProjectsAreOffered()
    {
        QSettings().remove(QStringLiteral("recentProjects"));
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("moby-cache"));
        QCOMPARE(QProcess::execute(
                     QStringLiteral("cp"),
                     { QStringLiteral("-r"), DataLocations::bundledProjectDir(), project }),
                 0);
        {
            MainWindow window(m_store.path());
            QVERIFY(window.openProject(project));
        }
        // The next start: the welcome page and File → Open Recent list it first.
        MainWindow window(m_store.path());
        window.show();
        QVERIFY(window.overviewPage()->recentProjectsText().contains(project));
        auto *recent = window.findChild<QMenu *>(QStringLiteral("recentMenu"));
        QVERIFY(recent);
        QMetaObject::invokeMethod(recent, "aboutToShow");
        QAction *first = recent->actions().constFirst();
        QCOMPARE(first->data().toString(), project);
        first->trigger();
        QCOMPARE(window.project().absolutePath(), project);
    }

    void droppedLogsBecomeRuns()
    {
        MainWindow window(m_store.path());
        window.show();
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("moby-cache"));
        QCOMPARE(QProcess::execute(
                     QStringLiteral("cp"),
                     { QStringLiteral("-r"), DataLocations::bundledProjectDir(), project }),
                 0);
        QFile garbage(dir.filePath(QStringLiteral("notes.txt")));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write("not a build log\n");
        garbage.close();

        // A project folder and two files, one of them no log: the log is kept, the other
        // says why not.
        QMimeData data;
        data.setUrls({ QUrl::fromLocalFile(project),
                       QUrl::fromLocalFile(DataLocations::recordingsDir()
                                           + QStringLiteral("/buildx-v0.38.2-03-cold.log")),
                       QUrl::fromLocalFile(garbage.fileName()) });
        QDragEnterEvent enter(QPoint(640, 400), Qt::CopyAction, &data, Qt::LeftButton,
                              Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(640, 400), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QCOMPARE(window.project().absolutePath(), project);
        QCOMPARE(window.session()->runs()->rowCount(), 1);
        QCOMPARE(window.session()->runs()->entry(0)->stored.label,
                 QStringLiteral("buildx-v0.38.2-03-cold.log"));
        QVERIFY2(window.statusBar()->currentMessage().contains(QLatin1String("notes.txt")),
                 qPrintable(window.statusBar()->currentMessage()));
        QCOMPARE(window.runsPanel()->selectedIds().size(), 1);
    }

    void clickingAStepShowsItsLogLines()
    {
        MainWindow window(m_store.path());
        window.show();
        QVERIFY(window.openDemo());
        window.runsPanel()->selectRun(
            QStringLiteral("demo-buildctl-v0.34.2-02-rebuild-after-edit.log"));
        StageDagScene *scene = window.dagView()->dagScene();
        const StepRef step { 3, 4 }; // [build-public 4/8] COPY assets assets
        const QPointF centre = scene->stepRect(step).center();
        QVERIFY(!centre.isNull());
        window.dagView()->centerOn(centre);
        QTest::mouseClick(window.dagView()->viewport(), Qt::LeftButton, {},
                          window.dagView()->mapFromScene(centre));
        QTRY_COMPARE(scene->selectedStep(), step);
        const QString line = window.logPane()->selectedText();
        QVERIFY2(line.contains(QLatin1String("[build-public 4/8] COPY assets assets")),
                 qPrintable(line));
        QVERIFY(line.startsWith(QLatin1Char('#')));
    }

    // The demo explains its runs: build.sh's rebuild ran whole stages nothing changed for
    // (min mode: build.sh says mod=max), buildx's did not; the graph outlines them, the
    // scripts panel shows the finding, and the report carries it all.
    void theDemoExplainsThe1515Rebuild()
    {
        MainWindow window(m_store.path());
        window.show();
        QVERIFY(window.openDemo());
        window.runsPanel()->selectRun(
            QStringLiteral("demo-buildctl-v0.34.2-02-rebuild-after-edit.log"));
        QVERIFY(window.explainPanel()->unexpectedCount() >= 6);
        QVERIFY2(window.explainPanel()->summary().contains(QLatin1String("min-mode")),
                 qPrintable(window.explainPanel()->summary()));
        QVERIFY(window.explainPanel()->markdown().contains(QLatin1String("mod")));
        const StageDagScene *scene = window.dagView()->dagScene();
        QVERIFY(scene->isUnexpected(StepRef { 1, 6 })); // [build-node-modules 6/6]
        QVERIFY(!scene->isUnexpected(StepRef { 3, 4 })); // [build-public 4/8]: expected

        window.runsPanel()->selectRun(QStringLiteral("demo-buildx-v0.38.2-04-rebuild-warm.log"));
        QCOMPARE(window.explainPanel()->unexpectedCount(), 0);
        QVERIFY(scene->unexpectedSteps().isEmpty());

        QVERIFY2(window.scriptsPanel()->findingsText().contains(QLatin1String("build.sh:")),
                 qPrintable(window.scriptsPanel()->findingsText()));
        QVERIFY(window.scriptsPanel()->findingsText().contains(QLatin1String("mod")));

        window.runsPanel()->selectRun(
            QStringLiteral("demo-buildctl-v0.34.2-02-rebuild-after-edit.log"));
        const QString report = window.issueReportMarkdown();
        QVERIFY(report.startsWith(QLatin1String("## BuildKit cache report")));
        QVERIFY(report.contains(QLatin1String("**unexpected rebuilds**")));
        QVERIFY(report.contains(QLatin1String("`build.sh:")));
        QVERIFY(report.contains(QLatin1String("3 layer(s) to the registry")));
        const QString png
            = report.section(QStringLiteral("Stage graph: `"), 1).section(QLatin1Char('`'), 0, 0);
        QVERIFY2(QFileInfo(png).size() > 1000, qPrintable(png));

        // The tool versions are read on a worker thread: a tool that takes its time
        // (here buildctl, a stand-in) does not hold up the window.
        QTemporaryDir bin;
        const auto tool = [&bin](const char *name, const QByteArray &body) {
            QFile file(bin.filePath(QLatin1String(name)));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("#!/bin/sh\n" + body);
            file.close();
            file.setPermissions(file.permissions() | QFile::ExeOwner);
        };
        tool("docker", "echo 'client 20.10.24 (linux/amd64), engine 20.10.24'\n");
        tool("buildctl", "exec /bin/sleep 2\n");
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", bin.path().toUtf8());
        QElapsedTimer clock;
        clock.start();
        bool done = false;
        window.withToolVersions([&done] {
            done = true;
        });
        QVERIFY(clock.elapsed() < 500);
        QVERIFY(!done);
        QTRY_VERIFY_WITH_TIMEOUT(done, 15000);
        qputenv("PATH", path);
        QVERIFY(window.issueReportMarkdown().contains(
            QLatin1String("`docker version`: `client 20.10.24 (linux/amd64), engine 20.10.24`")));
    }

    // A window closed while the tool versions are being read: the probe still ends, its
    // thread object goes away, and nothing calls back into the destroyed window.
    void aWindowDestroyedDuringTheVersionProbeLeavesNothingBehind()
    {
        QTemporaryDir bin;
        const auto tool = [&bin](const char *name, const QByteArray &body) {
            QFile file(bin.filePath(QLatin1String(name)));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("#!/bin/sh\n" + body);
            file.close();
            file.setPermissions(file.permissions() | QFile::ExeOwner);
        };
        tool("docker", "echo 'client 20.10.24 (linux/amd64), engine 20.10.24'\n");
        tool("buildctl", "exec /bin/sleep 2\n");
        const QByteArray path = qgetenv("PATH");
        const auto restorePath = qScopeGuard([&path] {
            qputenv("PATH", path);
        });
        qputenv("PATH", bin.path().toUtf8());

        auto window = std::make_unique<MainWindow>(m_store.path());
        int calls = 0;
        window->withToolVersions([&calls] {
            ++calls;
        });
        window->withToolVersions([&calls] {
            ++calls;
        });
        QPointer<QThread> probe = window->toolVersionsProbe();
        QVERIFY(probe);
        QVERIFY(probe->isRunning());
        window.reset();
        QVERIFY(probe); // still probing: buildctl takes 2 s
        QTRY_VERIFY_WITH_TIMEOUT(probe.isNull(), 15000);
        QCOMPARE(calls, 0);
    }

    // The registry tab offers the refs the shown run imported; a registry that does not
    // answer gives a clear message, and the panel is ready again (nothing hangs).
    void theRegistryTabSaysWhyItCannotRead()
    {
        MainWindow window(m_store.path());
        window.show();
        QVERIFY(window.openDemo());
        window.runsPanel()->selectRun(
            QStringLiteral("demo-buildctl-v0.34.2-02-rebuild-after-edit.log"));
        RegistryCachePanel *panel = window.registryCachePanel();
        QCOMPARE(panel->ref(),
                 QStringLiteral("127.0.0.1:43851/issue1515-plain-buildctl/test:cache"));
        // A port nobody listens on: take one, and free it.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        window.runsPanel()->selectRun(QString()); // keeps the typed ref
        panel->setSuggestedRefs({ QStringLiteral("127.0.0.1:%1/nothing/here:cache").arg(port) });
        QSignalSpy done(panel, &RegistryCachePanel::inspected);
        panel->inspect();
        QVERIFY(done.wait(25000));
        QCOMPARE(done.constFirst().constFirst().toBool(), false);
        QVERIFY2(panel->statusText().startsWith(QLatin1String("Cannot read the cache:")),
                 qPrintable(panel->statusText()));
        QVERIFY(!panel->isBusy());
        panel->setSuggestedRefs({ QStringLiteral("not a ref at all") });
        panel->inspect();
        QVERIFY2(panel->statusText().contains(QLatin1String("Not a cache ref")),
                 qPrintable(panel->statusText()));
    }

    // Settings: saved through AppSettings, and what the scripts get.
    void settingsAreSavedAndGivenToScripts()
    {
        QTemporaryDir dir;
        QSettings file(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        AppSettings settings(&file);
        SettingsDialog dialog(&settings);
        QCOMPARE(dialog.tabs()->count(), 3);
        dialog.findChild<QLineEdit *>(QStringLiteral("dockerRepo"))
            ->setText(QStringLiteral("127.0.0.1:5999/x"));
        dialog.findChild<QLineEdit *>(QStringLiteral("insecureRegistries"))
            ->setText(QStringLiteral("a.lan:5000, b.lan"));
        auto *appearance = dialog.findChild<QComboBox *>(QStringLiteral("appearance"));
        appearance->setCurrentIndex(appearance->findData(int(AppSettings::Appearance::Dark)));
        dialog.save();
        QCOMPARE(settings.scriptEnvironment().value(QStringLiteral("DOCKER_REPO")),
                 QStringLiteral("127.0.0.1:5999/x"));
        QVERIFY(settings.isInsecureRegistry(QStringLiteral("b.lan:80")));
        QCOMPARE(settings.appearance(), AppSettings::Appearance::Dark);
        QVERIFY(DagStyle::isDark(QApplication::palette())); // applied at once
        AppearanceTheme::apply(AppSettings::Appearance::System);
        QVERIFY(!DagStyle::isDark(QApplication::palette()));
    }

    // The run list from the keyboard, and the window as it was left.
    void shortcutsAndWindowState()
    {
        MainWindow window(m_store.path());
        window.show();
        QVERIFY(window.openDemo());
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.runsPanel()->selectRun(QStringLiteral("demo-buildx-v0.38.2-04-rebuild-warm.log"));
        QTest::keyClick(&window, Qt::Key_Down, Qt::AltModifier);
        QCOMPARE(window.runsPanel()->selectedIds(),
                 QStringList { QStringLiteral("demo-buildx-v0.38.2-03-cold.log") });
        QTest::keyClick(&window, Qt::Key_Up, Qt::AltModifier);
        QCOMPARE(window.runsPanel()->selectedIds(),
                 QStringList { QStringLiteral("demo-buildx-v0.38.2-04-rebuild-warm.log") });
        QTest::keyClick(&window, Qt::Key_M, Qt::ControlModifier);
        QCOMPARE(window.runsPanel()->selectedIds(),
                 (QStringList { QStringLiteral("demo-buildx-v0.38.2-03-cold.log"),
                                QStringLiteral("demo-buildx-v0.38.2-04-rebuild-warm.log") }));
        QVERIFY(window.dagView()->dagScene()->isComparing());

        window.resize(1100, 720);
        window.close();
        MainWindow again(m_store.path());
        again.restoreWindowState();
        QCOMPARE(again.size(), QSize(1100, 720));
        QSettings().remove(QStringLiteral("window"));
    }

    void aboutNamesEveryComponent()
    {
        const QString versions = AboutDialog::componentVersions();
        for (const char *component : { "cachelab", "Qt ", "Graphviz ", "QCustomPlot " })
            QVERIFY2(versions.contains(QLatin1String(component)), component);
        QVERIFY(!versions.contains(QLatin1String("Graphviz \n")));
    }

private:
    QTemporaryDir m_store;
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
