// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/CommandLineOptions.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace Cachelab {

namespace {
const QString kProject = QStringLiteral("project");
const QString kScreenshot = QStringLiteral("screenshot");
const QString kSize = QStringLiteral("size");
} // namespace

const QList<CommandLineOptions::Verb> &CommandLineOptions::verbs()
{
    static const QList<Verb> list {
        { "analyze", "Read a build log (plain, rawjson, a CI job's log, .dockerbuild) and print its steps.", false },
        { "replay", "Print a recorded log again at its recorded pace.", false },
        { "explain", "Tell expected from unexpected rebuilds of a run against the run before it.", false },
        { "why", "The cache-key X-ray: the first input of each rebuilt step's key that changed.", false },
        { "lint", "Check a build script's --cache-to/--cache-from/--export-cache flags.", false },
        { "cache", "Read an exported cache back from its registry (cache inspect REF).", false },
        { "render", "Draw the Dockerfile's stage graph or a timeline to PNG or SVG.", true },
        { "report", "Write the Markdown for a GitHub issue about a cache that was not used.", true },
        { "run", "Run a project's build script and keep the run.", false },
        { "runs", "List a project's kept runs.", false },
        { "edit", "Make the project's scenario edit (for #1515: a change to assets/js/file1.js).", false },
        { "bundle", "Write a .cachelab bundle of a project's runs, or say what one holds.", false },
        { "history", "List or import builds from a builder's history (buildx history).", false },
        { "lab", "Set up, check or take down what the build scripts need.", false },
        { "doctor", "Check what this machine has for running builds.", false },
    };
    return list;
}

const CommandLineOptions::Verb *CommandLineOptions::verb(const QString &name)
{
    for (const Verb &verb : verbs()) {
        if (name == QLatin1String(verb.name))
            return &verb;
    }
    return nullptr;
}

CommandLineOptions::CommandLineOptions()
{
    QString description = QStringLiteral(
        "Cachelab reproduces, shows and explains BuildKit cache behaviour: it runs a\n"
        "project's build scripts, colours the Dockerfile's stage graph by what each run\n"
        "did, and compares the cache layers two runs exported.\n\n"
        "Without a command it opens the window. Commands (cachelab COMMAND --help for each):\n");
    for (const Verb &verb : verbs())
        description += QStringLiteral("  %1 %2\n").arg(QLatin1String(verb.name), -9).arg(QLatin1String(verb.summary));
    description.chop(1);
    m_parser.setApplicationDescription(description);
    m_parser.addHelpOption();
    m_parser.addVersionOption();
    m_parser.addOption({ { QStringLiteral("p"), kProject },
                         QStringLiteral("Open the project in <dir> (a folder with a Dockerfile "
                                        "and build scripts)."),
                         QStringLiteral("dir") });
    m_parser.addOption({ QStringLiteral("demo"),
                         QStringLiteral("Open the #1515 project with recordings of real runs "
                                        "(no Docker needed).") });
    m_parser.addOption({ QStringLiteral("example"),
                         QStringLiteral("Open a working copy of the bundled #1515 project (in the "
                                        "user's data folder: runs and edits never touch the "
                                        "installed or checked-out files).") });
    m_parser.addOption({ QStringLiteral("bundle"),
                         QStringLiteral("Open a .cachelab bundle (read-only; no Docker needed)."),
                         QStringLiteral("file") });
    m_parser.addOption({ kScreenshot,
                         QStringLiteral("Save a screenshot of the main window to <file> (PNG) "
                                        "once it is shown, then quit."),
                         QStringLiteral("file") });
    m_parser.addOption({ QStringLiteral("runs"),
                         QStringLiteral("Show these runs once the project opens: ID, A,B (A compared "
                                        "with B), or 'latest' (the newest run compared with the run "
                                        "before it of the same script)."),
                         QStringLiteral("runs") });
    m_parser.addOption({ kSize,
                         QStringLiteral("Initial window size as WIDTHxHEIGHT, e.g. 1280x800."),
                         QStringLiteral("size") });
}

CommandLineOptions::Action CommandLineOptions::parse(const QStringList &arguments)
{
    m_errorMessage.clear();
    if (!m_parser.parse(arguments)) {
        m_errorMessage = m_parser.errorText();
        return Action::Fail;
    }
    if (m_parser.isSet(QStringLiteral("help")))
        return Action::ShowHelp;
    if (m_parser.isSet(QStringLiteral("version")))
        return Action::ShowVersion;
    const QStringList positional = m_parser.positionalArguments();
    // `cachelab investigation.cachelab`, as a file manager starts it.
    if (positional.size() == 1 && positional.constFirst().endsWith(QLatin1String(".cachelab"))
        && !m_parser.isSet(QStringLiteral("bundle"))) {
        m_bundleFile = positional.constFirst();
    } else if (!positional.isEmpty()) {
        // A folder (or a path) given bare is most likely a project; a word is a command
        // mistyped.
        const QString first = positional.constFirst().left(200);
        m_errorMessage = QFileInfo(positional.constFirst()).isDir() || first.contains(QLatin1Char('/'))
            ? QStringLiteral("unexpected argument '%1' (did you mean --project %1?)").arg(first)
            : QStringLiteral("unknown command '%1' (cachelab --help lists the commands)").arg(first);
        return Action::Fail;
    }

    m_projectDir = m_parser.value(kProject);
    m_demo = m_parser.isSet(QStringLiteral("demo"));
    if (m_parser.isSet(QStringLiteral("bundle")))
        m_bundleFile = m_parser.value(QStringLiteral("bundle"));
    m_example = m_parser.isSet(QStringLiteral("example"));
    if (int(m_demo) + int(m_example) + int(!m_bundleFile.isEmpty()) + int(!m_projectDir.isEmpty()) > 1) {
        m_errorMessage = QStringLiteral("--project, --example, --demo and --bundle each open something; give one");
        return Action::Fail;
    }
    m_runs = m_parser.value(QStringLiteral("runs")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (m_runs.size() > 2) {
        m_errorMessage = QStringLiteral("--runs takes one or two run ids (A or A,B), or 'latest'");
        return Action::Fail;
    }
    m_screenshotPath = m_parser.value(kScreenshot);
    if (m_parser.isSet(kSize)) {
        static const QRegularExpression sizePattern(QStringLiteral("^(\\d{3,5})x(\\d{3,5})$"));
        const auto match = sizePattern.match(m_parser.value(kSize));
        if (!match.hasMatch()) {
            m_errorMessage = QStringLiteral("Invalid --size '%1': expected WIDTHxHEIGHT, "
                                            "e.g. 1280x800")
                                 .arg(m_parser.value(kSize));
            return Action::Fail;
        }
        m_windowSize = QSize(match.captured(1).toInt(), match.captured(2).toInt());
    }
    return Action::RunGui;
}

QString CommandLineOptions::helpText() const
{
    return m_parser.helpText();
}

QStringList CommandLineOptions::withoutQtGuiOptions(const QStringList &arguments)
{
    // From QGuiApplication's and QApplication's documentation: options with a value ...
    static const QStringList withValue {
        QStringLiteral("-platform"),        QStringLiteral("-platformpluginpath"),
        QStringLiteral("-platformtheme"),   QStringLiteral("-plugin"),
        QStringLiteral("-qwindowgeometry"), QStringLiteral("-geometry"),
        QStringLiteral("-qwindowicon"),     QStringLiteral("-qwindowtitle"),
        QStringLiteral("-display"),         QStringLiteral("-style"),
        QStringLiteral("-stylesheet"),      QStringLiteral("-session"),
    };
    // ... and flags.
    static const QStringList flags { QStringLiteral("-reverse"), QStringLiteral("-widgetcount"),
                                     QStringLiteral("-nograb"), QStringLiteral("-dograb") };

    QStringList kept;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (i > 0 && withValue.contains(argument)) {
            ++i; // skip its value too
            continue;
        }
        if (i > 0 && flags.contains(argument))
            continue;
        kept.append(argument);
    }
    return kept;
}

} // namespace Cachelab
