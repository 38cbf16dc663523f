// SPDX-License-Identifier: GPL-3.0-or-later
// The line and instruction layers: directives, comments, continuations, heredocs, exec and
// shell forms, flags, keyword case. Each row is a small Dockerfile written here and the
// instruction BuildKit's parser makes of one of its lines.
#include "core/dockerfile/DockerfileParser.h"

#include <QTest>

using namespace Cachelab;

namespace {

// Every instruction of every stage, FROM lines included, in file order.
QList<DockerfileInstruction> instructionsOf(const QByteArray &content, Dockerfile *parsed = nullptr)
{
    DockerfileError error;
    const std::optional<Dockerfile> dockerfile = DockerfileParser::parse(
        content, QStringLiteral("Dockerfile"), DockerfileParser::Options(), &error);
    if (!dockerfile) {
        qWarning().noquote() << error.toString();
        return {};
    }
    QList<DockerfileInstruction> all;
    for (const DockerfileStage &stage : dockerfile->stages())
        all += stage.instructions;
    if (parsed)
        *parsed = *dockerfile;
    return all;
}

QStringList flagsOf(const DockerfileInstruction &instruction)
{
    QStringList flags;
    for (const DockerfileFlag &flag : instruction.flags)
        flags.append(flag.hasValue ? flag.name + QLatin1Char('=') + flag.value : flag.name);
    return flags;
}

QStringList heredocsOf(const DockerfileInstruction &instruction)
{
    QStringList heredocs;
    for (const DockerfileHeredoc &heredoc : instruction.heredocs) {
        QString description = heredoc.name;
        if (heredoc.chomp)
            description += QLatin1String(" chomp");
        if (!heredoc.expand)
            description += QLatin1String(" no-expand");
        if (heredoc.fileDescriptor)
            description += QStringLiteral(" fd%1").arg(heredoc.fileDescriptor);
        heredocs.append(description + QLatin1String(": ") + heredoc.body);
    }
    return heredocs;
}

} // namespace

class TestDockerfileInstructions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void instruction_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("index"); // into all instructions, FROM lines included
        QTest::addColumn<QString>("keyword");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QStringList>("flags");
        QTest::addColumn<bool>("json");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("endLine");
        QTest::addColumn<QStringList>("heredocs");

        using L = QStringList;
        auto s = [](const char *text) {
            return QString::fromUtf8(text);
        };

        QTest::addRow("keywords in any case")
            << QByteArray("from alpine\nrUn echo hi\n") << 1 << s("RUN") << s("rUn echo hi")
            << L { s("echo hi") } << L {} << false << 2 << 2 << L {};
        QTest::addRow("FROM ... AS name")
            << QByteArray("FROM --platform=linux/arm64 alpine:3.20 AS Build\n") << 0 << s("FROM")
            << s("FROM --platform=linux/arm64 alpine:3.20 AS Build")
            << L { s("alpine:3.20"), s("AS"), s("Build") } << L { s("platform=linux/arm64") }
            << false << 1 << 1 << L {};
        QTest::addRow("continuation keeps the blanks of the next line")
            << QByteArray("FROM alpine\nRUN a \\\n    b\n") << 1 << s("RUN") << s("RUN a     b")
            << L { s("a     b") } << L {} << false << 2 << 3 << L {};
        QTest::addRow("comment and empty line inside a continuation are dropped")
            << QByteArray("FROM alpine\nRUN a \\\n  # a comment \\\n\n   \n  b \\\n  c\n") << 1
            << s("RUN") << s("RUN a   b   c") << L { s("a   b   c") } << L {} << false << 2 << 7
            << L {};
        QTest::addRow("continuation open at the end of the file just ends")
            << QByteArray("FROM alpine\nRUN a \\") << 1 << s("RUN") << s("RUN a") << L { s("a") }
            << L {} << false << 2 << 2 << L {};
        QTest::addRow("an escaped escape does not continue the line")
            << QByteArray("FROM alpine\nRUN echo a \\\\\nRUN b\n") << 1 << s("RUN")
            << s("RUN echo a \\\\") << L { s("echo a \\\\") } << L {} << false << 2 << 2 << L {};
        QTest::addRow("indented instruction and trailing blanks")
            << QByteArray("FROM alpine\n   RUN   x   \n") << 1 << s("RUN") << s("RUN   x")
            << L { s("x") } << L {} << false << 2 << 2 << L {};
        QTest::addRow("escape=` continues with the backtick")
            << QByteArray("# escape=`\nFROM alpine\nCOPY a `\n  C:\\dst\\\n") << 1 << s("COPY")
            << s("COPY a   C:\\dst\\") << L { s("a"), s("C:\\dst\\") } << L {} << false << 3 << 4
            << L {};
        QTest::addRow("exec form") << QByteArray("FROM alpine\nRUN [\"echo\", \"a b\"]\n") << 1
                                   << s("RUN") << s("RUN [\"echo\", \"a b\"]")
                                   << L { s("echo"), s("a b") } << L {} << true << 2 << 2 << L {};
        QTest::addRow("invalid JSON falls back to the shell form")
            << QByteArray("FROM alpine\nRUN [\"echo\", \"a\"\n") << 1 << s("RUN")
            << s("RUN [\"echo\", \"a\"") << L { s("[\"echo\", \"a\"") } << L {} << false << 2 << 2
            << L {};
        QTest::addRow("COPY exec form")
            << QByteArray("FROM alpine\nCOPY [\"a b\", \"/dst/\"]\n") << 1 << s("COPY")
            << s("COPY [\"a b\", \"/dst/\"]") << L { s("a b"), s("/dst/") } << L {} << true << 2
            << 2 << L {};
        QTest::addRow("COPY flags")
            << QByteArray("FROM alpine\nCOPY --from=build --chown=\"app user\" --chmod=0755 "
                          "--link a b /dst/\n")
            << 1 << s("COPY")
            << s("COPY --from=build --chown=\"app user\" --chmod=0755 --link a b /dst/")
            << L { s("a"), s("b"), s("/dst/") }
            << L { s("from=build"), s("chown=app user"), s("chmod=0755"), s("link") } << false << 2
            << 2 << L {};
        QTest::addRow("RUN with several mounts and a network")
            << QByteArray("FROM alpine\nRUN --mount=type=cache,target=/c "
                          "--mount=type=bind,from=build,source=/o,target=/i --network=none "
                          "make\n")
            << 1 << s("RUN")
            << s("RUN --mount=type=cache,target=/c --mount=type=bind,from=build,source=/o,"
                 "target=/i --network=none make")
            << L { s("make") }
            << L { s("mount=type=cache,target=/c"),
                   s("mount=type=bind,from=build,source=/o,target=/i"), s("network=none") }
            << false << 2 << 2 << L {};
        QTest::addRow("-- ends the flags")
            << QByteArray("FROM alpine\nRUN -- --not-a-flag\n") << 1 << s("RUN")
            << s("RUN -- --not-a-flag") << L { s("--not-a-flag") } << L {} << false << 2 << 2
            << L {};
        QTest::addRow("ENV old form")
            << QByteArray("FROM alpine\nENV A  one two\n") << 1 << s("ENV") << s("ENV A  one two")
            << L { s("A"), s("one two") } << L {} << false << 2 << 2 << L {};
        QTest::addRow("ENV pairs keep their quotes for the expansion")
            << QByteArray("FROM alpine\nENV A=1 B=\"x y\" C=a\\ b\n") << 1 << s("ENV")
            << s("ENV A=1 B=\"x y\" C=a\\ b")
            << L { s("A"), s("1"), s("B"), s("\"x y\""), s("C"), s("a\\ b") } << L {} << false << 2
            << 2 << L {};
        QTest::addRow("ARG with and without default")
            << QByteArray("FROM alpine\nARG A B=2 C=\"x y\"\n") << 1 << s("ARG")
            << s("ARG A B=2 C=\"x y\"") << L { s("A"), s("B=2"), s("C=\"x y\"") } << L {} << false
            << 2 << 2 << L {};
        QTest::addRow("HEALTHCHECK")
            << QByteArray("FROM alpine\nHEALTHCHECK --interval=5s CMD [\"true\"]\n") << 1
            << s("HEALTHCHECK") << s("HEALTHCHECK --interval=5s CMD [\"true\"]")
            << L { s("CMD"), s("true") } << L { s("interval=5s") } << true << 2 << 2 << L {};
        QTest::addRow("ONBUILD") << QByteArray("FROM alpine\nONBUILD COPY --from=x a b\n") << 1
                                 << s("ONBUILD") << s("ONBUILD COPY --from=x a b")
                                 << L { s("COPY"), s("a"), s("b") } << L {} << false << 2 << 2
                                 << L {};
        QTest::addRow("RUN heredoc")
            << QByteArray("FROM alpine\nRUN <<EOF\necho a\n  echo b\nEOF\nRUN next\n") << 1
            << s("RUN") << s("RUN <<EOF") << L { s("<<EOF") } << L {} << false << 2 << 5
            << L { s("EOF: echo a\n  echo b\n") };
        QTest::addRow("<<- strips leading tabs")
            << QByteArray("FROM alpine\nRUN <<-EOT\n\techo a\n\t\techo b\n\tEOT\n") << 1 << s("RUN")
            << s("RUN <<-EOT") << L { s("<<-EOT") } << L {} << false << 2 << 5
            << L { s("EOT chomp: echo a\necho b\n") };
        QTest::addRow("quoted delimiter: no expansion")
            << QByteArray("FROM alpine\nRUN <<\"EOF\" sh\necho $HOME\nEOF\n") << 1 << s("RUN")
            << s("RUN <<\"EOF\" sh") << L { s("<<\"EOF\" sh") } << L {} << false << 2 << 4
            << L { s("EOF no-expand: echo $HOME\n") };
        QTest::addRow("COPY heredoc")
            << QByteArray("FROM alpine\nCOPY <<EOF /etc/motd\nWelcome\nEOF\n") << 1 << s("COPY")
            << s("COPY <<EOF /etc/motd") << L { s("<<EOF"), s("/etc/motd") } << L {} << false << 2
            << 4 << L { s("EOF: Welcome\n") };
        QTest::addRow("several heredocs on one line")
            << QByteArray("FROM alpine\nCOPY <<a.txt <<b.txt /dst/\nA\na.txt\nB\nb.txt\n") << 1
            << s("COPY") << s("COPY <<a.txt <<b.txt /dst/")
            << L { s("<<a.txt"), s("<<b.txt"), s("/dst/") } << L {} << false << 2 << 6
            << L { s("a.txt: A\n"), s("b.txt: B\n") };
        QTest::addRow("heredoc on a file descriptor")
            << QByteArray("FROM alpine\nRUN 3<<EOF cat /dev/fd/3\nx\nEOF\n") << 1 << s("RUN")
            << s("RUN 3<<EOF cat /dev/fd/3") << L { s("3<<EOF cat /dev/fd/3") } << L {} << false
            << 2 << 4 << L { s("EOF fd3: x\n") };
        QTest::addRow("heredoc lines are raw: no comments, no continuations")
            << QByteArray("FROM alpine\nRUN <<EOF\n# kept\nx \\\nEOF\n") << 1 << s("RUN")
            << s("RUN <<EOF") << L { s("<<EOF") } << L {} << false << 2 << 5
            << L { s("EOF: # kept\nx \\\n") };
        QTest::addRow("no heredoc in exec form")
            << QByteArray("FROM alpine\nRUN [\"cat\", \"<<EOF\"]\nRUN x\n") << 1 << s("RUN")
            << s("RUN [\"cat\", \"<<EOF\"]") << L { s("cat"), s("<<EOF") } << L {} << true << 2 << 2
            << L {};
        QTest::addRow("no heredoc for other instructions")
            << QByteArray("FROM alpine\nLABEL a=<<EOF\nRUN x\n") << 2 << s("RUN") << s("RUN x")
            << L { s("x") } << L {} << false << 3 << 3 << L {};
        QTest::addRow("byte-order mark and CRLF")
            << QByteArray("\xEF\xBB\xBF"
                          "FROM alpine\r\nRUN a \\\r\n  b\r\n")
            << 1 << s("RUN") << s("RUN a   b") << L { s("a   b") } << L {} << false << 2 << 3
            << L {};
        QTest::addRow("line numbers after a heredoc")
            << QByteArray("FROM alpine\nRUN <<EOF\n1\n2\nEOF\n\n# c\nRUN z\n") << 2 << s("RUN")
            << s("RUN z") << L { s("z") } << L {} << false << 8 << 8 << L {};
    }
    void instruction()
    {
        QFETCH(QByteArray, content);
        QFETCH(int, index);
        const QList<DockerfileInstruction> instructions = instructionsOf(content);
        QVERIFY(index < instructions.size());
        const DockerfileInstruction &parsed = instructions.at(index);
        QTEST(parsed.keyword, "keyword");
        QTEST(parsed.text, "text");
        QTEST(parsed.arguments, "arguments");
        QTEST(flagsOf(parsed), "flags");
        QTEST(parsed.json, "json");
        QTEST(parsed.line, "line");
        QTEST(parsed.endLine, "endLine");
        QTEST(heredocsOf(parsed), "heredocs");
    }

    void onbuildTriggerIsParsed()
    {
        const QList<DockerfileInstruction> instructions
            = instructionsOf("FROM alpine\nONBUILD RUN --mount=type=cache,target=/c make\n");
        QCOMPARE(instructions.size(), 2);
        QVERIFY(instructions.at(1).trigger);
        const DockerfileInstruction &trigger = *instructions.at(1).trigger;
        QCOMPARE(trigger.keyword, QStringLiteral("RUN"));
        QCOMPARE(trigger.text, QStringLiteral("RUN --mount=type=cache,target=/c make"));
        QCOMPARE(trigger.flagValues(QStringLiteral("mount")),
                 QStringList { QStringLiteral("type=cache,target=/c") });
        QCOMPARE(trigger.line, 2);
    }

    void directives_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("syntax");
        QTest::addColumn<QString>("escape");
        QTest::addColumn<int>("directiveCount");
        QTest::addRow("syntax and escape")
            << QByteArray("# syntax=docker/dockerfile:1.7\n#escape = `\nFROM alpine\n")
            << QStringLiteral("docker/dockerfile:1.7") << QStringLiteral("`") << 2;
        QTest::addRow("keys are case-insensitive")
            << QByteArray("# SYNTAX=x\nFROM alpine\n") << QStringLiteral("x")
            << QStringLiteral("\\") << 1;
        QTest::addRow("only at the very top: after a comment it is a comment")
            << QByteArray("# hello\n# escape=`\nFROM alpine\n") << QString() << QStringLiteral("\\")
            << 0;
        QTest::addRow("only at the very top: after an empty line it is a comment")
            << QByteArray("\n# escape=`\nFROM alpine\n") << QString() << QStringLiteral("\\") << 0;
        QTest::addRow("an unknown directive ends them")
            << QByteArray("# foo=bar\n# escape=`\nFROM alpine\n") << QString()
            << QStringLiteral("\\") << 0;
        QTest::addRow("check is a directive too")
            << QByteArray("# check=skip=all\n# syntax=a\nFROM alpine\n") << QStringLiteral("a")
            << QStringLiteral("\\") << 2;
    }
    void directives()
    {
        QFETCH(QByteArray, content);
        Dockerfile dockerfile;
        QVERIFY(!instructionsOf(content, &dockerfile).isEmpty());
        QTEST(dockerfile.syntax(), "syntax");
        QTEST(QString(dockerfile.escapeToken()), "escape");
        QTEST(int(dockerfile.directives().size()), "directiveCount");
    }

    void directiveLines()
    {
        Dockerfile dockerfile;
        QVERIFY(!instructionsOf("# syntax=a\n# escape=`\nFROM alpine\n", &dockerfile).isEmpty());
        const QList<DockerfileDirective> directives = dockerfile.directives();
        QCOMPARE(directives.size(), 2);
        QCOMPARE(directives.at(0).name, QStringLiteral("syntax"));
        QCOMPARE(directives.at(0).line, 1);
        QCOMPARE(directives.at(1).name, QStringLiteral("escape"));
        QCOMPARE(directives.at(1).value, QStringLiteral("`"));
        QCOMPARE(directives.at(1).line, 2);
    }

    void flagHelpers()
    {
        const QList<DockerfileInstruction> instructions = instructionsOf(
            "FROM alpine\nRUN --mount=type=cache,target=/a --mount=type=tmpfs,target=/b x\n");
        const DockerfileInstruction &run = instructions.at(1);
        QVERIFY(run.hasFlag(QStringLiteral("mount")));
        QVERIFY(!run.hasFlag(QStringLiteral("network")));
        QCOMPARE(run.flagValue(QStringLiteral("mount")), QStringLiteral("type=tmpfs,target=/b"));
        QCOMPARE(run.flagValues(QStringLiteral("mount")).size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestDockerfileInstructions)
#include "tst_dockerfile_instructions.moc"
