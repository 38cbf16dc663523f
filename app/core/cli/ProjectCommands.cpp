// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cli/ProjectCommands.h"

#include "core/AppSettings.h"
#include "core/cli/CommandLine.h"
#include "core/DataLocations.h"
#include "core/lab/LabEngine.h"
#include "core/lab/LabRegistry.h"
#include "core/session/ProjectSession.h"

#include <atomic>
#include <csignal>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QTimer>

namespace Cachelab {

namespace {

std::atomic<int> s_stopSignal { 0 };

extern "C" void onStopSignal(int signal)
{
    s_stopSignal = signal;
}

// The options every project verb takes; false after a usage error (said on err).
struct ProjectOptions
{
    QString project;
    QString format;
    QStringList positional;
};

bool parse(const QString &verb, const QString &description, const QStringList &arguments,
           const QString &positionalName, QTextStream &out, QTextStream &err,
           ProjectOptions *options, int *status)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    const QCommandLineOption projectOption(
        QStringLiteral("project"), QStringLiteral("The project folder (default: this folder)."),
        QStringLiteral("dir"), QDir::currentPath());
    const QCommandLineOption formatOption(QStringLiteral("format"), QStringLiteral("text or json."),
                                          QStringLiteral("format"), QStringLiteral("text"));
    const QCommandLineOption exampleOption(
        QStringLiteral("example"),
        QStringLiteral("The #1515 project's working copy in the data folder (as the window's "
                       "--example)."));
    parser.addOptions({ projectOption, formatOption, exampleOption });
    parser.addPositionalArgument(verb, QStringLiteral("The verb."));
    if (!positionalName.isEmpty())
        parser.addPositionalArgument(positionalName, QStringLiteral("A script of the project."));
    if (const std::optional<int> done = CommandLine::parse(parser, verb, arguments, out, err)) {
        *status = *done;
        return false;
    }
    options->project = parser.value(projectOption);
    if (parser.isSet(exampleOption)) {
        if (parser.isSet(projectOption)) {
            err << "cachelab " << verb << ": --example and --project name two projects" << Qt::endl;
            *status = 2;
            return false;
        }
        QString error;
        options->project = DataLocations::workingCopyOfBundledProject(&error);
        if (options->project.isEmpty()) {
            err << "cachelab " << verb << ": " << error << Qt::endl;
            *status = 1;
            return false;
        }
    }
    options->format = parser.value(formatOption);
    options->positional = parser.positionalArguments().mid(1);
    if (!CommandLine::isOneOf(verb, QStringLiteral("format"), options->format,
                              { QStringLiteral("text"), QStringLiteral("json") }, err)) {
        *status = 2;
        return false;
    }
    if (options->positional.size() != (positionalName.isEmpty() ? 0 : 1)) {
        err << "cachelab " << verb << ": "
            << (positionalName.isEmpty() ? "no arguments expected" : "one SCRIPT expected")
            << " (try 'cachelab " << verb << " --help')" << Qt::endl;
        *status = 2;
        return false;
    }
    return true;
}

QJsonObject runJson(const ProjectSession &session, const RunListModel::Entry &entry)
{
    QJsonObject run = entry.summary.toJson();
    const QJsonObject facts {
        { QStringLiteral("id"), entry.stored.id },
        { QStringLiteral("project"), entry.stored.projectDir },
        { QStringLiteral("script"), QFileInfo(entry.stored.script).fileName() },
        { QStringLiteral("label"), entry.stored.label },
        { QStringLiteral("outcome"), RunResult::endingName(entry.stored.result.ending) },
        { QStringLiteral("exitCode"), entry.stored.result.exitCode },
        { QStringLiteral("message"), entry.stored.result.message },
        { QStringLiteral("started"), entry.stored.result.started.toString(Qt::ISODateWithMs) },
        { QStringLiteral("finished"), entry.stored.result.finished.toString(Qt::ISODateWithMs) },
        { QStringLiteral("changedFiles"), QJsonArray::fromStringList(entry.stored.changedFiles) },
        { QStringLiteral("previous"), session.predecessorOf(entry.stored.id) },
        { QStringLiteral("error"), entry.stored.error },
    };
    for (auto it = facts.begin(); it != facts.end(); ++it)
        run.insert(it.key(), it.value());
    return run;
}

QString runLine(const ProjectSession &session, const RunListModel::Entry &entry)
{
    QString line = QStringLiteral("%1  %2  %3  %4")
                       .arg(entry.stored.id, entry.stored.label,
                            RunResult::endingName(entry.stored.result.ending), entry.summary.toText());
    if (!entry.stored.changedFiles.isEmpty())
        line += QStringLiteral("; changed %1").arg(entry.stored.changedFiles.join(QStringLiteral(", ")));
    if (const QString previous = session.predecessorOf(entry.stored.id); !previous.isEmpty())
        line += QStringLiteral("; follows %1").arg(previous);
    if (!entry.stored.error.isEmpty())
        line += QStringLiteral("; cannot be read: %1").arg(entry.stored.error);
    return line;
}

} // namespace

int ProjectCommands::run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    ProjectOptions options;
    int status = 0;
    if (!parse(QStringLiteral("run"),
               QStringLiteral("Run a project's build script as the window does, and keep the run."),
               arguments, QStringLiteral("SCRIPT"), out, err, &options, &status))
        return status;
    ProjectSession session(RunStore::defaultRoot());
    QString error;
    if (!session.open(options.project, &error)) {
        err << "cachelab run: " << error << Qt::endl;
        return 1;
    }
    const QString wanted = options.positional.constFirst();
    QString script;
    for (const ProjectScript &candidate : session.project().scripts()) {
        if (candidate.fileName == wanted || candidate.absolutePath == QFileInfo(wanted).absoluteFilePath())
            script = candidate.absolutePath;
    }
    if (script.isEmpty()) {
        QStringList names;
        for (const ProjectScript &candidate : session.project().scripts())
            names.append(candidate.fileName);
        err << "cachelab run: " << session.project().name() << " has no script " << wanted
            << " (it has: " << (names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", ")))
            << ")" << Qt::endl;
        return 2;
    }

    // The script's output as it comes, on stderr: stdout is for the summary.
    QTextStream progress(stderr);
    QObject::connect(session.runner(), &ScriptRunner::outputReceived, &session,
                     [&progress](const QByteArray &bytes) {
                         progress << QString::fromUtf8(bytes);
                         progress.flush();
                     });
    QEventLoop loop;
    QString finishedId;
    RunResult result;
    QObject::connect(&session, &ProjectSession::runFinished, &loop,
                     [&](const QString &id, const RunResult &ending) {
                         finishedId = id;
                         result = ending;
                         loop.quit();
                     });
    // Ctrl+C or a CI job's timeout: the script and everything it started end with it.
    s_stopSignal = 0;
    const auto previousInt = std::signal(SIGINT, onStopSignal);
    const auto previousTerm = std::signal(SIGTERM, onStopSignal);
    QTimer stopWatch;
    stopWatch.setInterval(100);
    QObject::connect(&stopWatch, &QTimer::timeout, &session, [&session] {
        if (s_stopSignal != 0 && session.isRunning() && !session.runner()->isCanceling())
            session.cancel();
    });
    stopWatch.start();
    if (!session.startScript(script, AppSettings().scriptEnvironment())) {
        // A script that cannot start ends like any other run, a moment later, saying why.
        QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    }
    if (finishedId.isEmpty())
        loop.exec();
    std::signal(SIGINT, previousInt);
    std::signal(SIGTERM, previousTerm);

    const RunListModel::Entry *entry = session.runs()->entryById(finishedId);
    if (!entry) {
        err << "cachelab run: " << QFileInfo(script).fileName() << " did not start" << Qt::endl;
        return 1;
    }
    if (result.ending == RunResult::Ending::NotStarted) {
        err << "cachelab run: " << result.message << Qt::endl;
        return 1;
    }
    if (options.format == QLatin1String("json")) {
        out << QJsonDocument(runJson(session, *entry)).toJson(QJsonDocument::Indented);
    } else {
        out << entry->stored.result.message << "\n" << runLine(session, *entry) << Qt::endl;
    }
    // A failure while a lab piece is missing: the way to set it up, as the window offers it.
    if (result.ending == RunResult::Ending::Failed) {
        const QString root = LabRegistry::defaultRoot();
        if (!LabRegistry(root).isRunning() || LabEngine(root).kind() == LabEngine::Kind::None)
            err << "cachelab run: hint: the lab is not set up; 'cachelab lab up' sets up what the "
                   "scripts need" << Qt::endl;
    }
    switch (result.ending) {
    case RunResult::Ending::Succeeded:
        return 0;
    case RunResult::Ending::Failed:
        return result.exitCode > 0 ? result.exitCode : 1;
    case RunResult::Ending::Canceled:
        return 130;
    case RunResult::Ending::Crashed:
    case RunResult::Ending::NotStarted:
        return 1;
    }
    return 1;
}

int ProjectCommands::runs(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    ProjectOptions options;
    int status = 0;
    if (!parse(QStringLiteral("runs"), QStringLiteral("List a project's stored runs."), arguments,
               {}, out, err, &options, &status))
        return status;
    ProjectSession session(RunStore::defaultRoot());
    QString error;
    if (!session.open(options.project, &error)) {
        err << "cachelab runs: " << error << Qt::endl;
        return 1;
    }
    const RunListModel *model = session.runs();
    QJsonArray array;
    QStringList lines;
    for (int row = model->rowCount() - 1; row >= 0; --row) { // oldest first
        array.append(runJson(session, *model->entry(row)));
        lines.append(runLine(session, *model->entry(row)));
    }
    if (options.format == QLatin1String("json"))
        out << QJsonDocument(array).toJson(QJsonDocument::Indented);
    else if (lines.isEmpty())
        out << session.project().name() << " has no runs yet" << Qt::endl;
    else
        out << lines.join(QLatin1Char('\n')) << Qt::endl;
    return 0;
}

int ProjectCommands::edit(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    ProjectOptions options;
    int status = 0;
    if (!parse(QStringLiteral("edit"), QStringLiteral("Make the project's scenario edit."), arguments,
               {}, out, err, &options, &status))
        return status;
    ProjectSession session(RunStore::defaultRoot());
    QString error;
    if (!session.open(options.project, &error)) {
        err << "cachelab edit: " << error << Qt::endl;
        return 1;
    }
    const QString file = session.editScenario(&error);
    if (file.isEmpty()) {
        err << "cachelab edit: " << session.project().name() << ": " << error << Qt::endl;
        return 1;
    }
    out << "appended a line to " << file << Qt::endl;
    return 0;
}

} // namespace Cachelab
