// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/progress/PlainProgressParser.h"
#include "core/progress/PlainRendering.h"
#include "core/progress/ProgressStreamParser.h"
#include "core/progress/RawJsonProgressParser.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace Cachelab;

class TestRawJsonProgressParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void mergesVerticesByDigest()
    {
        QString error;
        const auto run = ProgressStreamParser::readFile(
            QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/edge-cases/rawjson-chunked.log"), &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->format, BuildRun::Format::RawJson);
        QCOMPARE(run->vertices.size(), 4);

        const BuildVertex &load = run->vertices.at(0);
        QCOMPARE(load.id, 1);
        QCOMPARE(load.state, VertexState::Done);
        QCOMPARE(load.seconds, 0.1);
        QCOMPARE(load.statuses().size(), 1);
        QCOMPARE(load.statuses().constFirst().current, QStringLiteral("412B"));
        QVERIFY(load.statuses().constFirst().done);

        const BuildVertex &copy = run->vertices.at(1);
        QCOMPARE(copy.outcome(), VertexOutcome::Cached);
        QCOMPARE(copy.inputs(), QStringList { load.digest });
        QCOMPARE(copy.warnings(),
                 QStringList { QStringLiteral("CopyIgnoredFile: a copied file is ignored") });

        // Logs split inside a UTF-8 character and inside a line come out whole.
        const BuildVertex &failed = run->vertices.at(2);
        QCOMPARE(failed.outcome(), VertexOutcome::Failed);
        QCOMPARE(failed.logLines(),
                 (QStringList { QStringLiteral("h\u00e9llo"), QStringLiteral("world") }));
        QCOMPARE(failed.seconds, 1.0);
        QCOMPARE(failed.step().stage, QStringLiteral("build"));

        QCOMPARE(run->vertices.at(3).outcome(), VertexOutcome::Canceled);
        QCOMPARE(run->errors.size(), 1);
        QVERIFY(run->failed());
    }

    void aLogLineWithoutNewlineIsKeptAtTheEnd()
    {
        RawJsonProgressParser parser;
        parser.feed(
            R"({"vertexes":[{"digest":"sha256:aa","name":"[1/2] RUN x","started":"2026-11-29T07:00:00Z"}]})"
            "\n"
            R"({"logs":[{"vertex":"sha256:aa","stream":1,"data":"bGFzdCBsaW5l"}]})");
        QCOMPARE(parser.run().vertices.size(), 1);
        const BuildRun run = parser.takeRun();
        QCOMPARE(run.vertices.constFirst().logLines(), QStringList { QStringLiteral("last line") });
        QCOMPARE(run.vertices.constFirst().state, VertexState::Running);
    }

    void brokenLinesAreKeptNotFatal()
    {
        RawJsonProgressParser parser;
        parser.feed("{\"vertexes\":[{\"digest\":\"sha256:bb\",\"name\":\"exporting to image\","
                    "\"started\":\"2026-11-29T07:00:00Z\"}]}\n{\"vertexes\": [trunc\n");
        const BuildRun run = parser.takeRun();
        QCOMPARE(run.vertices.size(), 1);
        QCOMPARE(run.otherLines.size(), 1);
    }

    void verticesNeverStartedAreNotPartOfTheRun()
    {
        // rawjson lists the whole graph first; a failed build never starts some of it.
        RawJsonProgressParser parser;
        parser.feed("{\"vertexes\":[{\"digest\":\"sha256:aa\",\"name\":\"[a 1/2] RUN x\"},"
                    "{\"digest\":\"sha256:bb\",\"name\":\"[a 2/2] RUN y\",\"started\":\"2026-11-29T07:00:00Z\"}]}\n");
        QCOMPARE(parser.run().vertices.size(), 2); // live: the graph as announced
        const BuildRun run = parser.takeRun();
        QCOMPARE(run.vertices.size(), 1);
        QCOMPARE(run.vertices.constFirst().name(), QStringLiteral("[a 2/2] RUN y"));
    }

    // What the log pane shows for a rawjson run reads back, through the plain parser, as
    // the same vertices: names, states and errors (every rawjson recording, and the builder
    // history's); every output line is there under its vertex's "#N ".
    void plainRenderingReadsBack_data()
    {
        QTest::addColumn<QString>("path");
        QDir recordings(QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/recordings"));
        for (const QString &name : recordings.entryList({QStringLiteral("*.rawjson")}))
            QTest::newRow(qPrintable(name)) << recordings.filePath(name);
        QDir history(QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/history"));
        for (const QString &name : history.entryList({QStringLiteral("*.rawjson")}))
            QTest::newRow(qPrintable(name)) << history.filePath(name);
    }
    void plainRenderingReadsBack()
    {
        QFETCH(QString, path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const BuildRun run = RawJsonProgressParser::parse(file.readAll());
        QVERIFY(run.vertices.size() >= 5);
        const QByteArray plain = PlainRendering::of(run);
        const BuildRun back = PlainProgressParser::parse(plain);
        QCOMPARE(back.vertices.size(), run.vertices.size());
        for (qsizetype i = 0; i < run.vertices.size(); ++i) {
            const BuildVertex *read = back.vertexById(run.vertices.at(i).id);
            QVERIFY(read);
            QCOMPARE(read->name(), run.vertices.at(i).name());
            QCOMPARE(read->state, run.vertices.at(i).state);
            const QByteArray prefix = '#' + QByteArray::number(run.vertices.at(i).id) + ' ';
            for (const QString &line : run.vertices.at(i).logLines())
                QVERIFY2(plain.contains(QByteArray('\n' + prefix + line.toUtf8() + '\n')), qPrintable(line));
            QCOMPARE(read->errorMessage(), run.vertices.at(i).errorMessage());
        }
        QCOMPARE(back.failed(), run.failed());
    }
};

QTEST_GUILESS_MAIN(TestRawJsonProgressParser)
#include "tst_rawjsonprogressparser.moc"
