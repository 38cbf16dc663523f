// SPDX-License-Identifier: GPL-3.0-or-later
// The window runs the #1515 project's scripts on a real engine, live, as a user would:
// the Run button of each script in the scripts panel, the graph colouring while the
// build goes on, the finished run's steps and exported cache, and Cancel. Run by
// tests/engine/test-gui-scripts.sh, which brings up a private engine and registry and
// exports their environment (DOCKER_HOST, DOCKER_CONFIG, CACHELAB_REGISTRY, ...).
#include "core/bundle/Bundle.h"
#include "core/DataLocations.h"
#include "core/models/RunListModel.h"
#include "core/session/ProjectSession.h"
#include "ui/CacheLayersPanel.h"
#include "ui/dag/StageDagScene.h"
#include "ui/dag/StageDagView.h"
#include "ui/ExplainPanel.h"
#include "ui/LogView.h"
#include "ui/MainWindow.h"
#include "ui/RegistryCachePanel.h"
#include "ui/RunsPanel.h"
#include "ui/ScriptsPanel.h"

#include <cerrno>
#include <csignal>
#include <QAbstractButton>
#include <QAction>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Cachelab;

namespace {

constexpr int kBuildTimeoutMs = 15 * 60 * 1000; // a cold build on two loaded cores

// What a user saw while a run went on.
struct LiveObservation
{
    bool headerSaidRunning = false;
    bool logGrewWhileRunning = false;
    bool aStepLookedRunning = false;
    int updates = 0;
    qint64 processGroup = 0;
};

// Processes on this machine whose command line contains `needle` (containers' too:
// they are processes of this kernel).
QStringList processesWith(const QByteArray &needle)
{
    QStringList found;
    const QDir proc(QStringLiteral("/proc"));
    for (const QString &pid : proc.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        if (pid.toLongLong() == 0 || pid.toLongLong() == QCoreApplication::applicationPid())
            continue;
        QFile file(proc.filePath(pid + QStringLiteral("/cmdline")));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        QByteArray cmdline = file.readAll();
        cmdline.replace('\0', ' ');
        if (cmdline.contains(needle))
            found.append(pid + QLatin1Char(' ') + QString::fromUtf8(cmdline));
    }
    return found;
}

bool processGroupExists(qint64 group)
{
    return ::kill(pid_t(-group), 0) == 0 || errno != ESRCH;
}

} // namespace

class TestGuiScripts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("CACHELAB_REGISTRY"))
            QSKIP("no private engine: run through tests/engine/test-gui-scripts.sh");
        m_work = qEnvironmentVariable("CACHELAB_TEST_WORK", QDir::tempPath());
        // The scripts get their flags from the window's Settings only: docker build
        // needs --network=host here, buildctl does not know the flag.
        m_dockerBuildFlags = qEnvironmentVariable("CACHELAB_BUILD_FLAGS");
        qunsetenv("CACHELAB_BUILD_FLAGS");
        QStandardPaths::setTestModeEnabled(true);
        m_store = m_work + QStringLiteral("/runs");
        m_project = m_work + QStringLiteral("/moby-cache");
        QCOMPARE(QProcess::execute(
                     QStringLiteral("cp"),
                     { QStringLiteral("-a"), DataLocations::bundledProjectDir(), m_project }),
                 0);
    }

    // docker build with the engine's own BuildKit; then the scenario's edit and a rebuild
    // on the warm engine, where only build-public 4/8 to 8/8 run again.
    void buildWithDockerRunsLive()
    {
        useRepository(QStringLiteral("gui-docker"), m_dockerBuildFlags);
        MainWindow window(m_store);
        window.show();
        QVERIFY(window.openProject(m_project));

        LiveObservation live;
        const RunResult cold = runFromPanel(window, QStringLiteral("build-with-docker.sh"), &live);
        QVERIFY2(cold.succeeded(), qPrintable(cold.message + logTail(window)));
        checkLive(live);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(state(window, "build-public", 4), StepState::Ran);
        QCOMPARE(state(window, "website-ssr", 3), StepState::Ran);
        QCOMPARE(state(window, "build-php", 3), StepState::NotNeeded);
        QVERIFY2(window.cacheLayersPanel()->titleA().contains(QLatin1String("inline")),
                 qPrintable(window.cacheLayersPanel()->titleA()));

        QVERIFY(window.session()->appendLine(QStringLiteral("assets/js/file1.js"),
                                             QStringLiteral("// edited by the GUI test")));
        const RunResult warm = runFromPanel(window, QStringLiteral("build-with-docker.sh"), &live);
        QVERIFY2(warm.succeeded(), qPrintable(warm.message + logTail(window)));
        const RunListModel::Entry *entry = window.session()->runs()->entry(0);
        QCOMPARE(entry->stored.changedFiles, QStringList { QStringLiteral("assets/js/file1.js") });
        QVERIFY(entry->stored.environment.contains(QStringLiteral("DOCKER_REPO=")
                                                   + repository(QStringLiteral("gui-docker"))));
        for (int i = 4; i <= 8; ++i)
            QCOMPARE(state(window, "build-public", i), StepState::Ran);
        QCOMPARE(state(window, "build-public", 3), StepState::Cached);
        QCOMPARE(state(window, "build-node-modules", 6), StepState::Cached);
        QCOMPARE(state(window, "build-assets-less", 4), StepState::Cached);
    }

    // The report's scripts with BuildKit's own tools: build.sh's `mod=max` exports 3
    // layers, buildx's `mode=max` 16; both runs side by side in the layer lists.
    void buildShAndBuildxSideBySide()
    {
        MainWindow window(m_store);
        window.show();
        QVERIFY(window.openProject(m_project));

        useRepository(QStringLiteral("gui-buildctl"));
        LiveObservation live;
        const RunResult buildctl = runFromPanel(window, QStringLiteral("build.sh"), &live);
        QVERIFY2(buildctl.succeeded(), qPrintable(buildctl.message + logTail(window)));
        checkLive(live);
        if (QTest::currentTestFailed())
            return;
        const QString buildctlId = window.session()->runs()->entry(0)->stored.id;
        QCOMPARE(window.session()->runs()->entry(0)->run.cacheExport().layers.size(), 3);

        useRepository(QStringLiteral("gui-buildx"));
        const RunResult buildx
            = runFromPanel(window, QStringLiteral("build-with-buildx.sh"), &live);
        QVERIFY2(buildx.succeeded(), qPrintable(buildx.message + logTail(window)));
        checkLive(live);
        if (QTest::currentTestFailed())
            return;
        const QString buildxId = window.session()->runs()->entry(0)->stored.id;
        // mode=max: every step's layers (16 written; steps that make byte-identical layers
        // share a blob, so 12 to 16 distinct ones), against min mode's 3.
        const qsizetype maxLayers
            = window.session()->runs()->entry(0)->run.cacheExport().layers.size();
        QVERIFY2(maxLayers >= 12 && maxLayers <= 16, QByteArray::number(maxLayers));
        QVERIFY(
            window.session()->runs()->entry(0)->run.builder.contains(QLatin1String("cachelab")));

        window.runsPanel()->selectPair(buildctlId, buildxId);
        QVERIFY2(window.cacheLayersPanel()->titleA().contains(QLatin1String("3 layer(s)")),
                 qPrintable(window.cacheLayersPanel()->titleA()));
        QVERIFY2(window.cacheLayersPanel()->titleB().contains(
                     QStringLiteral("%1 layer(s)").arg(maxLayers)),
                 qPrintable(window.cacheLayersPanel()->titleB()));
        // Read back from the registry in the Registry cache tab: min mode against max.
        RegistryCachePanel *registry = window.registryCachePanel();
        for (const auto &[id, mode] : { std::pair { buildctlId, QStringLiteral("mode min") },
                                        std::pair { buildxId, QStringLiteral("mode max") } }) {
            window.runsPanel()->selectRun(id);
            QVERIFY(registry->ref().contains(QLatin1String("/test:cache")));
            QSignalSpy inspected(registry, &RegistryCachePanel::inspected);
            registry->inspect();
            QVERIFY(inspected.wait(60000));
            QVERIFY2(registry->statusText().contains(mode), qPrintable(registry->statusText()));
            // Kept with the run that wrote it, for a bundle to carry.
            QVERIFY(!window.session()->runs()->entryById(id)->stored.cacheConfigFile.isEmpty());
        }
        window.runsPanel()->selectPair(buildctlId, buildxId);
        // Each names the ref it imported from: the repository of its own settings.
        QVERIFY(window.cacheLayersPanel()->titleA().contains(
            repository(QStringLiteral("gui-buildctl"))));
        QVERIFY(
            window.cacheLayersPanel()->titleB().contains(repository(QStringLiteral("gui-buildx"))));
    }

    // #1515 live: after the edit, build.sh (min mode cache) runs the intermediate stages
    // again; buildx (mode=max cache, builder pruned) loads them from the registry.
    void theRebuildsOf1515()
    {
        MainWindow window(m_store);
        window.show();
        QVERIFY(window.openProject(m_project));
        QVERIFY(window.session()->appendLine(QStringLiteral("assets/js/file1.js"),
                                             QStringLiteral("// edited again by the GUI test")));

        useRepository(QStringLiteral("gui-buildctl"));
        LiveObservation live;
        const RunResult buildctl = runFromPanel(window, QStringLiteral("build.sh"), &live);
        QVERIFY2(buildctl.succeeded(), qPrintable(buildctl.message + logTail(window)));
        QCOMPARE(window.session()->runs()->entry(0)->stored.changedFiles,
                 QStringList { QStringLiteral("assets/js/file1.js") });
        // The symptom: nothing of these changed, yet they ran again.
        QCOMPARE(state(window, "build-node-modules", 6), StepState::Ran);
        QCOMPARE(state(window, "build-assets-less", 4), StepState::Ran);
        QCOMPARE(state(window, "build-public", 4), StepState::Ran);
        // Explained against build.sh's previous run: unexpected, and why.
        QVERIFY2(window.explainPanel()->unexpectedCount() >= 6,
                 qPrintable(window.explainPanel()->summary()));
        QVERIFY2(window.explainPanel()->summary().contains(QLatin1String("min-mode")),
                 qPrintable(window.explainPanel()->summary()));
        QVERIFY(window.dagView()->dagScene()->isUnexpected(StepRef { 1, 6 }));
        QVERIFY(!window.dagView()->dagScene()->isUnexpected(StepRef { 3, 4 }));

        QCOMPARE(QProcess::execute(
                     QStringLiteral("docker"),
                     { QStringLiteral("buildx"), QStringLiteral("prune"), QStringLiteral("-af") }),
                 0);
        useRepository(QStringLiteral("gui-buildx"));
        const RunResult buildx
            = runFromPanel(window, QStringLiteral("build-with-buildx.sh"), &live);
        QVERIFY2(buildx.succeeded(), qPrintable(buildx.message + logTail(window)));
        QCOMPARE(state(window, "build-node-modules", 6), StepState::Loaded);
        QCOMPARE(state(window, "build-assets-less", 4), StepState::Loaded);
        QCOMPARE(state(window, "build-public", 3), StepState::Loaded);
        for (int i = 4; i <= 8; ++i)
            QCOMPARE(state(window, "build-public", i), StepState::Ran);
    }

    // The real #1515 runs above, bundled by `cachelab bundle create --project` as a user
    // would, read back by `bundle info` and reopened: the same counts, layers and
    // predecessors, and Explain's verdicts and causes unchanged, run by run.
    void bundleRoundTripOfTheRealRuns()
    {
        ProjectSession live(m_store);
        QString error;
        QVERIFY2(live.open(m_project, &error), qPrintable(error));
        const int count = live.runs()->rowCount();
        QVERIFY2(count >= 5, qPrintable(QString::number(count)));
        const QString file = m_work + QStringLiteral("/real-1515.cachelab");
        // Unpacked bundles go to the cache folder: this test's own, left with its work folder.
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("XDG_CACHE_HOME"), m_work + QStringLiteral("/cache"));
        QProcess create;
        create.setProcessEnvironment(environment);
        create.start(QStringLiteral(CACHELAB_EXECUTABLE),
                     { QStringLiteral("bundle"), QStringLiteral("create"), QStringLiteral("--project"),
                       m_project, QStringLiteral("--store"), m_store, QStringLiteral("--out"), file });
        QVERIFY(create.waitForFinished(60000));
        QVERIFY2(create.exitCode() == 0, create.readAllStandardError().constData());

        QProcess info;
        info.setProcessEnvironment(environment);
        info.start(QStringLiteral(CACHELAB_EXECUTABLE),
                   { QStringLiteral("bundle"), QStringLiteral("info"), QStringLiteral("--format"),
                     QStringLiteral("json"), file });
        QVERIFY(info.waitForFinished(60000));
        QVERIFY2(info.exitCode() == 0, info.readAllStandardError().constData());
        const QJsonArray runs = QJsonDocument::fromJson(info.readAllStandardOutput())
                                    .object()
                                    .value(QStringLiteral("runs"))
                                    .toArray();
        QCOMPARE(runs.size(), count);
        // The caches read back in the Registry cache tab travel with their runs.
        int withCache = 0;
        for (const QJsonValue &value : runs)
            withCache += value.toObject().value(QStringLiteral("cacheConfig")).toBool() ? 1 : 0;
        QVERIFY2(withCache >= 2, qPrintable(QString::number(withCache)));
        for (const QJsonValue &value : runs) {
            const QJsonObject run = value.toObject();
            const QString id = run.value(QStringLiteral("id")).toString();
            const RunListModel::Entry *entry = live.runs()->entryById(id);
            QVERIFY2(entry, qPrintable(id));
            QCOMPARE(run.value(QStringLiteral("ran")).toInt(), entry->summary.ran);
            QCOMPARE(run.value(QStringLiteral("cached")).toInt(), entry->summary.cached);
            QCOMPARE(run.value(QStringLiteral("loaded")).toInt(), entry->summary.loaded);
            QCOMPARE(run.value(QStringLiteral("exportedLayers")).toInt(), entry->summary.exportedLayers);
            QCOMPARE(run.value(QStringLiteral("previous")).toString(), live.predecessorOf(id));
            QCOMPARE(run.value(QStringLiteral("outcome")).toString(),
                     RunResult::endingName(entry->stored.result.ending));
        }

        QTemporaryDir unpack;
        const auto bundle = Bundle::open(file, unpack.path(), &error);
        QVERIFY2(bundle, qPrintable(error));
        ProjectSession reopened(unpack.path() + QStringLiteral("/store"));
        QVERIFY2(reopened.openBundle(*bundle, &error), qPrintable(error));
        int explained = 0;
        bool minMode = false;
        for (int row = 0; row < count; ++row) {
            const QString id = live.runs()->entry(row)->stored.id;
            const auto a = live.explain(id);
            const auto b = reopened.explain(id);
            QCOMPARE(bool(a), bool(b));
            if (!a)
                continue;
            ++explained;
            minMode = minMode || a->cause == RebuildExplanation::Cause::MinMode;
            QCOMPARE(b->cause, a->cause);
            QCOMPARE(b->changedFiles, a->changedFiles);
            QCOMPARE(b->steps.size(), a->steps.size());
            for (int i = 0; i < a->steps.size(); ++i)
                QCOMPARE(b->steps.at(i).verdict, a->steps.at(i).verdict);
        }
        QVERIFY(explained >= count - 1);

        // `cachelab explain --bundle` (the last run against the run it follows) says what
        // the live project says of its newest run.
        QProcess explainBundle;
        explainBundle.setProcessEnvironment(environment);
        explainBundle.start(QStringLiteral(CACHELAB_EXECUTABLE),
                            { QStringLiteral("explain"), QStringLiteral("--format"),
                              QStringLiteral("json"), QStringLiteral("--bundle"), file });
        QVERIFY(explainBundle.waitForFinished(60000));
        QVERIFY2(explainBundle.exitCode() == 0, explainBundle.readAllStandardError().constData());
        const QJsonObject cli = QJsonDocument::fromJson(explainBundle.readAllStandardOutput()).object();
        const auto newest = live.explain(live.runs()->entry(0)->stored.id);
        QVERIFY(newest);
        QCOMPARE(cli.value(QStringLiteral("cause")).toString(),
                 newest->cause == RebuildExplanation::Cause::None
                     ? QString()
                     : RebuildExplanation::causeName(newest->cause));
        const QJsonArray steps = cli.value(QStringLiteral("steps")).toArray();
        QCOMPARE(steps.size(), newest->steps.size());
        for (int i = 0; i < steps.size(); ++i)
            QCOMPARE(steps.at(i).toObject().value(QStringLiteral("verdict")).toString(),
                     ExplainedStep::verdictName(newest->steps.at(i).verdict));
        QVERIFY2(minMode, "build.sh's rebuild is explained as min mode, live and bundled");
    }

    // Cancel in the middle of a RUN step: the script, the docker client and the step's
    // process in the build container all end, and the run says it was canceled.
    void cancelLeavesNoProcess()
    {
        const QString project = m_work + QStringLiteral("/slow");
        QVERIFY(QDir().mkpath(project));
        writeFile(project + QStringLiteral("/Dockerfile"),
                  "FROM alpine\nRUN echo cachelab-cancel-start && sleep 317 && echo never\n");
        // The script waits for docker (no exec): the process group holds both.
        writeFile(project + QStringLiteral("/slow-build.sh"),
                  "#!/bin/sh\nDOCKER_BUILDKIT=1 docker build --progress=plain --no-cache "
                  "$CACHELAB_BUILD_FLAGS .\necho \"docker build exited $?\"\n",
                  true);
        useRepository(QStringLiteral("gui-slow"), m_dockerBuildFlags);
        MainWindow window(m_store);
        window.show();
        QVERIFY(window.openProject(project));
        QSignalSpy finished(window.session(), &ProjectSession::runFinished);
        window.scriptsPanel()->runButton(QStringLiteral("slow-build.sh"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->runner()->processGroup() > 1, 5000);
        const qint64 group = window.session()->runner()->processGroup();
        QTRY_VERIFY_WITH_TIMEOUT(
            window.logPane()->text().contains(QLatin1String("cachelab-cancel-start")),
            kBuildTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!processesWith("sleep 317").isEmpty(), 30000);
        QCOMPARE(state(window, "stage-0", 2), StepState::Running);

        QAction *cancel = window.cancelAction();
        QVERIFY(cancel->isEnabled());
        cancel->trigger();
        QVERIFY(finished.wait(30000));
        const auto result = finished.constFirst().at(1).value<RunResult>();
        QCOMPARE(result.ending, RunResult::Ending::Canceled);
        QVERIFY2(result.message.contains(QLatin1String("Canceled")), qPrintable(result.message));
        QVERIFY(!window.session()->isRunning());
        QVERIFY(!cancel->isEnabled());
        QVERIFY(window.scriptsPanel()->runButton(QStringLiteral("slow-build.sh"))->isEnabled());
        QVERIFY2(!processGroupExists(group), "a process of the canceled run's group is left");
        // The engine ends the step's process when its client goes: no orphan in a container.
        QTRY_VERIFY2_WITH_TIMEOUT(processesWith("sleep 317").isEmpty(),
                                  qPrintable(processesWith("sleep 317").join(QLatin1Char('\n'))),
                                  60000);
        QCOMPARE(window.session()->runs()->entry(0)->stored.result.ending,
                 RunResult::Ending::Canceled);
    }

private:
    static QString repository(const QString &name)
    {
        return qEnvironmentVariable("CACHELAB_REGISTRY") + QLatin1Char('/') + name;
    }

    // What the Settings dialog saves: the scripts get it as their environment.
    static void useRepository(const QString &name, const QString &buildFlags = {})
    {
        QSettings settings;
        settings.setValue(QStringLiteral("run/dockerRepo"), repository(name));
        settings.setValue(QStringLiteral("run/buildFlags"), buildFlags);
        settings.setValue(QStringLiteral("run/dockerRunFlags"),
                          qEnvironmentVariable("CACHELAB_DOCKER_RUN_FLAGS"));
    }

    static void writeFile(const QString &path, const QByteArray &content, bool executable = false)
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
        file.close();
        if (executable)
            file.setPermissions(file.permissions() | QFile::ExeOwner);
    }

    static StepState state(const MainWindow &window, const char *stageName, int number)
    {
        const StageDagScene *scene = window.dagView()->dagScene();
        const auto &stages = scene->dockerfile()->stages();
        for (int i = 0; i < stages.size(); ++i) {
            if (stages.at(i).name == QLatin1String(stageName))
                return scene->stepState(StepRef { i, number });
        }
        return StepState::NoRun;
    }

    static QString logTail(const MainWindow &window)
    {
        const QStringList lines = window.logPane()->text().split(QLatin1Char('\n'));
        return QStringLiteral("\n--- last lines of the log ---\n")
            + lines.mid(std::max<qsizetype>(0, lines.size() - 30)).join(QLatin1Char('\n'));
    }

    // Clicks the script's Run button and waits for the end, noting what the window showed.
    // Debian's docker-registry (distribution 2.8) sometimes refuses one of two concurrent
    // uploads of the same blob (the image push and the cache export of buildctl) with
    // "provided digest did not match uploaded content": that run is repeated once, and
    // the test says so.
    RunResult runFromPanel(MainWindow &window, const QString &script, LiveObservation *live)
    {
        const RunResult result = runOnce(window, script, live);
        if (result.succeeded()
            || !window.logPane()->text().contains(
                QLatin1String("provided digest did not match uploaded content")))
            return result;
        qWarning("%s: the registry refused a concurrent blob upload; running it once more",
                 qPrintable(script));
        return runOnce(window, script, live);
    }

    RunResult runOnce(MainWindow &window, const QString &script, LiveObservation *live)
    {
        *live = {};
        QSignalSpy finished(window.session(), &ProjectSession::runFinished);
        const auto connection
            = connect(window.session(), &ProjectSession::runUpdated, this, [&window, live] {
                  ++live->updates;
                  live->processGroup = window.session()->runner()->processGroup();
                  if (window.runHeaderText().startsWith(QLatin1String("Running ")))
                      live->headerSaidRunning = true;
                  if (!window.logPane()->text().isEmpty())
                      live->logGrewWhileRunning = true;
                  const StageDagScene *scene = window.dagView()->dagScene();
                  for (const StepRef &step : scene->steps()) {
                      if (scene->stepState(step) == StepState::Running)
                          live->aStepLookedRunning = true;
                  }
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
            finished.wait(30000);
            RunResult hung;
            hung.message = script + QStringLiteral(" did not finish in time");
            return hung;
        }
        return finished.constFirst().at(1).value<RunResult>();
    }

    static void checkLive(const LiveObservation &live)
    {
        const QByteArray seen = QStringLiteral("%1 updates, header running %2, log %3, a step "
                                               "running %4, group %5")
                                    .arg(live.updates)
                                    .arg(live.headerSaidRunning)
                                    .arg(live.logGrewWhileRunning)
                                    .arg(live.aStepLookedRunning)
                                    .arg(live.processGroup)
                                    .toUtf8();
        QVERIFY2(live.updates >= 2, seen); // it came in pieces and was shown as it came
        QVERIFY2(live.headerSaidRunning, seen);
        QVERIFY2(live.logGrewWhileRunning, seen);
        QVERIFY2(live.aStepLookedRunning, seen);
        QVERIFY2(live.processGroup > 1, seen);
    }

    QString m_work;
    QString m_dockerBuildFlags;
    QString m_store;
    QString m_project;
};

QTEST_MAIN(TestGuiScripts)
#include "tst_gui_scripts.moc"
