// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/AppSettings.h"
#include "core/BuildInfo.h"
#include "core/cli/AnalyzeCommand.h"
#include "core/cli/BundleCommand.h"
#include "core/cli/CacheInspectCommand.h"
#include "core/cli/DoctorCommand.h"
#include "core/cli/ExplainCommand.h"
#include "core/cli/HistoryCommand.h"
#include "core/cli/LabCommand.h"
#include "core/cli/LintCommand.h"
#include "core/cli/ProjectCommands.h"
#include "core/cli/ReplayCommand.h"
#include "core/cli/WhyCommand.h"
#include "core/CommandLineOptions.h"
#include "ui/AppearanceTheme.h"
#include "ui/MainWindow.h"
#include "ui/RenderCommand.h"
#include "ui/ReportCommand.h"

#include <cstdio>
#include <pwd.h>
#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QScreen>
#include <QTextStream>
#include <QTimer>
#include <sys/stat.h>
#include <unistd.h>

using namespace Cachelab;

namespace {

void setApplicationNames()
{
    QCoreApplication::setApplicationName(BuildInfo::applicationName());
    QCoreApplication::setApplicationVersion(BuildInfo::version());
    QCoreApplication::setOrganizationName(QStringLiteral("Cachelab"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("cachelab.github.io"));
}

QStringList argumentsOf(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    return arguments;
}

// Everything that does not open a window: runs without a display.
int runWithoutDisplay(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    setApplicationNames();
    CommandLineOptions options;
    QTextStream out(stdout);
    QTextStream err(stderr);
    switch (options.parse(CommandLineOptions::withoutQtGuiOptions(app.arguments()))) {
    case CommandLineOptions::Action::ShowVersion:
        out << BuildInfo::versionReport() << Qt::endl;
        return 0;
    case CommandLineOptions::Action::ShowHelp:
        out << options.helpText();
        return 0;
    case CommandLineOptions::Action::Fail:
        err << "cachelab: " << options.errorMessage() << Qt::endl
            << "Try 'cachelab --help' for more information." << Qt::endl;
        return 2;
    case CommandLineOptions::Action::RunGui:
        break;
    }
    return 1; // not reached: the caller only comes here for non-GUI actions
}

} // namespace

namespace {

// `--bundle FILE [--run ID]` in place of a verb's Dockerfile, logs and scripts: 0, or the
// exit status after one line on stderr.
int expandBundle(QStringList *arguments, QTextStream &err)
{
    QString error;
    int status = 0;
    if (BundleArguments::expand(arguments, &error, &status))
        return 0;
    err << "cachelab " << arguments->value(1) << ": " << error << Qt::endl;
    return status;
}

// Verbs that work on files and print results; none needs a display.
int runVerb(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    setApplicationNames();
    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList arguments = app.arguments();
    const QString verb = arguments.at(1);
    if (verb == QLatin1String("bundle"))
        return BundleCommand::run(arguments, out, err);
    if (verb == QLatin1String("lab"))
        return LabCommand::run(arguments, out, err);
    if (verb == QLatin1String("history"))
        return HistoryCommand::run(arguments, out, err);
    if (verb == QLatin1String("why"))
        return WhyCommand::run(arguments, out, err);
    if (verb == QLatin1String("run"))
        return ProjectCommands::run(arguments, out, err);
    if (verb == QLatin1String("runs"))
        return ProjectCommands::runs(arguments, out, err);
    if (verb == QLatin1String("edit"))
        return ProjectCommands::edit(arguments, out, err);
    if (const int status = expandBundle(&arguments, err); status != 0)
        return status;
    if (verb == QLatin1String("analyze"))
        return AnalyzeCommand::run(arguments, out, err);
    if (verb == QLatin1String("replay"))
        return ReplayCommand::run(arguments, err);
    if (verb == QLatin1String("explain"))
        return ExplainCommand::run(arguments, out, err);
    if (verb == QLatin1String("cache"))
        return CacheInspectCommand::run(arguments, out, err);
    if (verb == QLatin1String("lint"))
        return LintCommand::run(arguments, out, err);
    if (verb == QLatin1String("doctor"))
        return DoctorCommand::run(arguments, out, err);
    return 2;
}

bool isVerb(const QString &argument)
{
    const CommandLineOptions::Verb *verb = CommandLineOptions::verb(argument);
    return verb && !verb->needsWidgets;
}

// Without XDG_RUNTIME_DIR (a cron job, `su`, a container) a QGuiApplication warns on the
// verb's first line that it falls back to /tmp/runtime-USER: that fallback is made here,
// as Qt would make it (owned by the user, mode 0700), and named, so there is nothing to say.
void provideRuntimeDir()
{
    if (!qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR"))
        return;
    const passwd *user = getpwuid(geteuid());
    if (!user)
        return;
    const QString dir = QDir::tempPath() + QStringLiteral("/runtime-") + QString::fromLocal8Bit(user->pw_name);
    ::mkdir(QFile::encodeName(dir).constData(), 0700);
    struct stat info {};
    if (::lstat(QFile::encodeName(dir).constData(), &info) == 0 && S_ISDIR(info.st_mode) && info.st_uid == geteuid()
        && (info.st_mode & 0777) == 0700)
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(dir));
}

// `cachelab render`: draws with the widgets' scene, so it needs a QApplication; without
// a display it uses the offscreen platform, for scripts and CI.
int runRender(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    provideRuntimeDir();
    QApplication app(argc, argv);
    setApplicationNames();
    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList arguments = app.arguments();
    const QString verb = arguments.value(1);
    if (const int status = expandBundle(&arguments, err); status != 0)
        return status;
    if (verb == QLatin1String("report"))
        return ReportCommand::run(arguments, out, err);
    return RenderCommand::run(arguments, out, err);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc > 1 && isVerb(QString::fromLocal8Bit(argv[1])))
        return runVerb(argc, argv);
    if (argc > 1) {
        if (const CommandLineOptions::Verb *verb = CommandLineOptions::verb(QString::fromLocal8Bit(argv[1]));
            verb && verb->needsWidgets)
            return runRender(argc, argv);
    }

    // Decide before creating an application object whether a display is needed: a
    // QApplication aborts without one, and --version/--help must work on a server.
    {
        CommandLineOptions firstPass;
        if (firstPass.parse(CommandLineOptions::withoutQtGuiOptions(argumentsOf(argc, argv)))
            != CommandLineOptions::Action::RunGui)
            return runWithoutDisplay(argc, argv);
    }

    QApplication app(argc, argv);
    setApplicationNames();
    QApplication::setDesktopFileName(BuildInfo::applicationId());
    CommandLineOptions options;
    options.parse(app.arguments()); // QApplication has removed its own options by now

    AppearanceTheme::apply(AppSettings().appearance());
    MainWindow window;
    // A screenshot gets the size asked for; otherwise the window comes back as it was left.
    if (options.windowSize().isValid())
        window.resize(options.windowSize());
    else if (options.screenshotPath().isEmpty())
        window.restoreWindowState();
    if (options.demo())
        window.openDemo();
    else if (options.example())
        window.openExample();
    else if (!options.bundleFile().isEmpty())
        window.openBundle(options.bundleFile());
    else if (!options.projectDir().isEmpty())
        window.openProject(options.projectDir());
    if (!options.runs().isEmpty())
        window.selectRuns(options.runs());
    window.show();

    if (!options.screenshotPath().isEmpty()) {
        // Let the window lay out and paint once before grabbing it.
        QTimer::singleShot(300, &window, [&window, &options] {
            const bool saved = window.grab().save(options.screenshotPath());
            if (!saved)
                std::fprintf(stderr, "cachelab: cannot write screenshot %s\n",
                             qPrintable(options.screenshotPath()));
            QCoreApplication::exit(saved ? 0 : 1);
        });
    }
    return app.exec();
}
