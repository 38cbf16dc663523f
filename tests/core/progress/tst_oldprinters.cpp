// SPDX-License-Identifier: GPL-3.0-or-later
// The 2018–2019 printers (fixtures/old-printers/, made by BuildKit v0.3.3's and v0.6.4's
// own plain printers from the status streams of real rawjson recordings; its README says
// how): every log parses to the same vertices as the recording it was printed from —
// names (whole where the printer says them: v0.3's `name:` event), states, errors and
// durations.
#include "core/progress/ProgressStreamParser.h"

#include <QDir>
#include <QTest>

using namespace Cachelab;

class TestOldPrinters : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameVerticesAsTheRecording_data()
    {
        QTest::addColumn<QString>("log");
        QTest::addColumn<QString>("recording");
        const QDir folder(QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/old-printers"));
        const QStringList logs = folder.entryList({QStringLiteral("*.log")});
        QVERIFY(logs.size() >= 10);
        for (const QString &log : logs) {
            const QString name = log.section(QStringLiteral(".buildkit-"), 0, 0);
            QString recording = QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/recordings/") + name + QStringLiteral(".rawjson");
            if (!QFile::exists(recording))
                recording = QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/recordings/varied/") + name + QStringLiteral(".rawjson");
            QTest::newRow(qPrintable(log)) << folder.filePath(log) << recording;
        }
    }
    void sameVerticesAsTheRecording()
    {
        QFETCH(QString, log);
        QFETCH(QString, recording);
        QString error;
        const auto printed = ProgressStreamParser::readFile(log, &error);
        QVERIFY2(printed, qPrintable(error));
        const auto recorded = ProgressStreamParser::readFile(recording, &error);
        QVERIFY2(recorded, qPrintable(error));
        const bool wholeNames = log.contains(QLatin1String(".buildkit-v0.3."));

        // Vertices that never started are not printed by any plain printer.
        QHash<QString, const BuildVertex *> expected;
        for (const BuildVertex &vertex : recorded->vertices)
            expected.insert(vertex.digest, &vertex);
        QCOMPARE(printed->vertices.size(), recorded->vertices.size());
        for (const BuildVertex &vertex : printed->vertices) {
            const BuildVertex *want = nullptr;
            if (wholeNames) {
                QVERIFY2(!vertex.digest.isEmpty(), qPrintable(vertex.name())); // v0.3's digest: event
                want = expected.value(vertex.digest);
            } else {
                for (const BuildVertex *candidate : std::as_const(expected)) {
                    const QByteArray whole = candidate->name().toUtf8();
                    const QByteArray cut = whole.size() > 72 ? whole.left(72) + "..." : whole; // limitString
                    if (vertex.name().toUtf8() == cut)
                        want = candidate;
                }
            }
            QVERIFY2(want, qPrintable(vertex.name()));
            if (wholeNames)
                QCOMPARE(vertex.name(), want->name());
            QCOMPARE(vertex.state, want->state);
            if (vertex.state == VertexState::Error)
                QCOMPARE(vertex.errorMessage(), want->errorMessage());
            QCOMPARE(vertex.logLines(), want->logLines());
            if (vertex.state == VertexState::Done && want->seconds >= 0)
                QVERIFY2(qAbs(vertex.seconds - want->seconds) <= 0.051,
                         qPrintable(QStringLiteral("%1: %2 s against %3 s").arg(vertex.name()).arg(vertex.seconds).arg(want->seconds)));
        }
        QCOMPARE(printed->stepVertices().size(), recorded->stepVertices().size());
    }
};

QTEST_GUILESS_MAIN(TestOldPrinters)
#include "tst_oldprinters.moc"
