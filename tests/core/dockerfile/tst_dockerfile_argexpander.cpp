// SPDX-License-Identifier: GPL-3.0-or-later
// Variable expansion. Every expected value below is what BuildKit v0.34's shell.Lex
// returned for the same input and environment (checked once with a small Go program
// against the module's source); the comments mark where Cachelab words its errors
// differently.
#include "core/dockerfile/ArgExpander.h"

#include <QTest>

using Cachelab::ArgExpander;

namespace {

enum class Mode
{
    Value, // FROM, ARG, ENV, COPY, WORKDIR: quotes removed, unset is empty
    RunName, // the name of a RUN step: quotes, escapes and unset variables kept
};

ArgExpander::Environment environment(const QStringList &pairs)
{
    ArgExpander::Environment env;
    for (const QString &pair : pairs)
        env.insert(pair.section(QLatin1Char('='), 0, 0), pair.section(QLatin1Char('='), 1));
    return env;
}

ArgExpander expander(Mode mode, QChar escape = QLatin1Char('\\'))
{
    ArgExpander::Options options;
    options.escapeToken = escape;
    if (mode == Mode::RunName) {
        options.rawQuotes = true;
        options.rawEscapes = true;
        options.skipUnsetEnv = true;
    }
    return ArgExpander(options);
}

} // namespace

Q_DECLARE_METATYPE(Mode)

class TestArgExpander : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void expands_data()
    {
        QTest::addColumn<Mode>("mode");
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");

        const QStringList a { QStringLiteral("A=1") };
        const QStringList empty { QStringLiteral("E=") };
        auto row = [](const char *name, Mode mode, const QStringList &env, const char *input,
                      const char *expected) {
            QTest::addRow("%s", name)
                << mode << env << QString::fromUtf8(input) << QString::fromUtf8(expected);
        };
        row("plain text", Mode::Value, {}, "plain text stays", "plain text stays");
        row("$VAR", Mode::Value, a, "$A", "1");
        row("${VAR}", Mode::Value, a, "${A}", "1");
        row("inside a word", Mode::Value, a, "x${A}y", "x1y");
        row("unset is empty", Mode::Value, {}, "[$UNSET]", "[]");
        row(":- unset", Mode::Value, {}, "${UNSET:-default}", "default");
        row(":- empty", Mode::Value, empty, "${E:-default}", "default");
        row("- empty stays empty", Mode::Value, empty, "${E-default}", "");
        row(":+ set", Mode::Value, a, "${A:+alt}", "alt");
        row(":+ unset", Mode::Value, {}, "${UNSET:+alt}", "");
        row(":+ empty", Mode::Value, empty, "${E:+alt}", "");
        row("+ empty counts as set", Mode::Value, empty, "${E+alt}", "alt");
        row("nested default", Mode::Value, a, "${UNSET:-${A:-inner}}", "1");
        row("FROM with defaults", Mode::Value, { QStringLiteral("BASE=alpine") },
            "${BASE:-busybox}:${TAG:-latest}", "alpine:latest");
        row("double quotes expand", Mode::Value, a, "\"quoted $A\"", "quoted 1");
        row("single quotes do not", Mode::Value, a, "'single $A'", "single $A");
        row("escaped dollar", Mode::Value, a, "\\$A", "$A");
        row("escaped quote in quotes", Mode::Value, {}, "\"a\\\"b\"", "a\"b");
        row("escaped blank", Mode::Value, {}, "a\\ b", "a b");
        row("runs of blanks stay", Mode::Value, {}, "a  b   c", "a  b   c");
        row("lone dollar", Mode::Value, {}, "$", "$");
        row("positional parameter", Mode::Value, {}, "$1", "");
        row("# shortest prefix", Mode::Value, { QStringLiteral("A=a.b.c") }, "${A#*.}", "b.c");
        row("## longest prefix", Mode::Value, { QStringLiteral("A=a.b.c") }, "${A##*.}", "c");
        row("% shortest suffix", Mode::Value, { QStringLiteral("A=a.b.c") }, "${A%.*}", "a.b");
        row("%% longest suffix", Mode::Value, { QStringLiteral("A=a.b.c") }, "${A%%.*}", "a");
        row("/ first", Mode::Value, { QStringLiteral("A=aaa") }, "${A/a/b}", "baa");
        row("// all", Mode::Value, { QStringLiteral("A=aaa") }, "${A//a/b}", "bbb");
        row("RUN name keeps what the shell will see", Mode::RunName, a,
            "echo $A ${A} $UNSET ${UNSET:-d} \"q $A\" 'q $A' \\$A",
            "echo 1 1 $UNSET ${UNSET:-d} \"q 1\" 'q $A' \\$A");
        row("RUN name keeps escapes", Mode::RunName, {}, "echo \"a\\\"b\" \\x",
            "echo \"a\\\"b\" \\x");
        row("heredoc marker", Mode::Value, {}, "<< EOF", "<< EOF");
    }
    void expands()
    {
        QFETCH(Mode, mode);
        QFETCH(QStringList, env);
        QFETCH(QString, input);
        QFETCH(QString, expected);
        const ArgExpander::Result result = expander(mode).process(input, environment(env));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.text, expected);
    }

    void backtickEscape()
    {
        // With `# escape=`` the backtick escapes and the backslash is a plain character.
        const ArgExpander value = expander(Mode::Value, QLatin1Char('`'));
        QCOMPARE(
            value.process(QStringLiteral("C:\\app\\`$A"), environment({ QStringLiteral("A=1") }))
                .text,
            QStringLiteral("C:\\app\\$A"));
    }

    void splitsWords()
    {
        const ArgExpander::Result result = expander(Mode::Value)
                                               .process(QStringLiteral("$A \"b c\" d\\ e"),
                                                        environment({ QStringLiteral("A=1 2") }));
        QVERIFY(result.ok());
        // A value with blanks splits, quoted and escaped blanks do not.
        QCOMPARE(result.words,
                 (QStringList { QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("b c"),
                                QStringLiteral("d e") }));
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("error");
        auto row
            = [](const char *name, const QStringList &env, const char *input, const char *error) {
                  QTest::addRow("%s", name)
                      << env << QString::fromUtf8(input) << QString::fromUtf8(error);
              };
        row("? unset", {}, "${UNSET?}",
            "failed to process \"${UNSET?}\": UNSET: is not allowed to be unset");
        row(":? with message", {}, "${UNSET:?must be set}",
            "failed to process \"${UNSET:?must be set}\": UNSET: must be set");
        row(":? empty", { QStringLiteral("E=") }, "${E:?}",
            "failed to process \"${E:?}\": E: is not allowed to be empty");
        row("unknown modifier", {}, "${A:x}",
            "failed to process \"${A:x}\": unsupported modifier (:x) in substitution");
        row("${}", {}, "${}", "failed to process \"${}\": syntax error: bad substitution");
        row("${:}", {}, "${:}", "failed to process \"${:}\": syntax error: bad substitution");
        // BuildKit says "unsupported modifier (\uFFFD) in substitution" here.
        row("no closing brace", {}, "${A", "failed to process \"${A\": syntax error: missing '}'");
        row("open double quote", {}, "\"unterminated",
            "failed to process \"\\\"unterminated\": unexpected end of statement while looking "
            "for matching double-quote");
        row("open single quote", {}, "'unterminated",
            "failed to process \"'unterminated\": unexpected end of statement while looking for "
            "matching single-quote");
    }
    void errors()
    {
        QFETCH(QStringList, env);
        QFETCH(QString, input);
        QFETCH(QString, error);
        const ArgExpander::Result result = expander(Mode::Value).process(input, environment(env));
        QVERIFY(!result.ok());
        QCOMPARE(result.error, error);
        QVERIFY(result.text.isEmpty());
    }

    void deepNestingIsRefusedNotACrash()
    {
        // Hostile input: ${A:-${A:-${A:-…}}} thousands deep must not exhaust the stack.
        QString input;
        for (int i = 0; i < 20000; ++i)
            input += QLatin1String("${A:-");
        input += QLatin1Char('x') + QString(20000, QLatin1Char('}'));
        const ArgExpander::Result result = expander(Mode::Value).process(input, {});
        QVERIFY(!result.ok());
        QVERIFY2(result.error.contains(QLatin1String("nested more than")),
                 qPrintable(result.error.right(80)));

        QString shallow = QStringLiteral("x");
        for (int i = 0; i < ArgExpander::MaxNesting - 1; ++i)
            shallow = QStringLiteral("${A:-") + shallow + QLatin1Char('}');
        QCOMPARE(expander(Mode::Value).process(shallow, {}).text, QStringLiteral("x"));
        // The error quotes the input's start, not all of it.
        QVERIFY2(result.error.size() < 400, qPrintable(result.error.left(400)));
        QVERIFY2(result.error.contains(QLatin1String("(120001 characters)")),
                 qPrintable(result.error.left(400)));
    }

    // Values that double: bounded by the size of the result, in one step, not after
    // gigabytes.
    void expansionIsBoundedBySize()
    {
        ArgExpander::Environment env;
        env.insert(QStringLiteral("A"), QString(ArgExpander::MaxExpandedSize / 2 + 1, QLatin1Char('a')));
        const ArgExpander::Result fits = expander(Mode::Value).process(QStringLiteral("${A}"), env);
        QVERIFY(fits.ok());
        const ArgExpander::Result doubled = expander(Mode::Value).process(QStringLiteral("${A}${A}"), env);
        QVERIFY(!doubled.ok());
        QVERIFY2(doubled.error.endsWith(QStringLiteral("the expansion is longer than %1 characters").arg(ArgExpander::MaxExpandedSize)),
                 qPrintable(doubled.error));
        const ArgExpander::Result quoted = expander(Mode::Value).process(QStringLiteral("\"${A}${A}\""), env);
        QVERIFY(!quoted.ok());
    }
};

QTEST_GUILESS_MAIN(TestArgExpander)
#include "tst_dockerfile_argexpander.moc"
