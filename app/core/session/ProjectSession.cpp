// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/session/ProjectSession.h"

#include "core/lab/Lab.h"
#include "core/lab/LabEngine.h"
#include "core/Logging.h"

#include "core/dockerfile/DockerfileParser.h"
#include "core/explain/RebuildExplainer.h"
#include "core/explain/RebuildPredictor.h"
#include "core/lab/LabRegistry.h"
#include "core/lint/CacheFlagLint.h"
#include "core/models/StepComparisonModel.h"
#include "core/progress/ProgressStreamParser.h"
#include "core/runner/ScriptOutput.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace Cachelab {

namespace {

// Why a record with the same cache key was not there, from what the rebuild explanation
// worked out of the pair's flags and exports.
XrayCause::Missing missingReason(RebuildExplanation::Cause cause)
{
    switch (cause) {
    case RebuildExplanation::Cause::MinMode:
        return XrayCause::Missing::MinModeExport;
    case RebuildExplanation::Cause::InlineCache:
        return XrayCause::Missing::InlineCache;
    case RebuildExplanation::Cause::ImportFailed:
        return XrayCause::Missing::ImportFailed;
    case RebuildExplanation::Cause::RecordMissing:
        return XrayCause::Missing::NotImported;
    case RebuildExplanation::Cause::None:
    case RebuildExplanation::Cause::LocalCacheEmpty:
    case RebuildExplanation::Cause::NoImport:
    case RebuildExplanation::Cause::RefMismatch:
    case RebuildExplanation::Cause::Unknown:
        break;
    }
    return XrayCause::Missing::Unknown;
}

// The Dockerfile's content names its version: runs keep their analyses while it stays.
QByteArray versionOf(const QString &dockerfilePath)
{
    QFile file(dockerfilePath);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(dockerfilePath.toUtf8());
    if (file.open(QIODevice::ReadOnly))
        hash.addData(&file);
    return hash.result();
}
} // namespace

ProjectSession::ProjectSession(const QString &storeRoot, QObject *parent)
    : QObject(parent)
    , m_store(storeRoot)
    , m_runs(new RunListModel(this))
    , m_runner(new ScriptRunner(this))
    , m_liveUpdate(new QTimer(this))
    , m_replayProgram(QCoreApplication::applicationFilePath())
{
    m_liveUpdate->setSingleShot(true);
    m_liveUpdate->setInterval(LiveUpdateIntervalMs);
    connect(m_liveUpdate, &QTimer::timeout, this, &ProjectSession::publishLiveUpdate);
    connect(m_runner, &ScriptRunner::runUpdated, this, [this] {
        if (m_live && !m_liveUpdate->isActive())
            m_liveUpdate->start();
    });
    connect(m_runner, &ScriptRunner::finished, this, &ProjectSession::onRunnerFinished);
}

bool ProjectSession::open(const QString &directory, QString *error)
{
    return openFolder(directory, std::nullopt, error);
}

bool ProjectSession::openBundle(const Bundle &bundle, QString *error)
{
    return openFolder(bundle.projectDir(), bundle, error);
}

bool ProjectSession::openFolder(const QString &directory, const std::optional<Bundle> &bundle,
                                QString *error)
{
    if (isRunning()) {
        if (error)
            *error = tr("a run is going on; cancel it first");
        return false;
    }
    const ProjectFolder project = ProjectFolder::open(directory, error);
    if (!project.isValid())
        return false;
    m_project = project;
    m_replays.clear();
    m_bundle = bundle;
    m_bundleRuns = bundle ? bundle->runs() : QList<StoredRun>();
    m_bundlePrevious = bundle ? bundle->predecessors() : QHash<QString, QString>();
    DockerfileError parseError;
    m_dockerfile = DockerfileParser::parseFile(project.dockerfilePath(), {}, &parseError);
    m_dockerfileVersion = versionOf(project.dockerfilePath());
    // A Dockerfile that does not parse still leaves the project usable: runs and logs
    // show, only the stage graph cannot.
    m_dockerfileError = m_dockerfile ? QString() : parseError.toString();
    lintScripts();
    reload();
    Q_EMIT projectOpened();
    return true;
}

BundleSource ProjectSession::bundleSource(const QStringList &ids) const
{
    BundleSource source;
    source.projectName = m_project.name();
    source.title = m_bundle ? m_bundle->title() : m_project.name();
    source.dockerfile = m_project.dockerfilePath();
    const QString ignore = QDir(m_project.absolutePath()).filePath(QStringLiteral(".dockerignore"));
    if (QFileInfo::exists(ignore))
        source.dockerignore = ignore;
    for (const ProjectScript &script : m_project.scripts())
        source.scripts.append(script.absolutePath);
    // The runs asked for and the runs they follow: Explain needs both.
    QStringList wanted;
    for (int row = 0; row < m_runs->rowCount(); ++row) {
        const RunListModel::Entry *entry = m_runs->peekEntry(row); // metadata is enough here
        if (entry->live || !entry->stored.error.isEmpty())
            continue;
        if (!ids.isEmpty() && !ids.contains(entry->stored.id))
            continue;
        wanted.append(entry->stored.id);
        const QString previous = predecessorOf(entry->stored.id);
        if (!previous.isEmpty())
            source.previous.insert(entry->stored.id, previous);
    }
    for (const QString &previous : std::as_const(source.previous)) {
        if (!wanted.contains(previous))
            wanted.append(previous);
    }
    // Oldest first: the model is newest first.
    for (int row = m_runs->rowCount() - 1; row >= 0; --row) {
        if (!wanted.contains(m_runs->peekEntry(row)->stored.id))
            continue;
        const RunListModel::Entry *entry = m_runs->entry(row); // its log read
        source.runs.append(entry->stored);
        if (!entry->stored.cacheManifestFile.isEmpty())
            source.cache.insert(entry->stored.id,
                                { entry->stored.cacheManifestFile, entry->stored.cacheConfigFile });
    }
    // A predecessor's own predecessor stays out unless asked for.
    for (auto it = source.previous.begin(); it != source.previous.end();) {
        if (wanted.contains(it.value()))
            ++it;
        else
            it = source.previous.erase(it);
    }
    for (const QString &id : ids) {
        if (wanted.contains(id))
            source.selection.append(id);
    }
    return source;
}

void ProjectSession::lintScripts()
{
    m_scriptLint.clear();
    m_explanations.clear(); // the scripts' cache flags are evidence
    const Dockerfile *dockerfile = m_dockerfile ? &*m_dockerfile : nullptr;
    for (const ProjectScript &script : m_project.scripts()) {
        QFile file(script.absolutePath);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QString text = QString::fromUtf8(file.readAll());
        const QString name = QDir(m_project.absolutePath()).relativeFilePath(script.absolutePath);
        m_scriptLint.insert(
            script.absolutePath,
            { CacheFlagLint::flagsIn(text, name), CacheFlagLint::lint(text, name, dockerfile) });
    }
}

QList<LintFinding> ProjectSession::scriptFindings(const QString &scriptPath) const
{
    return m_scriptLint.value(scriptPath).findings;
}

void ProjectSession::reload()
{
    QList<StoredRun> all = m_bundle ? m_bundleRuns : m_store.list(m_project.absolutePath());
    all += m_replays;
    m_runs->setDockerfile(m_dockerfile, m_dockerfileVersion);
    m_runs->setRuns(all);
}

bool ProjectSession::startScript(const QString &scriptPath,
                                 const QMap<QString, QString> &environment)
{
    RunRequest request;
    request.projectDir = m_project.absolutePath();
    request.script = scriptPath;
    // The lab's engine and registry where the settings name none (core/lab/Lab.h).
    request.environment
        = Lab::scriptEnvironment(m_labRoot, m_project.name(), scriptPath, environment);
    return startRequest(request, StoredRun::Origin::Script);
}

bool ProjectSession::startReplay(const QString &logPath, double speed)
{
    RunRequest request;
    request.projectDir = m_project.absolutePath();
    request.script = m_replayProgram;
    request.arguments
        = { QStringLiteral("replay"), logPath, QStringLiteral("--speed"), QString::number(speed) };
    request.label = tr("replay of %1").arg(QFileInfo(logPath).fileName());
    return startRequest(request, StoredRun::Origin::Demo);
}

bool ProjectSession::startRequest(const RunRequest &request, StoredRun::Origin origin)
{
    if (!isOpen() || isRunning())
        return false;
    if (isReadOnly() && origin == StoredRun::Origin::Script)
        return false; // a bundle's scripts are evidence, not something to run here
    StoredRun live;
    live.origin = origin;
    live.projectDir = m_project.absolutePath();
    live.dockerfile = m_project.dockerfilePath();
    live.script = request.script;
    live.label = request.label.isEmpty() ? QFileInfo(request.script).fileName() : request.label;
    live.result.started = QDateTime::currentDateTime();
    live.result.ending = RunResult::Ending::NotStarted;
    live.result.message = tr("running");
    live.id = RunStore::newRunId(live.result.started);
    // What changed since the previous run: Explain compares rebuilds with it.
    live.context = ContextSnapshot::take(m_project.absolutePath());
    if (const auto previous = isReadOnly() ? std::nullopt : m_store.latest(m_project.absolutePath()))
        live.changedFiles = live.context.changedSince(previous->context);
    m_live = live;

    const bool started = m_runner->start(request);
    m_live->commandLine = m_runner->commandLine();
    m_live->environment = m_runner->environmentForDisplay();
    m_runs->upsert(*m_live, BuildRun(), started);
    Q_EMIT runStarted(m_live->id);
    return started;
}

void ProjectSession::cancel()
{
    m_runner->cancel();
}

void ProjectSession::publishLiveUpdate()
{
    if (!m_live)
        return;
    m_runs->updateSummary(m_live->id, m_runs->summaryOf(m_runner->run()));
    Q_EMIT runUpdated(m_live->id);
}

void ProjectSession::onRunnerFinished(const RunResult &result)
{
    m_liveUpdate->stop();
    if (!m_live)
        return;
    StoredRun finished = *m_live;
    m_live.reset();
    finished.result = result;
    finished.log = m_runner->log();
    // A failed script says why in its own output: the first error line goes with the
    // run's message, for the header, the run list and `cachelab run`.
    if (result.ending == RunResult::Ending::Failed || result.ending == RunResult::Ending::Crashed) {
        const QString why = ScriptOutput::firstErrorLine(finished.log);
        if (!why.isEmpty())
            finished.result.message = tr("%1: %2").arg(result.message, why);
    }
    lintScripts(); // the user may have edited a script meanwhile
    // A replay is a demo: shown, not kept in the project's history.
    if (finished.origin == StoredRun::Origin::Demo) {
        m_replays.append(finished);
    } else {
        QString error;
        if (!m_store.save(finished, &error))
            finished.error = error;
    }
    m_runs->upsert(finished, m_runner->run());
    // A run through the lab's builder: its cache keys' inputs, read now (the store
    // accumulates; the X-ray compares what it held after each run).
    const QString address = LabEngine(m_labRoot).cacheDebugAddress();
    if (finished.origin == StoredRun::Origin::Script && finished.error.isEmpty() && !address.isEmpty()
        && m_runner->run().builder.contains(QStringLiteral("\"%1\"").arg(LabEngine::builderName()))) {
        keepCacheDebug(finished, m_runner->run(), address);
        return;
    }
    Q_EMIT runFinished(finished.id, finished.result);
}

void ProjectSession::keepCacheDebug(const StoredRun &finished, const BuildRun &run, const QString &address)
{
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    QNetworkRequest request(QUrl(QStringLiteral("http://%1/debug/cache/store").arg(address)));
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(15000);
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, stored = StoredRun(finished), run]() mutable {
        reply->deleteLater();
        const QByteArray body = reply->readAll();
        QString error;
        if (reply->error() != QNetworkReply::NoError)
            qCWarning(lcCore, "cache debug data not read: %s", qPrintable(reply->errorString()));
        else if (!m_store.saveCacheDebug(stored, body, &error))
            qCWarning(lcCore, "cache debug data not kept: %s", qPrintable(error));
        else if (m_runs->entryById(stored.id))
            m_runs->upsert(stored, run);
        m_cacheDebug.remove(stored.id);
        m_xrays.clear();
        Q_EMIT runFinished(stored.id, stored.result);
    });
}

namespace {
// Lines [first, last) of a log, from 1; last 0: to the end.
QByteArray linesOf(const QByteArray &log, qint64 first, qint64 last)
{
    qsizetype begin = 0;
    for (qint64 line = 1; line < first && begin >= 0; ++line) {
        begin = log.indexOf('\n', begin);
        begin = begin < 0 ? -1 : begin + 1;
    }
    if (begin < 0)
        return {};
    qsizetype end = begin;
    for (qint64 line = first; last > 0 && line < last && end >= 0; ++line) {
        end = log.indexOf('\n', end);
        end = end < 0 ? -1 : end + 1;
    }
    return log.mid(begin, last > 0 && end >= 0 ? end - begin : -1);
}

// What names one build of several in a log: the image it was tagged or pushed as, else the
// stage of its last step (the target).
QString buildName(const BuildRun &run)
{
    if (const QStringList images = run.imageNames(); !images.isEmpty())
        return images.constFirst();
    const QList<const BuildVertex *> steps = run.stepVertices();
    return steps.isEmpty() ? QString() : steps.constLast()->step().stage;
}
} // namespace

bool ProjectSession::importLog(const QString &path, QString *error, QStringList *ids)
{
    if (isReadOnly()) {
        if (error)
            *error = tr("a bundle is read-only; open a project to import logs into");
        return false;
    }
    if (DockerBuildFile::looksLike(path)) {
        QString fileError;
        if (std::optional<QList<HistoryBuild>> builds = DockerBuildFile::read(path, &fileError)) {
            for (const HistoryBuild &build : std::as_const(*builds)) {
                const QString id = importBuild(build, path, error);
                if (id.isEmpty())
                    return false;
                if (ids)
                    ids->append(id);
            }
            return true;
        }
        if (path.endsWith(QLatin1String(".dockerbuild"), Qt::CaseInsensitive)) {
            if (error)
                *error = fileError;
            return false;
        }
    }
    QString parseError;
    auto runs = ProgressStreamParser::readFileRuns(path, &parseError);
    if (!runs) {
        if (error)
            *error = parseError;
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    const QByteArray log = file.readAll();
    // Streams that build nothing (buildx's "booting buildkit") go with the build after them.
    QList<BuildRun> builds;
    qint64 pendingFirstLine = 0;
    for (BuildRun &run : *runs) {
        const bool buildsSomething = !run.stepVertices().isEmpty() || !run.errors.isEmpty();
        if (!buildsSomething && &run != &runs->last()) {
            if (pendingFirstLine == 0)
                pendingFirstLine = run.firstLine;
            continue;
        }
        if (pendingFirstLine > 0)
            run.firstLine = std::exchange(pendingFirstLine, 0);
        builds.append(std::move(run));
    }
    const QDateTime modified = QFileInfo(path).lastModified();
    for (int i = 0; i < builds.size(); ++i) {
        const BuildRun &run = builds.at(i);
        StoredRun imported;
        imported.origin = StoredRun::Origin::Imported;
        imported.projectDir = m_project.absolutePath();
        imported.dockerfile = m_project.dockerfilePath();
        imported.label = QFileInfo(path).fileName();
        imported.commandLine = tr("imported from %1").arg(QFileInfo(path).absoluteFilePath());
        imported.log = builds.size() == 1
            ? log
            : linesOf(log, i == 0 ? 1 : run.firstLine, i + 1 < builds.size() ? builds.at(i + 1).firstLine : 0);
        if (builds.size() > 1) {
            const QString name = buildName(run);
            imported.label += name.isEmpty()
                ? tr(" (build %1 of %2)").arg(i + 1).arg(builds.size())
                : tr(" (build %1 of %2: %3)").arg(i + 1).arg(builds.size()).arg(name);
        }
        // The wrapper's time of the build's first step where it has one; else the file's
        // time, a millisecond per build, so that the builds keep their order.
        imported.result.started = modified.addMSecs(i);
        for (const BuildVertex &vertex : run.vertices) {
            if (vertex.started.isValid()) {
                imported.result.started = vertex.started;
                break;
            }
        }
        imported.result.finished = imported.result.started;
        imported.result.ending
            = run.failed() ? RunResult::Ending::Failed : RunResult::Ending::Succeeded;
        imported.result.message = tr("imported log");
        if (!m_store.save(imported, error))
            return false;
        // The run as the store reads it back: from its own part of the log.
        std::optional<BuildRun> stored
            = ProgressStreamParser::parseLog(imported.log, imported.label, nullptr);
        m_runs->upsert(imported, stored ? *stored : run);
        if (ids)
            ids->append(imported.id);
    }
    return true;
}

QString ProjectSession::importBuild(const HistoryBuild &build, const QString &from, QString *error)
{
    if (isReadOnly()) {
        if (error)
            *error = tr("a bundle is read-only; open a project to import builds into");
        return {};
    }
    for (int row = 0; row < m_runs->rowCount(); ++row) {
        const StoredRun &stored = m_runs->peekEntry(row)->stored;
        if (stored.history && stored.history->id() == build.record.id())
            return stored.id;
    }
    std::optional<BuildRun> run = ProgressStreamParser::parseLog(
        build.log, build.record.id(), error);
    if (!run)
        return {};
    StoredRun imported;
    imported.origin = StoredRun::Origin::BuilderHistory;
    imported.projectDir = m_project.absolutePath();
    imported.dockerfile = m_project.dockerfilePath();
    imported.history = build.record.redacted();
    const QString name = build.record.name.isEmpty() ? build.record.id() : build.record.name;
    imported.label = from.isEmpty() ? tr("%1 (builder history)").arg(name)
                                    : tr("%1 (%2)").arg(name, QFileInfo(from).fileName());
    imported.commandLine = from.isEmpty()
        ? tr("imported from builder history: %1").arg(build.record.ref)
        : tr("imported from %1: build %2").arg(QFileInfo(from).absoluteFilePath(), build.record.id());
    for (const auto &[argName, value] : std::as_const(imported.history->buildArgs))
        imported.environment.append(QStringLiteral("--build-arg %1=%2").arg(argName, value));
    imported.log = build.log;
    imported.result.started = build.record.createdAt;
    imported.result.finished = build.record.completedAt;
    switch (build.record.status) {
    case HistoryRecord::Status::Completed:
        imported.result.ending = run->failed() ? RunResult::Ending::Failed : RunResult::Ending::Succeeded;
        break;
    case HistoryRecord::Status::Failed:
        imported.result.ending = RunResult::Ending::Failed;
        break;
    case HistoryRecord::Status::Canceled:
    case HistoryRecord::Status::Running: // a build still going, imported as far as it went
        imported.result.ending = RunResult::Ending::Canceled;
        break;
    }
    imported.result.message = build.record.error.isEmpty() ? tr("builder history")
                                                           : imported.history->error;
    if (!m_store.save(imported, error))
        return {};
    m_runs->upsert(imported, *run);
    return imported.id;
}

QString ProjectSession::xrayProblem(const QString &afterId, const QString &beforeId) const
{
    if (!m_dockerfile)
        return tr("the Dockerfile cannot be parsed");
    const RunListModel::Entry *after = m_runs->entryById(afterId);
    const RunListModel::Entry *before = m_runs->entryById(beforeId.isEmpty() ? predecessorOf(afterId) : beforeId);
    if (!after || !before)
        return tr("there is no earlier run to compare with");
    for (const RunListModel::Entry *entry : { after, before }) {
        if (entry->stored.cacheDebugFile.isEmpty())
            return tr("run %1 (%2) has no cache debug data: the X-ray needs runs through the lab's builder "
                      "(cachelab lab up or Set Up Lab…, then a buildx script); build.sh's own buildkitd ends "
                      "with its container and keeps none")
                .arg(entry->stored.id, entry->stored.label);
    }
    return {};
}

std::shared_ptr<const CacheKeyXray> ProjectSession::xrayOf(const QString &afterId, const QString &beforeId,
                                                          const StepRef &step, const XrayStep **found,
                                                          QString *unavailable) const
{
    const auto fail = [unavailable](const QString &why) {
        if (unavailable)
            *unavailable = why;
        return std::shared_ptr<const CacheKeyXray>();
    };
    if (const QString problem = xrayProblem(afterId, beforeId); !problem.isEmpty())
        return fail(problem);
    const RunListModel::Entry *after = m_runs->entryById(afterId);
    const RunListModel::Entry *before = m_runs->entryById(beforeId.isEmpty() ? predecessorOf(afterId) : beforeId);
    const auto data = [this](const RunListModel::Entry *entry) -> std::shared_ptr<const CacheDebugData> {
        if (const auto it = m_cacheDebug.constFind(entry->stored.id); it != m_cacheDebug.constEnd())
            return *it;
        QFile file(entry->stored.cacheDebugFile);
        std::shared_ptr<const CacheDebugData> read;
        if (!entry->stored.cacheDebugFile.isEmpty() && file.open(QIODevice::ReadOnly)) {
            if (auto parsed = CacheDebugData::fromStoreJson(file.readAll(), nullptr))
                read = std::make_shared<const CacheDebugData>(std::move(*parsed));
        }
        m_cacheDebug.insert(entry->stored.id, read);
        return read;
    };
    // One X-ray per pair of runs and Dockerfile version: Explain asks it for every step
    // that ran, and it remembers the records' identities and steps between the asks.
    const QString key = after->stored.id + QLatin1Char('|') + before->stored.id + QLatin1Char('|')
        + QString::fromLatin1(m_dockerfileVersion);
    auto pair = m_xrays.constFind(key);
    if (pair == m_xrays.constEnd()) {
        XrayPair made;
        made.after = data(after);
        made.before = data(before);
        if (!made.after || !made.before)
            return fail(tr("the cache debug data kept with run %1 cannot be read")
                            .arg(!made.after ? afterId : before->stored.id));
        made.steps = XrayStep::of(*m_dockerfile);
        made.xray = std::make_shared<const CacheKeyXray>(*made.before, *made.after, made.steps);
        pair = m_xrays.insert(key, made);
    }
    const auto it = std::find_if(pair->steps.begin(), pair->steps.end(),
                                 [&step](const XrayStep &s) { return s.ref == step; });
    if (it == pair->steps.end())
        return fail(tr("the step is not one the target builds"));
    *found = &*it;
    return pair->xray;
}

QList<XrayCause> ProjectSession::xray(const QString &afterId, const QString &beforeId, const StepRef &step,
                                      QString *unavailable) const
{
    QList<XrayCause> causes = plainXray(afterId, beforeId, step, unavailable);
    if (!causes.isEmpty() && causes.constLast().kind == XrayCause::Kind::SameKey) {
        // The same key, and no record: the pair's rebuild explanation (cache flags, the
        // export's layer count) tells why the record was not there.
        if (const std::optional<RebuildExplanation> explanation = explain(afterId, beforeId))
            causes.last().missing = missingReason(explanation->cause);
    }
    return causes;
}

QList<XrayCause> ProjectSession::plainXray(const QString &afterId, const QString &beforeId, const StepRef &step,
                                           QString *unavailable) const
{
    const XrayStep *found = nullptr;
    const std::shared_ptr<const CacheKeyXray> made = xrayOf(afterId, beforeId, step, &found, unavailable);
    return made ? made->explain(*found) : QList<XrayCause>();
}

QList<XrayInput> ProjectSession::xrayInputs(const QString &afterId, const QString &beforeId, const StepRef &step,
                                            QString *unavailable) const
{
    const XrayStep *found = nullptr;
    const std::shared_ptr<const CacheKeyXray> made = xrayOf(afterId, beforeId, step, &found, unavailable);
    if (!made)
        return {};
    const QList<XrayInput> rows = made->inputs(*found);
    if (rows.isEmpty() && unavailable)
        *unavailable = tr("one of the runs' cache debug data holds no record of this step");
    return rows;
}

QString ProjectSession::predecessorOf(const QString &id) const
{
    const RunListModel::Entry *entry = m_runs->peekEntry(m_runs->rowOf(id));
    if (!entry)
        return {};
    if (m_bundle)
        return m_bundlePrevious.value(id);
    // The list is newest first. The previous run of the same script first: in the #1515
    // scenario each script imports the cache its own previous run exported. Else the
    // previous run of any script.
    QString anyScript;
    for (int row = m_runs->rowOf(id) + 1; row < m_runs->rowCount(); ++row) {
        const RunListModel::Entry *older = m_runs->peekEntry(row); // its metadata is enough
        if (older->stored.origin == StoredRun::Origin::Demo || !older->stored.error.isEmpty())
            continue;
        if (older->stored.script == entry->stored.script)
            return older->stored.id;
        if (anyScript.isEmpty())
            anyScript = older->stored.id;
    }
    return anyScript;
}

std::optional<RebuildExplanation> ProjectSession::explain(const QString &afterId,
                                                          const QString &beforeId) const
{
    const RunListModel::Entry *after = m_runs->entryById(afterId);
    if (!after || !m_dockerfile)
        return std::nullopt;
    const RunListModel::Entry *before
        = m_runs->entryById(beforeId.isEmpty() ? predecessorOf(afterId) : beforeId);
    // A run against its predecessor is worked out once: every view and the report share it.
    // The key holds both runs' analyses, so a run that ends or a new Dockerfile version
    // is explained afresh.
    const QString key = afterId + QLatin1Char('|') + (before ? before->stored.id : QString());
    const auto cached = m_explanations.constFind(key);
    if (cached != m_explanations.constEnd() && cached->after == after->analysis
        && cached->before == (before ? before->analysis : RunAnalysisPtr()) && after->analysis)
        return cached->explanation;

    // The scripts that made the runs: their cache flags are evidence (a replay's program,
    // or a script since removed, has none).
    QList<CacheFlag> flags;
    QList<LintFinding> findings;
    QStringList scripts;
    for (const RunListModel::Entry *entry : { before, after }) {
        const QString script = entry ? entry->stored.script : QString();
        if (script.isEmpty() || scripts.contains(script) || !m_scriptLint.contains(script))
            continue;
        scripts.append(script);
        flags += m_scriptLint.value(script).flags;
        findings += m_scriptLint.value(script).findings;
    }
    const QStringList changed = after->stored.changedFiles;
    const DockerIgnore ignore = DockerIgnore::fromFile(
        QDir(m_project.absolutePath()).filePath(QStringLiteral(".dockerignore")));
    RebuildExplanation explanation
        = RebuildExplainer(*m_dockerfile)
              .explain(before ? &before->run : nullptr, after->run,
                       RebuildPredictor(*m_dockerfile, ignore).predict(changed), changed, flags,
                       findings, after->analysis.get());
    explanation.after = after->stored.label;
    explanation.before = before ? before->stored.label : QString();
    // The X-ray of every step that ran, where both runs kept their cache debug data;
    // else why not, said once for the pair.
    if (before) {
        explanation.xrayProblem = xrayProblem(afterId, before->stored.id);
        if (explanation.xrayProblem.isEmpty()) {
            for (ExplainedStep &step : explanation.steps) {
                // A FROM only resolves its image: its key is not the story.
                if (step.observed == VertexOutcome::Ran && !step.instruction.startsWith(QLatin1String("FROM ")))
                    step.xray = plainXray(afterId, before->stored.id, step.step, nullptr);
                if (!step.xray.isEmpty() && step.xray.constLast().kind == XrayCause::Kind::SameKey)
                    step.xray.last().missing = missingReason(explanation.cause);
            }
        }
    }
    ++m_explanationsComputed;
    m_explanations.insert(key, { after->analysis, before ? before->analysis : RunAnalysisPtr(),
                                 explanation });
    return explanation;
}

QString ProjectSession::keepCacheRead(const QString &ref, const QByteArray &manifest,
                                     const QByteArray &config, QString *error)
{
    if (isReadOnly()) {
        if (error)
            *error = tr("a bundle is read-only");
        return {};
    }
    // The cache as it stands after the newest run that imported this ref: the #1515
    // scripts export to the ref they import, so that is the run that wrote it.
    for (int row = 0; row < m_runs->rowCount(); ++row) {
        const RunListModel::Entry *entry = m_runs->entry(row);
        if (entry->live || !entry->stored.error.isEmpty()
            || entry->stored.origin != StoredRun::Origin::Script
            || !entry->run.cacheImports().contains(ref))
            continue;
        StoredRun stored = entry->stored;
        if (!m_store.saveCacheRead(stored, manifest, config, error))
            return {};
        m_runs->updateStored(stored);
        return stored.id;
    }
    if (error)
        *error = tr("no run of this project imported %1").arg(ref);
    return {};
}

QString ProjectSession::editScenario(QString *error)
{
    const QString file = m_project.scenarioFile();
    if (file.isEmpty()) {
        if (error)
            *error = tr("the project defines no scenario edit (%1)")
                         .arg(ProjectFolder::settingsFileName());
        return {};
    }
    const QString line = QStringLiteral("// edited by Cachelab at %1")
                             .arg(QDateTime::currentDateTime().toString(Qt::ISODate));
    return appendLine(file, line, error) ? file : QString();
}

IssueReport ProjectSession::issueReport(const QStringList &shownIds) const
{
    IssueReport report;
    const QStringList sides { QStringLiteral("A"), QStringLiteral("B") };
    QStringList labels;
    const RunListModel::Entry *shown[2] = { nullptr, nullptr };
    for (int i = 0; i < shownIds.size() && i < 2; ++i) {
        const RunListModel::Entry *entry = m_runs->entryById(shownIds.at(i));
        if (!entry)
            continue;
        shown[i] = entry;
        labels.append(entry->stored.label);
        report.runs.append({ sides.at(i), entry->stored.label, entry->stored.commandLine,
                             entry->stored.result.message.isEmpty()
                                 ? RunResult::endingName(entry->stored.result.ending)
                                 : entry->stored.result.message,
                             entry->summary });
        if (const auto explanation = explain(entry->stored.id)) {
            report.explanations.append(*explanation);
            report.addFindings(explanation->findings);
        }
    }
    if (m_dockerfile && !labels.isEmpty()) {
        StepComparisonModel table;
        table.setDockerfile(m_dockerfile);
        table.setRuns(shown[0] ? &shown[0]->run : nullptr, shown[1] ? &shown[1]->run : nullptr,
                      shown[0] ? shown[0]->analysis.get() : nullptr,
                      shown[1] ? shown[1]->analysis.get() : nullptr);
        report.stepTable = table.toMarkdown(labels.value(0), labels.value(1));
    }
    return report;
}

bool ProjectSession::appendLine(const QString &relativePath, const QString &line, QString *error)
{
    if (isReadOnly()) {
        if (error)
            *error = tr("a bundle is read-only");
        return false;
    }
    QFile file(QDir(m_project.absolutePath()).filePath(relativePath));
    if (!file.exists() || !file.open(QIODevice::Append)) {
        if (error)
            *error
                = tr("cannot edit %1: %2")
                      .arg(relativePath, file.exists() ? file.errorString() : tr("no such file"));
        return false;
    }
    file.write((line + QLatin1Char('\n')).toUtf8());
    return true;
}

} // namespace Cachelab
