// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCommandLineParser>
#include <QSize>
#include <QString>
#include <QStringList>

namespace Cachelab {

// The command line of `cachelab`. Lives in the core so that the decision "does this
// invocation need a display?" is made, and tested, before any QApplication exists:
// `--version` and `--help` must work on a machine without a screen.
class CommandLineOptions
{
public:
    enum class Action
    {
        RunGui,
        ShowVersion,
        ShowHelp,
        Fail, // errorMessage() says why; exit status 2, like other Unix tools
    };

    CommandLineOptions();

    // Parses the full argument list (argv[0] first). Needs no application object.
    Action parse(const QStringList &arguments);

    // Needs a QCoreApplication (for the program name in the usage line).
    QString helpText() const;
    QString errorMessage() const { return m_errorMessage; }

    QString projectDir() const { return m_projectDir; }
    // Open the bundled #1515 project with the real recordings as runs (no Docker needed).
    bool demo() const { return m_demo; }
    // The working copy of the bundled #1515 project (DataLocations::workingCopyOfBundledProject).
    bool example() const { return m_example; }
    // --runs: run ids to show (A, or A and B), or {"latest"}.
    QStringList runs() const { return m_runs; }
    // A .cachelab bundle to open (--bundle FILE, or the one argument ending in .cachelab).
    QString bundleFile() const { return m_bundleFile; }
    // Save the main window to this image file once it is shown, then quit.
    QString screenshotPath() const { return m_screenshotPath; }
    QSize windowSize() const { return m_windowSize; }

    // The verbs `cachelab VERB …` runs, with one line each for --help.
    struct Verb
    {
        const char *name;
        const char *summary;
        bool needsWidgets; // draws with the widgets' scene (a QApplication, offscreen at worst)
    };
    static const QList<Verb> &verbs();
    static const Verb *verb(const QString &name);

    // Drops the options QGuiApplication consumes (-platform X, -style X, ...), so that a
    // first pass without an application object does not reject them as unknown.
    static QStringList withoutQtGuiOptions(const QStringList &arguments);

private:
    QCommandLineParser m_parser;
    QString m_errorMessage;
    QString m_projectDir;
    bool m_demo = false;
    bool m_example = false;
    QStringList m_runs;
    QString m_bundleFile;
    QString m_screenshotPath;
    QSize m_windowSize;
};

} // namespace Cachelab
