// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/CommandLineOptions.h"

#include <QTest>

using Cachelab::CommandLineOptions;
using Action = CommandLineOptions::Action;

class TestCommandLineOptions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void actions_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<Action>("action");
        QTest::addColumn<QString>("project");

        const QString exe = QStringLiteral("cachelab");
        QTest::addRow("no arguments") << QStringList { exe } << Action::RunGui << QString();
        QTest::addRow("--version")
            << QStringList { exe, QStringLiteral("--version") } << Action::ShowVersion << QString();
        QTest::addRow("-v") << QStringList { exe, QStringLiteral("-v") } << Action::ShowVersion
                            << QString();
        QTest::addRow("--help wins over --project")
            << QStringList { exe, QStringLiteral("--project"), QStringLiteral("/x"),
                             QStringLiteral("--help") }
            << Action::ShowHelp << QString();
        QTest::addRow("--project")
            << QStringList { exe, QStringLiteral("--project"), QStringLiteral("/some/dir") }
            << Action::RunGui << QStringLiteral("/some/dir");
        QTest::addRow("-p=") << QStringList { exe, QStringLiteral("-p"), QStringLiteral("rel/dir") }
                             << Action::RunGui << QStringLiteral("rel/dir");
        QTest::addRow("unknown option")
            << QStringList { exe, QStringLiteral("--bogus") } << Action::Fail << QString();
        QTest::addRow("--project without value")
            << QStringList { exe, QStringLiteral("--project") } << Action::Fail << QString();
        QTest::addRow("stray positional")
            << QStringList { exe, QStringLiteral("fixtures/moby-cache") } << Action::Fail
            << QString();
        QTest::addRow("bad size") << QStringList { exe, QStringLiteral("--size"),
                                                   QStringLiteral("big") }
                                  << Action::Fail << QString();
    }

    void actions()
    {
        QFETCH(QStringList, arguments);
        QFETCH(Action, action);
        QFETCH(QString, project);

        CommandLineOptions options;
        QCOMPARE(options.parse(arguments), action);
        QCOMPARE(options.projectDir(), project);
        QCOMPARE(options.errorMessage().isEmpty(), action != Action::Fail);
    }

    void positionalArgumentErrorSuggestsProject()
    {
        CommandLineOptions options;
        QCOMPARE(
            options.parse({ QStringLiteral("cachelab"), QStringLiteral("fixtures/moby-cache") }),
            Action::Fail);
        QVERIFY2(options.errorMessage().contains(QStringLiteral("--project fixtures/moby-cache")),
                 qPrintable(options.errorMessage()));
        // A word is a command mistyped, said as such (not "did you mean --project frobnicate?").
        QCOMPARE(options.parse({ QStringLiteral("cachelab"), QStringLiteral("frobnicate") }), Action::Fail);
        QCOMPARE(options.errorMessage(),
                 QStringLiteral("unknown command 'frobnicate' (cachelab --help lists the commands)"));
    }

    void bundles()
    {
        const QString exe = QStringLiteral("cachelab");
        CommandLineOptions options;
        QCOMPARE(options.parse({ exe, QStringLiteral("--bundle"), QStringLiteral("/x/a.cachelab") }),
                 Action::RunGui);
        QCOMPARE(options.bundleFile(), QStringLiteral("/x/a.cachelab"));
        // As a file manager starts it (Exec=cachelab %f).
        CommandLineOptions opened;
        QCOMPARE(opened.parse({ exe, QStringLiteral("b.cachelab") }), Action::RunGui);
        QCOMPARE(opened.bundleFile(), QStringLiteral("b.cachelab"));
        CommandLineOptions example;
        QCOMPARE(example.parse({ exe, QStringLiteral("--example") }), Action::RunGui);
        QVERIFY(example.example());
        // One thing to open.
        CommandLineOptions both;
        QCOMPARE(both.parse({ exe, QStringLiteral("--demo"), QStringLiteral("--bundle"),
                              QStringLiteral("a.cachelab") }),
                 Action::Fail);
        QVERIFY(both.errorMessage().contains(QLatin1String("give one")));
    }

    void windowSize()
    {
        CommandLineOptions options;
        QCOMPARE(options.parse({ QStringLiteral("cachelab"), QStringLiteral("--size"),
                                 QStringLiteral("1280x800") }),
                 Action::RunGui);
        QCOMPARE(options.windowSize(), QSize(1280, 800));
    }

    void helpListsOptions()
    {
        CommandLineOptions options;
        QCOMPARE(options.parse({ QStringLiteral("cachelab"), QStringLiteral("--help") }),
                 Action::ShowHelp);
        const QString help = options.helpText();
        for (const char *option : { "--project", "--version", "--help", "--screenshot", "--size" })
            QVERIFY2(help.contains(QLatin1String(option)), option);
    }

    void qtGuiOptionsAreDropped_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QStringList>("expected");
        const QString exe = QStringLiteral("cachelab");
        QTest::addRow("platform with value")
            << QStringList { exe, QStringLiteral("-platform"), QStringLiteral("offscreen"),
                             QStringLiteral("--version") }
            << QStringList { exe, QStringLiteral("--version") };
        QTest::addRow("flag") << QStringList { exe, QStringLiteral("-reverse"),
                                               QStringLiteral("-p"), QStringLiteral("d") }
                              << QStringList { exe, QStringLiteral("-p"), QStringLiteral("d") };
        QTest::addRow("program name kept even if it looks like an option")
            << QStringList { QStringLiteral("-style") } << QStringList { QStringLiteral("-style") };
    }

    void qtGuiOptionsAreDropped()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QStringList, expected);
        QCOMPARE(CommandLineOptions::withoutQtGuiOptions(arguments), expected);
    }
};

QTEST_GUILESS_MAIN(TestCommandLineOptions)
#include "tst_commandlineoptions.moc"
