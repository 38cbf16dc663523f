// SPDX-License-Identifier: GPL-3.0-or-later
// The shell lexer under the cache flag lint: words and their physical lines, quotes,
// continuations, comments, heredocs, substitutions and redirections. All scripts here
// are hand-made.
#include "core/lint/ShellScriptLexer.h"

#include <QTest>

using namespace Cachelab;

namespace {

// "word@line word@line | next command ..."
QString describe(const QList<ShellCommand> &commands)
{
    QStringList parts;
    for (const ShellCommand &command : commands) {
        QStringList words;
        for (const ShellWord &word : command.words)
            words.append(QStringLiteral("%1@%2").arg(word.text).arg(word.line));
        parts.append(words.join(QLatin1Char(' ')));
    }
    return parts.join(QStringLiteral(" | "));
}

} // namespace

class TestShellScriptLexer : public QObject
{
    Q_OBJECT

private slots:
    void commands_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("expected");

        QTest::newRow("simple") << QStringLiteral("docker build .\n")
                                << QStringLiteral("docker@1 build@1 .@1");
        QTest::newRow("continuations keep each word's physical line")
            << QStringLiteral("docker buildx build \\\n  --cache-to x \\\n  .\n")
            << QStringLiteral("docker@1 buildx@1 build@1 --cache-to@2 x@2 .@3");
        QTest::newRow("a continuation inside a word joins it")
            << QStringLiteral("ab\\\ncd\n") << QStringLiteral("abcd@1");
        QTest::newRow("quotes are removed, variables kept")
            << QStringLiteral("a \"type=registry,ref=$REPO:c\" 'b c' d\"e\"'f'\n")
            << QStringLiteral("a@1 type=registry,ref=$REPO:c@1 b c@1 def@1");
        QTest::newRow("escapes in double quotes")
            << QStringLiteral("echo \"a\\\"b\\$c\\d\"\n") << QStringLiteral("echo@1 a\"b$c\\d@1");
        QTest::newRow("comments, not # inside words")
            << QStringLiteral("# docker build --cache-to x\na#b c # d\n")
            << QStringLiteral("a#b@2 c@2");
        QTest::newRow("separators") << QStringLiteral("a; b && c || d | e & f\n(g)\n")
                                    << QStringLiteral("a@1 | b@1 | c@1 | d@1 | e@1 | f@1 | g@2");
        QTest::newRow("substitutions are one word")
            << QStringLiteral("cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && x=$(a | b) `c d`\n")
            << QStringLiteral("cd@1 $(dirname \"${BASH_SOURCE[0]}\")@1 | x=$(a | b)@1 `c d`@1");
        QTest::newRow("heredoc bodies are skipped")
            << QStringLiteral("cat <<EOF > f\ndocker build --cache-to x .\nEOF\nnext\n")
            << QStringLiteral("cat@1 | next@4");
        QTest::newRow("quoted and tab-stripped heredoc delimiters")
            << QStringLiteral("cat <<'END'\n$x\nEND\ncat <<-\"E\"\n\tbody\n\tE\nlast\n")
            << QStringLiteral("cat@1 | cat@4 | last@7");
        QTest::newRow("redirections are not arguments")
            << QStringLiteral("a b >out 2>&1 c &>all <in d >>app e\nread <<<\"$x\"\n")
            << QStringLiteral("a@1 b@1 c@1 d@1 e@1 | read@2");
        QTest::newRow("quoted newline counts a line")
            << QStringLiteral("a 'x\ny' b\nc\n") << QStringLiteral("a@1 x\ny@1 b@2 | c@3");
        QTest::newRow("no final newline") << QStringLiteral("a b") << QStringLiteral("a@1 b@1");
        QTest::newRow("unterminated quote ends at the end")
            << QStringLiteral("a 'b c") << QStringLiteral("a@1 b c@1");
        QTest::newRow("empty") << QString() << QString();
    }

    void commands()
    {
        QFETCH(QString, script);
        QFETCH(QString, expected);
        QCOMPARE(describe(ShellScriptLexer::commands(script)), expected);
    }
};

QTEST_GUILESS_MAIN(TestShellScriptLexer)
#include "tst_shellscriptlexer.moc"
