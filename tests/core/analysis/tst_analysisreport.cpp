// SPDX-License-Identifier: GPL-3.0-or-later
// The analysis report written a vertex at a time (AnalysisReport::writeJson) is byte for
// byte the document QJsonDocument makes of toJson(), on real recordings with and without
// their Dockerfile, on a CI job's log of several builds, and on hand-made names holding
// every kind of character JSON escapes.
#include "core/dockerfile/DockerfileParser.h"
#include "core/progress/ProgressStreamParser.h"
#include "core/report/AnalysisReport.h"
#include "core/report/RunTextReport.h"

#include <QBuffer>
#include <QDir>
#include <QJsonDocument>
#include <QTest>
#include <QTextStream>

using namespace Cachelab;

class TestAnalysisReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void streamedEqualsWhole_data()
    {
        QTest::addColumn<QStringList>("logs");
        QTest::addColumn<bool>("withDockerfile");
        const QString recordings = QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/recordings/");
        QTest::newRow("buildctl, Dockerfile") << QStringList{recordings + QStringLiteral("buildctl-v0.34.2-01-cold.log")} << true;
        QTest::newRow("buildx rawjson, no Dockerfile") << QStringList{recordings + QStringLiteral("buildx-v0.38.2-03-cold.rawjson")} << false;
        QTest::newRow("two logs, Dockerfile")
            << QStringList{recordings + QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.log"), recordings + QStringLiteral("buildx-v0.38.2-04-rebuild-warm.log")}
            << true;
        QTest::newRow("no runs") << QStringList{} << true;
    }
    void streamedEqualsWhole()
    {
        QFETCH(QStringList, logs);
        QFETCH(bool, withDockerfile);
        QList<BuildRun> runs;
        for (const QString &log : std::as_const(logs)) {
            QString error;
            const auto read = ProgressStreamParser::readFileRuns(log, &error);
            QVERIFY2(read, qPrintable(error));
            runs += *read;
        }
        std::optional<Dockerfile> dockerfile;
        if (withDockerfile) {
            DockerfileError error;
            dockerfile = DockerfileParser::parseFile(QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/moby-cache/Dockerfile"), {}, &error);
            QVERIFY2(dockerfile, qPrintable(error.toString()));
        }
        const Dockerfile *file = dockerfile ? &*dockerfile : nullptr;
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        AnalysisReport::writeJson(&buffer, file, runs);
        QCOMPARE(buffer.data(), QJsonDocument(AnalysisReport::toJson(file, runs)).toJson(QJsonDocument::Indented));
    }

    // The text report, written as it is made, is each run's table (RunTextReport) and
    // its Dockerfile steps, one blank line between runs, one newline at the end.
    void textIsTheRunsTablesInOrder_data() { streamedEqualsWhole_data(); }
    void textIsTheRunsTablesInOrder()
    {
        QFETCH(QStringList, logs);
        QFETCH(bool, withDockerfile);
        QList<BuildRun> runs;
        for (const QString &log : std::as_const(logs))
            runs += *ProgressStreamParser::readFileRuns(log, nullptr);
        DockerfileError error;
        const auto dockerfile = withDockerfile ? DockerfileParser::parseFile(
                                                     QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/moby-cache/Dockerfile"), {}, &error)
                                               : std::nullopt;
        const QString text = AnalysisReport::toText(dockerfile ? &*dockerfile : nullptr, runs);
        QString written;
        QTextStream stream(&written);
        AnalysisReport::writeText(stream, dockerfile ? &*dockerfile : nullptr, runs);
        stream.flush();
        QCOMPARE(written, text);
        if (runs.isEmpty()) {
            QCOMPARE(text, QString());
            return;
        }
        // Each run's table in order, each after the one before and its steps.
        qsizetype at = 0;
        for (const BuildRun &run : std::as_const(runs)) {
            const QString table = RunTextReport::render(run);
            QVERIFY(table.endsWith(QLatin1Char('\n')));
            const qsizetype found = text.indexOf(table, at);
            QCOMPARE(found, at);
            at = found + table.size();
            if (dockerfile) {
                const QString steps = QStringLiteral("\nDockerfile steps of target website-ssr"); // after a blank line
                QCOMPARE(text.mid(at, steps.size()), steps);
                at = text.indexOf(QStringLiteral("(* the vertex is shared with another stage's identical step)\n"), at);
                QVERIFY(at > 0);
                at = text.indexOf(QLatin1Char('\n'), at) + 1;
            }
            if (&run != &runs.constLast()) {
                QCOMPARE(text.at(at), QLatin1Char('\n')); // the blank line between two runs
                ++at;
            }
        }
        QCOMPARE(at, text.size());
    }

    void escapesAsQtDoes()
    {
        // hand-made: every character class JSON escapes, in a vertex name and an error
        BuildRun run;
        run.source = QStringLiteral("a \"quoted\" \\ path\t\n\r\b\f\x01\x1f\x7f é → 🐳");
        BuildVertex vertex;
        vertex.id = 1;
        vertex.setName(QStringLiteral("[1/1] RUN printf '\\0\\x01' \"$X\" \u2028"));
        vertex.setErrorMessage(QStringLiteral("exit code: 1\u0000tail"));
        vertex.seconds = 0.1 + 0.2;
        run.vertices.append(vertex);
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        AnalysisReport::writeJson(&buffer, nullptr, { run });
        QCOMPARE(buffer.data(), QJsonDocument(AnalysisReport::toJson(nullptr, { run })).toJson(QJsonDocument::Indented));
    }
};

QTEST_GUILESS_MAIN(TestAnalysisReport)
#include "tst_analysisreport.moc"
