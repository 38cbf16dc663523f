// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cli/BundleCommand.h"

#include "core/bundle/Bundle.h"
#include "core/dockerfile/DockerfileParser.h"
#include "core/models/RunSummary.h"
#include "core/progress/ProgressStreamParser.h"
#include "core/ProjectFolder.h"
#include "core/session/ProjectSession.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

namespace Cachelab {

namespace {

StoredRun runFromLog(const QString &path, QString *error)
{
    StoredRun run;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        run.error = QStringLiteral("%1: %2").arg(path, file.errorString());
        *error = run.error;
        return run;
    }
    run.log = file.readAll();
    QString parseError;
    const auto parsed = ProgressStreamParser::parseLog(run.log, path, &parseError);
    if (!parsed) {
        run.error = parseError;
        *error = parseError;
        return run;
    }
    run.origin = StoredRun::Origin::Imported;
    run.label = QFileInfo(path).fileName();
    run.commandLine = QStringLiteral("imported from %1").arg(QFileInfo(path).fileName());
    run.result.ending = parsed->failed() ? RunResult::Ending::Failed : RunResult::Ending::Succeeded;
    run.result.message = QStringLiteral("imported log");
    run.result.started = QFileInfo(path).lastModified();
    run.result.finished = run.result.started;
    return run;
}

// Run ids for loose logs: their file names, made safe and unique.
QString idFor(const QString &path, const QStringList &taken)
{
    QString base = QFileInfo(path).fileName();
    for (QChar &c : base) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != QLatin1Char('.')
            && c != QLatin1Char('-') && c != QLatin1Char('_'))
            c = QLatin1Char('_');
    }
    if (base.isEmpty() || !base.at(0).isLetterOrNumber())
        base.prepend(QLatin1String("log"));
    base.truncate(180);
    QString id = base;
    for (int n = 2; taken.contains(id); ++n)
        id = base + QLatin1Char('-') + QString::number(n);
    return id;
}

bool sourceFromRecipe(const QString &recipePath, BundleSource *source, QString *error)
{
    QFile file(recipePath);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(recipePath, file.errorString());
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject()) {
        *error = QStringLiteral("%1: not JSON: %2").arg(recipePath, parseError.errorString());
        return false;
    }
    const QJsonObject recipe = document.object();
    const QDir base = QFileInfo(recipePath).absoluteDir();
    const ProjectFolder project
        = ProjectFolder::open(base.filePath(recipe.value(QStringLiteral("project")).toString()), error);
    if (!project.isValid())
        return false;
    source->title = recipe.value(QStringLiteral("title")).toString();
    source->projectName = project.name();
    source->dockerfile = project.dockerfilePath();
    const QString ignore = QDir(project.absolutePath()).filePath(QStringLiteral(".dockerignore"));
    if (QFileInfo::exists(ignore))
        source->dockerignore = ignore;
    for (const ProjectScript &script : project.scripts())
        source->scripts.append(script.absolutePath);
    const QJsonArray runs = recipe.value(QStringLiteral("runs")).toArray();
    for (const QJsonValue &value : runs) {
        const QJsonObject item = value.toObject();
        const QString log = base.filePath(item.value(QStringLiteral("log")).toString());
        StoredRun run = runFromLog(log, error);
        if (!run.error.isEmpty())
            return false;
        run.id = item.value(QStringLiteral("id")).toString();
        run.label = item.value(QStringLiteral("label")).toString(run.label);
        if (item.value(QStringLiteral("origin")).toString() == QLatin1String("demo"))
            run.origin = StoredRun::Origin::Demo;
        run.commandLine = QStringLiteral("recording %1").arg(QFileInfo(log).fileName());
        run.result.message = item.value(QStringLiteral("message")).toString(run.result.message);
        run.result.started = {};
        run.result.finished = {};
        const QString script = item.value(QStringLiteral("script")).toString();
        if (!script.isEmpty())
            run.script = QDir(project.absolutePath()).filePath(script);
        const QJsonArray changed = item.value(QStringLiteral("changed")).toArray();
        for (const QJsonValue &path : changed)
            run.changedFiles.append(path.toString());
        const QString previous = item.value(QStringLiteral("previous")).toString();
        if (!previous.isEmpty())
            source->previous.insert(run.id, previous);
        BundleSource::CacheFiles cache;
        if (item.contains(QStringLiteral("cacheManifest")))
            cache.manifest = base.filePath(item.value(QStringLiteral("cacheManifest")).toString());
        if (item.contains(QStringLiteral("cacheConfig")))
            cache.config = base.filePath(item.value(QStringLiteral("cacheConfig")).toString());
        if (!cache.manifest.isEmpty() || !cache.config.isEmpty())
            source->cache.insert(run.id, cache);
        source->runs.append(run);
    }
    const QJsonArray selection = recipe.value(QStringLiteral("selection")).toArray();
    for (const QJsonValue &id : selection)
        source->selection.append(id.toString());
    return true;
}

int create(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Write a .cachelab bundle."));
    parser.addHelpOption();
    const QCommandLineOption outOption(QStringLiteral("out"), QStringLiteral("The bundle to write."),
                                       QStringLiteral("file"));
    const QCommandLineOption projectOption(QStringLiteral("project"),
                                           QStringLiteral("A project folder: its stored runs."),
                                           QStringLiteral("dir"));
    const QCommandLineOption runOption(
        QStringLiteral("run"),
        QStringLiteral("With --project: a run to bundle, with the run it follows (repeatable; "
                       "default all)."),
        QStringLiteral("id"));
    const QCommandLineOption storeOption(QStringLiteral("store"),
                                         QStringLiteral("Where the runs are kept (default: the "
                                                        "user's data folder)."),
                                         QStringLiteral("dir"));
    const QCommandLineOption dockerfileOption(QStringLiteral("dockerfile"),
                                              QStringLiteral("The Dockerfile the logs built."),
                                              QStringLiteral("path"));
    const QCommandLineOption scriptOption(QStringLiteral("script"),
                                          QStringLiteral("A build script (repeatable)."),
                                          QStringLiteral("path"));
    const QCommandLineOption logOption(
        QStringLiteral("log"),
        QStringLiteral("A BuildKit log, oldest first; each follows the one before (repeatable)."),
        QStringLiteral("path"));
    const QCommandLineOption changedOption(
        QStringLiteral("changed"),
        QStringLiteral("A context file changed before the last log's run (repeatable)."),
        QStringLiteral("path"));
    const QCommandLineOption recipeOption(
        QStringLiteral("recipe"),
        QStringLiteral("A JSON recipe naming a project and its recordings (the demo's)."),
        QStringLiteral("file"));
    const QCommandLineOption titleOption(QStringLiteral("title"),
                                         QStringLiteral("What the window's title says."),
                                         QStringLiteral("text"));
    parser.addOptions({ outOption, projectOption, runOption, storeOption, dockerfileOption,
                        scriptOption, logOption, changedOption, recipeOption, titleOption });
    parser.addPositionalArgument(QStringLiteral("bundle create"), QStringLiteral("The verb."));
    if (!parser.parse(arguments)) {
        err << "cachelab bundle create: " << parser.errorText() << Qt::endl;
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    const int sources = int(parser.isSet(projectOption)) + int(parser.isSet(dockerfileOption))
        + int(parser.isSet(recipeOption));
    if (!parser.isSet(outOption) || sources != 1) {
        err << "cachelab bundle create: --out and one of --project, --dockerfile or --recipe are "
               "needed"
            << Qt::endl;
        return 2;
    }
    if (parser.isSet(dockerfileOption) && !parser.isSet(logOption)) {
        err << "cachelab bundle create: --dockerfile needs --log" << Qt::endl;
        return 2;
    }

    BundleSource source;
    QString error;
    if (parser.isSet(recipeOption)) {
        if (!sourceFromRecipe(parser.value(recipeOption), &source, &error)) {
            err << "cachelab bundle create: " << error << Qt::endl;
            return 1;
        }
    } else if (parser.isSet(projectOption)) {
        ProjectSession session(parser.isSet(storeOption) ? parser.value(storeOption)
                                                         : RunStore::defaultRoot());
        if (!session.open(parser.value(projectOption), &error)) {
            err << "cachelab bundle create: " << error << Qt::endl;
            return 1;
        }
        const QStringList ids = parser.values(runOption);
        for (const QString &id : ids) {
            if (!session.runs()->entryById(id)) {
                err << "cachelab bundle create: the project has no run " << id << Qt::endl;
                return 1;
            }
        }
        source = session.bundleSource(ids);
        if (source.runs.isEmpty()) {
            err << "cachelab bundle create: the project has no readable runs" << Qt::endl;
            return 1;
        }
    } else {
        source.dockerfile = QFileInfo(parser.value(dockerfileOption)).absoluteFilePath();
        source.projectName = QFileInfo(source.dockerfile).dir().dirName();
        const QString ignore = QFileInfo(source.dockerfile).dir().filePath(QStringLiteral(".dockerignore"));
        if (QFileInfo::exists(ignore))
            source.dockerignore = ignore;
        const QStringList scripts = parser.values(scriptOption);
        for (const QString &script : scripts)
            source.scripts.append(QFileInfo(script).absoluteFilePath());
        QStringList ids;
        const QStringList logs = parser.values(logOption);
        for (const QString &log : logs) {
            StoredRun run = runFromLog(log, &error);
            if (!run.error.isEmpty()) {
                err << "cachelab bundle create: " << error << Qt::endl;
                return 1;
            }
            run.id = idFor(log, ids);
            // One script made them all when one is named; with several, it is not known.
            if (source.scripts.size() == 1)
                run.script = source.scripts.constFirst();
            if (!ids.isEmpty())
                source.previous.insert(run.id, ids.constLast());
            ids.append(run.id);
            source.runs.append(run);
        }
        const QStringList changed = parser.values(changedOption);
        for (const QString &path : changed)
            source.runs.last().changedFiles.append(QDir::cleanPath(path));
    }
    if (parser.isSet(titleOption))
        source.title = parser.value(titleOption);
    if (!BundleWriter::write(source, parser.value(outOption), &error)) {
        err << "cachelab bundle create: " << error << Qt::endl;
        return 1;
    }
    out << parser.value(outOption) << ": " << source.runs.size() << " run(s)" << Qt::endl;
    return 0;
}

int info(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("What a .cachelab bundle holds."));
    parser.addHelpOption();
    const QCommandLineOption formatOption(QStringLiteral("format"), QStringLiteral("text or json."),
                                          QStringLiteral("format"), QStringLiteral("text"));
    parser.addOption(formatOption);
    parser.addPositionalArgument(QStringLiteral("bundle info"), QStringLiteral("The verb."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The bundle."));
    if (!parser.parse(arguments)) {
        err << "cachelab bundle info: " << parser.errorText() << Qt::endl;
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    const QString format = parser.value(formatOption);
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 3 || (format != QLatin1String("text") && format != QLatin1String("json"))) {
        err << "cachelab bundle info: one FILE and --format text or json (try 'cachelab bundle "
               "info --help')"
            << Qt::endl;
        return 2;
    }
    QString error;
    const std::optional<Bundle> bundle = Bundle::open(positional.at(2), Bundle::defaultUnpackRoot(), &error);
    if (!bundle) {
        err << "cachelab bundle info: " << error << Qt::endl;
        return 1;
    }
    DockerfileError dockerfileError;
    const std::optional<Dockerfile> dockerfile = DockerfileParser::parseFile(
        QDir(bundle->projectDir()).filePath(QStringLiteral("Dockerfile")), {}, &dockerfileError);
    const BundleManifest &manifest = bundle->manifest();
    const QList<StoredRun> runs = bundle->runs();
    int status = 0;
    QJsonArray runArray;
    QString text;
    QTextStream lines(&text);
    lines << "Bundle " << QFileInfo(bundle->file()).fileName() << ": " << bundle->title() << " ("
          << manifest.createdBy << ", format " << manifest.formatVersion << ")\n";
    lines << "Project " << manifest.projectName << ": " << manifest.projectFiles.join(QStringLiteral(", "))
          << "\n";
    if (!dockerfile)
        lines << "The Dockerfile does not parse: " << dockerfileError.toString() << "\n";
    lines << runs.size() << " run(s), oldest first:\n";
    for (int i = 0; i < runs.size(); ++i) {
        const StoredRun &run = runs.at(i);
        const BundleManifest::Run &entry = manifest.runs.at(i);
        QString parseError;
        std::optional<BuildRun> parsed;
        if (run.error.isEmpty())
            parsed = ProgressStreamParser::parseLog(run.log, entry.log, &parseError);
        const QString problem = !run.error.isEmpty() ? run.error : parseError;
        if (!parsed) {
            status = 1;
            err << "cachelab bundle info: " << QFileInfo(bundle->file()).fileName() << ": run "
                << run.id << ": " << problem << Qt::endl;
        }
        const RunSummary summary = parsed ? RunSummary::of(*parsed, dockerfile ? &*dockerfile : nullptr)
                                          : RunSummary();
        const QString script = entry.script.isEmpty() ? QStringLiteral("-")
                                                      : QFileInfo(entry.script).fileName();
        QJsonArray changed;
        QStringList changedPaths;
        for (const BundleManifest::ChangedFile &file : entry.changedFiles) {
            changed.append(QJsonObject { { QStringLiteral("path"), file.path },
                                         { QStringLiteral("sha256"), file.sha256 } });
            changedPaths.append(file.path);
        }
        QJsonObject runJson = summary.toJson();
        const QJsonObject facts {
            { QStringLiteral("id"), run.id },
            { QStringLiteral("label"), run.label },
            { QStringLiteral("script"), entry.script.isEmpty() ? QJsonValue() : QJsonValue(script) },
            { QStringLiteral("outcome"), entry.ending },
            { QStringLiteral("logFormat"), entry.logFormat },
            { QStringLiteral("changedFiles"), changed },
            { QStringLiteral("previous"), entry.previous.isEmpty() ? QJsonValue() : QJsonValue(entry.previous) },
            { QStringLiteral("cacheManifest"), !entry.cacheManifest.isEmpty() },
            { QStringLiteral("cacheConfig"), !entry.cacheConfig.isEmpty() },
            { QStringLiteral("error"), problem.isEmpty() ? QJsonValue() : QJsonValue(problem) },
        };
        for (auto it = facts.begin(); it != facts.end(); ++it)
            runJson.insert(it.key(), it.value());
        runArray.append(runJson);
        lines << "  " << run.id << "  " << script << "  " << entry.ending << "  " << summary.toText();
        if (!changedPaths.isEmpty())
            lines << "; changed " << changedPaths.join(QStringLiteral(", "));
        if (!entry.previous.isEmpty())
            lines << "; follows " << entry.previous;
        lines << "\n";
    }
    if (!manifest.findings.isEmpty()) {
        lines << "Cache flag findings:\n";
        for (const LintFinding &finding : manifest.findings)
            lines << "  " << finding.toText() << "\n";
    }
    lines.flush();
    if (format == QLatin1String("json")) {
        QJsonObject document = manifest.toJson();
        document.insert(QStringLiteral("runs"), runArray);
        document.insert(QStringLiteral("file"), bundle->file());
        out << QJsonDocument(document).toJson(QJsonDocument::Indented);
    } else {
        out << text;
    }
    return status;
}

} // namespace

int BundleCommand::run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    // arguments: program, "bundle", subverb, ...
    const QString sub = arguments.value(2);
    QStringList rest = arguments;
    if (sub == QLatin1String("create")) {
        rest.removeAt(1); // one positional verb left: "create"
        return create(rest, out, err);
    }
    if (sub == QLatin1String("info"))
        return info(arguments, out, err);
    err << "cachelab bundle: use 'cachelab bundle create …' or 'cachelab bundle info FILE'"
        << Qt::endl;
    return 2;
}

namespace {

// What a verb needs of a run taken from a bundle or a project: the files, as paths.
struct RunFiles
{
    QString dockerfile;
    QString context; // for .dockerignore
    QString beforeLog; // empty: the run follows none
    QString afterLog;
    QStringList changed;
    QStringList scripts;
    QStringList allLogs; // every run's log, oldest first (history)
    QString beforeCacheDebug; // the cache debug store kept with each run; empty: none
    QString afterCacheDebug;
};

bool fromBundle(const QString &file, const QString &runId, RunFiles *files, QString *error)
{
    const std::optional<Bundle> bundle = Bundle::open(file, Bundle::defaultUnpackRoot(), error);
    if (!bundle)
        return false;
    const BundleManifest &manifest = bundle->manifest();
    if (manifest.runs.isEmpty()) {
        *error = QStringLiteral("%1: holds no run").arg(QFileInfo(file).fileName());
        return false;
    }
    const BundleManifest::Run *after = runId.isEmpty() ? &manifest.runs.constLast() : manifest.run(runId);
    if (!after) {
        *error = QStringLiteral("%1: holds no run %2").arg(QFileInfo(file).fileName(), runId);
        return false;
    }
    const BundleManifest::Run *before = after->previous.isEmpty() ? nullptr : manifest.run(after->previous);
    files->dockerfile = bundle->memberPath(manifest.dockerfile);
    files->context = bundle->projectDir();
    files->beforeLog = before ? bundle->memberPath(before->log) : QString();
    files->afterLog = bundle->memberPath(after->log);
    files->beforeCacheDebug = before && !before->cacheDebug.isEmpty() ? bundle->memberPath(before->cacheDebug) : QString();
    files->afterCacheDebug = after->cacheDebug.isEmpty() ? QString() : bundle->memberPath(after->cacheDebug);
    for (const BundleManifest::ChangedFile &changed : after->changedFiles)
        files->changed.append(changed.path);
    for (const BundleManifest::Run *run : { before, after }) {
        if (run && !run->script.isEmpty() && !files->scripts.contains(bundle->memberPath(run->script)))
            files->scripts.append(bundle->memberPath(run->script));
    }
    for (const BundleManifest::Run &run : manifest.runs)
        files->allLogs.append(bundle->memberPath(run.log));
    return true;
}

bool fromProject(const QString &directory, const QString &runId, RunFiles *files, QString *error)
{
    ProjectSession session(RunStore::defaultRoot());
    if (!session.open(directory, error))
        return false;
    const RunListModel *runs = session.runs();
    const RunListModel::Entry *after = nullptr;
    for (int row = 0; row < runs->rowCount() && !after; ++row) { // newest first
        const RunListModel::Entry *entry = runs->entry(row);
        if (entry->stored.error.isEmpty() && (runId.isEmpty() || entry->stored.id == runId))
            after = entry;
    }
    if (!after) {
        *error = runId.isEmpty() ? QStringLiteral("%1 has no readable runs").arg(session.project().name())
                                 : QStringLiteral("%1 has no run %2").arg(session.project().name(), runId);
        return false;
    }
    const RunListModel::Entry *before = runs->entryById(session.predecessorOf(after->stored.id));
    files->dockerfile = session.project().dockerfilePath();
    files->context = session.project().absolutePath();
    files->beforeLog = before ? session.store().logPath(before->stored) : QString();
    files->afterLog = session.store().logPath(after->stored);
    files->beforeCacheDebug = before ? before->stored.cacheDebugFile : QString();
    files->afterCacheDebug = after->stored.cacheDebugFile;
    files->changed = after->stored.changedFiles;
    for (const RunListModel::Entry *entry : { before, after }) {
        if (entry && QFileInfo(entry->stored.script).isFile() && !files->scripts.contains(entry->stored.script))
            files->scripts.append(entry->stored.script);
    }
    for (int row = runs->rowCount() - 1; row >= 0; --row) {
        if (runs->entry(row)->stored.error.isEmpty())
            files->allLogs.append(session.store().logPath(runs->entry(row)->stored));
    }
    return true;
}

} // namespace

bool BundleArguments::expand(QStringList *arguments, QString *error, int *status)
{
    *status = 2;
    QString file;
    QString project;
    QString runId;
    QStringList kept;
    for (int i = 0; i < arguments->size(); ++i) {
        const QString &argument = arguments->at(i);
        auto take = [&](const QString &name, QString *value) {
            if (argument == name) {
                if (i + 1 >= arguments->size())
                    return false;
                *value = arguments->at(++i);
                return true;
            }
            if (argument.startsWith(name + QLatin1Char('='))) {
                *value = argument.mid(name.size() + 1);
                return true;
            }
            return false;
        };
        if (take(QStringLiteral("--bundle"), &file) || take(QStringLiteral("--project"), &project)
            || take(QStringLiteral("--run"), &runId))
            continue;
        kept.append(argument);
    }
    if (file.isEmpty() && project.isEmpty()) {
        if (!runId.isEmpty()) {
            *error = QStringLiteral("--run needs --bundle or --project");
            return false;
        }
        return true;
    }
    if (!file.isEmpty() && !project.isEmpty()) {
        *error = QStringLiteral("--bundle and --project each name the runs; give one");
        return false;
    }
    const QString given = file.isEmpty() ? QStringLiteral("--project") : QStringLiteral("--bundle");
    const QString verb = kept.value(1);
    for (const QString &clash : { QStringLiteral("--dockerfile"), QStringLiteral("--before"),
                                  QStringLiteral("--after"), QStringLiteral("--log"),
                                  QStringLiteral("--compare"), QStringLiteral("--changed"),
                                  QStringLiteral("--script") }) {
        for (const QString &argument : std::as_const(kept)) {
            if (argument == clash || argument.startsWith(clash + QLatin1Char('='))) {
                *error = QStringLiteral("%1 brings its own Dockerfile, logs and scripts; drop %2")
                             .arg(given, clash);
                return false;
            }
        }
    }
    static const QStringList verbs { QStringLiteral("analyze"), QStringLiteral("explain"),
                                     QStringLiteral("report"), QStringLiteral("render") };
    if (!verbs.contains(verb)) {
        *error = QStringLiteral("%1 is taken by analyze, explain, report and render").arg(given);
        return false;
    }
    *status = 1;
    RunFiles files;
    if (!(file.isEmpty() ? fromProject(project, runId, &files, error)
                         : fromBundle(file, runId, &files, error)))
        return false;
    QStringList added { QStringLiteral("--dockerfile"), files.dockerfile };
    if (verb == QLatin1String("explain") || verb == QLatin1String("report")) {
        if (!files.beforeLog.isEmpty())
            added << QStringLiteral("--before") << files.beforeLog;
        added << QStringLiteral("--after") << files.afterLog;
        for (const QString &changed : std::as_const(files.changed))
            added << QStringLiteral("--changed") << changed;
        for (const QString &script : std::as_const(files.scripts))
            added << QStringLiteral("--script") << script;
        if (verb == QLatin1String("explain") && !kept.contains(QStringLiteral("--context")))
            added << QStringLiteral("--context") << files.context;
        if (!files.beforeCacheDebug.isEmpty() && !files.afterCacheDebug.isEmpty())
            added << QStringLiteral("--before-cache-debug") << files.beforeCacheDebug
                  << QStringLiteral("--after-cache-debug") << files.afterCacheDebug;
    } else if (verb == QLatin1String("analyze")) {
        if (!files.beforeLog.isEmpty())
            added << files.beforeLog;
        added << files.afterLog;
    } else {
        const QString view = [&kept] {
            for (int i = 0; i < kept.size(); ++i) {
                if (kept.at(i) == QLatin1String("--view"))
                    return kept.value(i + 1);
                if (kept.at(i).startsWith(QLatin1String("--view=")))
                    return kept.at(i).mid(7);
            }
            return QStringLiteral("graph");
        }();
        if (view == QLatin1String("history")) {
            for (const QString &log : std::as_const(files.allLogs))
                added << QStringLiteral("--log") << log;
        } else if (view == QLatin1String("timeline") || files.beforeLog.isEmpty()) {
            added << QStringLiteral("--log") << files.afterLog;
        } else {
            added << QStringLiteral("--log") << files.beforeLog << QStringLiteral("--compare")
                  << files.afterLog;
        }
    }
    *arguments = kept + added;
    return true;
}

} // namespace Cachelab
