// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/bundle/Bundle.h"
#include "core/dockerfile/Dockerfile.h"
#include "core/explain/RebuildExplanation.h"
#include "core/lab/LabRegistry.h"
#include "core/report/IssueReport.h"
#include "core/lint/CacheFlagLint.h"
#include "core/cachekey/CacheKeyXray.h"
#include "core/history/DockerBuildFile.h"
#include "core/models/RunListModel.h"
#include "core/ProjectFolder.h"
#include "core/runner/ScriptRunner.h"
#include "core/store/RunStore.h"

#include <optional>
#include <QHash>
#include <QObject>

class QTimer;

class QNetworkAccessManager;

namespace Cachelab {

// One open project and everything done with it: its parsed Dockerfile, its run history
// (on disk and in a model), the script run going on, imported logs and the demo
// recordings. No widgets: the window shows it, tests drive it headless.
class ProjectSession : public QObject
{
    Q_OBJECT
public:
    explicit ProjectSession(const QString &storeRoot, QObject *parent = nullptr);

    bool open(const QString &directory, QString *error = nullptr);
    // A bundle's project and runs, read-only: its scripts are shown and linted, not run,
    // and nothing is stored. The runs follow one another as the bundle says.
    bool openBundle(const Bundle &bundle, QString *error = nullptr);
    bool isOpen() const { return m_project.isValid(); }
    // A bundle is open (the demo is one): no script runs, no edits, no run store.
    bool isReadOnly() const { return m_bundle.has_value(); }
    const std::optional<Bundle> &bundle() const { return m_bundle; }
    // What File → Export Bundle writes: the runs `ids` (all when empty) with the runs they
    // follow, oldest first, the project's Dockerfile, .dockerignore and scripts.
    BundleSource bundleSource(const QStringList &ids = {}) const;
    const ProjectFolder &project() const { return m_project; }
    const std::optional<Dockerfile> &dockerfile() const { return m_dockerfile; }
    QString dockerfileError() const { return m_dockerfileError; } // "Dockerfile:12: …"

    RunListModel *runs() const { return m_runs; }
    ScriptRunner *runner() const { return m_runner; }
    RunStore &store() { return m_store; }

    // Runs a project script with the given extra environment (DOCKER_REPO, …). Records
    // the context files changed since the project's previous run first.
    bool startScript(const QString &scriptPath, const QMap<QString, QString> &environment = {});
    // Streams a recorded log through the same runner, via `cachelab replay`.
    bool startReplay(const QString &logPath, double speed);
    void setReplayProgram(const QString &path) { m_replayProgram = path; }
    // Where the lab keeps its state (LabRegistry): the scripts get its registry as
    // DOCKER_REPO when nothing else names one.
    void setLabRoot(const QString &root) { m_labRoot = root; }
    void cancel();
    bool isRunning() const { return m_runner->isRunning(); }
    QString liveRunId() const { return m_live ? m_live->id : QString(); }
    // The live run as parsed so far (valid while isRunning() and until the next start).
    const BuildRun &liveRun() const { return m_runner->run(); }

    // A frame budget of a few frames: a log arriving at 100k lines/s is parsed as it
    // comes, but the graph, tables and counts are redrawn at this pace.
    static constexpr int LiveUpdateIntervalMs = 50;

    // A BuildKit log from elsewhere, kept as runs of this project: one per build it holds
    // (a CI job's log may hold several; buildx's "booting buildkit" stream, which builds
    // nothing, goes with the build after it), each with its own part of the log. A
    // `.dockerbuild` file gives one run per build record (importBuild). *ids: the new runs,
    // oldest first.
    bool importLog(const QString &path, QString *error = nullptr, QStringList *ids = nullptr);
    // A build a buildx builder remembers (BuilderHistory) or one of a .dockerbuild file
    // (`from`: the file's path; empty: the builder), kept as a run: its log is the build's
    // rawjson, its record (build arguments, target, cache imports) kept with it. A record
    // imported before is not imported again: its run's id is returned. Empty and *error
    // when it cannot be kept.
    QString importBuild(const HistoryBuild &build, const QString &from, QString *error = nullptr);
    // The cache flag findings of a project script (by absolute path), as CacheFlagLint
    // reports them with the script's path relative to the project. Read when the project
    // opens and after each run (a script may have been edited).
    QList<LintFinding> scriptFindings(const QString &scriptPath) const;

    // The cache-key X-ray of `step` in run `afterId` against run `beforeId` (empty: the run
    // it follows), from the cache debug data kept with both (docs/cache-debug.md): the
    // causes, outermost first; or, when a run has no such data, why not and how to get it
    // (in *unavailable). Each run's data is read once.
    QList<XrayCause> xray(const QString &afterId, const QString &beforeId, const StepRef &step,
                          QString *unavailable) const;
    // Why the X-ray of `afterId` against `beforeId` (empty: the run it follows) cannot be
    // made — a run without cache debug data, and how to get it — or empty when it can.
    QString xrayProblem(const QString &afterId, const QString &beforeId = {}) const;
    // The inputs of the step's cache key in both runs, side by side (CacheKeyXray::inputs);
    // empty, and why in *unavailable, when there is no X-ray.
    QList<XrayInput> xrayInputs(const QString &afterId, const QString &beforeId, const StepRef &step,
                                QString *unavailable) const;

    // The run whose cache `id` should have used: the project's previous run of the same
    // script (in a bundle, the run the bundle names). Empty when there is none.
    QString predecessorOf(const QString &id) const;
    // Expected against observed rebuilds of run `afterId`, after `beforeId` (default: its
    // predecessor), from the context files recorded as changed in between and the cache
    // flags of the scripts that made the two runs. nullopt without a parsed Dockerfile
    // or such a run.
    std::optional<RebuildExplanation> explain(const QString &afterId,
                                              const QString &beforeId = {}) const;
    // How many explanations explain() has worked out (each pair of runs once, until a
    // run, a script or the Dockerfile changes).
    int explanationsComputed() const { return m_explanationsComputed; }

    // A cache read back from the registry (Registry cache tab), kept with the newest run
    // of the project that imported `ref`, so that a bundle carries it. That run's id, or
    // empty and *error.
    QString keepCacheRead(const QString &ref, const QByteArray &manifest, const QByteArray &config,
                          QString *error = nullptr);

    // The GitHub issue report of the runs `shownIds` (A, then B): their commands and
    // counts, each explained against its predecessor, the cache flag findings once, the
    // step table. The caller adds the tools' versions and the graph's picture.
    IssueReport issueReport(const QStringList &shownIds) const;

    // The project's scenario edit (ProjectFolder::scenarioFile()): a line appended to that
    // file, as the #1515 recipe does between two builds. The file's path, or empty and
    // *error (no scenario, a bundle, a file that cannot be written).
    QString editScenario(QString *error = nullptr);

    // The scenario's edit: append a line to a context file (as the #1515 recipe does).
    bool appendLine(const QString &relativePath, const QString &line, QString *error = nullptr);

Q_SIGNALS:
    void projectOpened();
    void runStarted(const QString &id);
    // A live run changed: at most every LiveUpdateIntervalMs, however fast output comes.
    void runUpdated(const QString &id);
    void runFinished(const QString &id, const Cachelab::RunResult &result);

private:
    bool openFolder(const QString &directory, const std::optional<Bundle> &bundle, QString *error);
    bool startRequest(const RunRequest &request, StoredRun::Origin origin);
    void onRunnerFinished(const RunResult &result);
    void keepCacheDebug(const StoredRun &finished, const BuildRun &run, const QString &address);
    void publishLiveUpdate();
    void reload();
    void lintScripts();

    RunStore m_store;
    ProjectFolder m_project;
    std::optional<Dockerfile> m_dockerfile;
    QString m_dockerfileError;
    QByteArray m_dockerfileVersion;
    RunListModel *m_runs;
    ScriptRunner *m_runner;
    QTimer *m_liveUpdate;
    std::optional<StoredRun> m_live;
    QList<StoredRun> m_replays; // replays of recordings: shown, never stored
    std::optional<Bundle> m_bundle;
    QList<StoredRun> m_bundleRuns;
    QHash<QString, QString> m_bundlePrevious; // run id -> the id it follows
    QString m_replayProgram;
    QString m_labRoot = LabRegistry::defaultRoot();
    QNetworkAccessManager *m_network = nullptr; // for the lab builder's cache debug data
    mutable QHash<QString, std::shared_ptr<const CacheDebugData>> m_cacheDebug; // by run id
    // The pair's X-ray and the step's entry in it, or null and why not.
    std::shared_ptr<const CacheKeyXray> xrayOf(const QString &afterId, const QString &beforeId, const StepRef &step,
                                               const XrayStep **found, QString *unavailable) const;
    // xray() without the explanation of a same key's missing record (explain() uses it).
    QList<XrayCause> plainXray(const QString &afterId, const QString &beforeId, const StepRef &step,
                               QString *unavailable) const;
    struct XrayPair
    {
        std::shared_ptr<const CacheDebugData> before; // what the X-ray's references point at
        std::shared_ptr<const CacheDebugData> after;
        QList<XrayStep> steps;
        std::shared_ptr<const CacheKeyXray> xray;
    };
    mutable QHash<QString, XrayPair> m_xrays; // by "after|before|Dockerfile version"
    struct ScriptLint
    {
        QList<CacheFlag> flags;
        QList<LintFinding> findings;
    };
    QHash<QString, ScriptLint> m_scriptLint; // by absolute path
    struct CachedExplanation
    {
        RunAnalysisPtr after;
        RunAnalysisPtr before;
        RebuildExplanation explanation;
    };
    mutable QHash<QString, CachedExplanation> m_explanations; // "after|before"
    mutable int m_explanationsComputed = 0;
};

} // namespace Cachelab
