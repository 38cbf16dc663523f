// SPDX-License-Identifier: GPL-3.0-or-later
// The analysis report written a vertex at a time (AnalysisReport::writeJson) is byte for
// byte the document QJsonDocument makes of toJson(), on real recordings with and without
// their Dockerfile, on a CI job's log of several builds, and on hand-made names holding
// every kind of character JSON escapes.
#include "core/dockerfile/DockerfileParser.h"
#include "core/progress/ProgressStreamParser.h"
#include "core/report/AnalysisReport.h"

#include <QBuffer>
#include <QDir>
#include <QJsonDocument>
#include <QTest>

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
