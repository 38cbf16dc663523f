// SPDX-License-Identifier: GPL-3.0-or-later
// The GitHub issue report: its parts, secrets masked, and the tool versions probed from
// programs on PATH (hand-made stand-ins: one answers, one fails, one never answers).
#include "core/report/IssueReport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Cachelab;

namespace {
void writeScript(const QString &path, const QByteArray &body)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("#!/bin/sh\n" + body);
    file.close();
    file.setPermissions(file.permissions() | QFile::ExeOwner);
}
} // namespace

class TestIssueReport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void partsAndSecrets()
    {
        IssueReport report;
        IssueReport::Run run;
        run.side = QStringLiteral("A");
        run.label = QStringLiteral("build.sh");
        run.commandLine
            = QStringLiteral("build.sh --header 'Authorization: Bearer abcdef0123456789'");
        run.ending = QStringLiteral("succeeded");
        run.summary.ran = 19;
        run.summary.cached = 2;
        run.summary.exporter = CacheExport::Exporter::Registry;
        run.summary.exportedLayers = 3;
        report.runs.append(run);
        LintFinding finding;
        finding.file = QStringLiteral("build.sh");
        finding.line = 39;
        finding.severity = QStringLiteral("error");
        finding.message = QStringLiteral("unknown cache export key `mod`");
        finding.suggestion = QStringLiteral("use `mode=max`");
        report.findings.append(finding);
        RebuildExplanation explanation;
        explanation.after = QStringLiteral("build.sh (rebuild)");
        explanation.before = QStringLiteral("build.sh (cold)");
        explanation.changedFiles = { QStringLiteral("assets/js/file1.js") };
        ExplainedStep step;
        step.label = QStringLiteral("[build-node-modules 6/6]");
        step.verdict = ExplainedStep::Verdict::UnexpectedRebuild;
        explanation.steps.append(step);
        explanation.cause = RebuildExplanation::Cause::MinMode;
        explanation.causeText = QStringLiteral("The cache was exported in min mode.");
        explanation.evidence = { QStringLiteral("https://bob:hunter2secret@registry.example/v2/") };
        report.explanations.append(explanation);
        report.dagImage = QStringLiteral("/tmp/dag.png");

        const QString markdown = report.toMarkdown();
        QVERIFY(markdown.startsWith(QLatin1String("## BuildKit cache report")));
        QVERIFY(markdown.contains(QLatin1String("| A | build.sh |")));
        QVERIFY(markdown.contains(
            QLatin1String("19 ran, 2 cached, 0 loaded | 3 layer(s) to the registry")));
        QVERIFY(markdown.contains(
            QLatin1String("**unexpected rebuilds**: `[build-node-modules 6/6]`")));
        QVERIFY(markdown.contains(QLatin1String(
            "- `build.sh:39` error: unknown cache export key `mod` (use `mode=max`)")));
        QVERIFY(markdown.contains(QLatin1String("Stage graph: `/tmp/dag.png`")));
        // Never a credential, wherever it came from.
        QVERIFY(!markdown.contains(QLatin1String("abcdef0123456789")));
        QVERIFY(!markdown.contains(QLatin1String("hunter2secret")));
        QVERIFY(markdown.contains(QLatin1String("Bearer ***")));
    }

    void toolVersionsFromPath()
    {
        QTemporaryDir bin;
        writeScript(bin.filePath(QStringLiteral("docker")),
                    "if [ \"$1\" = buildx ]; then echo 'github.com/docker/buildx v0.38.2 abc'; "
                    "else echo 'client 20.10.24 (linux/amd64), engine 20.10.24'; fi\n");
        writeScript(bin.filePath(QStringLiteral("buildctl")), "exec /bin/sleep 30\n");
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("PATH"), bin.path());
        QElapsedTimer clock;
        clock.start();
        const auto tools = ToolVersions::probe(environment, 1000);
        QVERIFY(clock.elapsed() < 10000); // a tool that never answers is not waited for
        QCOMPARE(tools.size(), 3);
        QCOMPARE(tools.at(0).command, QStringLiteral("docker version"));
        QCOMPARE(tools.at(0).version,
                 QStringLiteral("client 20.10.24 (linux/amd64), engine 20.10.24"));
        QCOMPARE(tools.at(1).version, QStringLiteral("github.com/docker/buildx v0.38.2 abc"));
        QCOMPARE(tools.at(2).problem, QStringLiteral("no answer in 1 s"));

        QProcessEnvironment empty;
        empty.insert(QStringLiteral("PATH"), QStringLiteral("/nonexistent"));
        for (const ToolVersions::Tool &tool : ToolVersions::probe(empty, 1000))
            QCOMPARE(tool.problem, QStringLiteral("not found"));
        QVERIFY(ToolVersions::toMarkdown(tools).contains(
            QLatin1String("- `buildctl --version`: no answer in 1 s")));
    }
};

QTEST_GUILESS_MAIN(TestIssueReport)
#include "tst_issuereport.moc"
