// SPDX-License-Identifier: GPL-3.0-or-later
// Every recorded log (fixtures/recordings, real BuildKit output) and every hand-made
// edge case (fixtures/edge-cases) against a golden report, and the incremental feeder
// against the whole-log parser in random chunk sizes.
#include "core/progress/ProgressStreamParser.h"
#include "core/report/RunTextReport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QMap>
#include <QRandomGenerator>
#include <QTest>

using namespace Cachelab;

namespace {
const QString kSourceDir = QStringLiteral(CACHELAB_SOURCE_DIR);

QStringList allLogs()
{
    QStringList logs;
    for (const char *folder : { "fixtures/recordings", "fixtures/edge-cases" }) {
        QDirIterator it(kSourceDir + QLatin1Char('/') + QLatin1String(folder),
                        { QStringLiteral("*.log"), QStringLiteral("*.rawjson") }, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext())
            logs.append(QDir(kSourceDir).relativeFilePath(it.next()));
    }
    logs.sort();
    return logs;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

// Everything a run holds, so that two runs compare equal only if they are.
QByteArray fingerprint(const BuildRun &run)
{
    QByteArray out = QJsonDocument(run.toJson()).toJson(QJsonDocument::Compact);
    for (const BuildVertex &vertex : run.vertices) {
        out += "\n#" + QByteArray::number(vertex.id) + ' ' + vertex.digest.toUtf8()
            + " log:" + vertex.log.toByteArray();
        for (const StatusLine &status : vertex.statuses())
            out += "\n  " + status.id.toUtf8() + '|' + status.current.toUtf8() + '|'
                + status.total.toUtf8() + '|' + QByteArray::number(status.seconds) + '|'
                + (status.done ? "done" : "");
        out += "\n  warnings:" + vertex.warnings().join(QLatin1Char('|')).toUtf8();
    }
    out += "\nblocks:" + run.errorBlocks.join(QLatin1Char('|')).toUtf8();
    out += "\nother:" + run.otherLines.join(QLatin1Char('|')).toUtf8();
    return out;
}

QString showDiff(const QString &expected, const QString &actual)
{
    const QStringList e = expected.split(QLatin1Char('\n'));
    const QStringList a = actual.split(QLatin1Char('\n'));
    QStringList diff;
    for (qsizetype i = 0; i < std::max(e.size(), a.size()) && diff.size() < 40; ++i) {
        const QString el = i < e.size() ? e.at(i) : QStringLiteral("<missing>");
        const QString al = i < a.size() ? a.at(i) : QStringLiteral("<missing>");
        if (el != al)
            diff << QStringLiteral("line %1:\n- %2\n+ %3").arg(i + 1).arg(el, al);
    }
    return diff.join(QLatin1Char('\n'));
}
} // namespace

class TestProgressRecordings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void golden_data()
    {
        QTest::addColumn<QString>("log");
        const QStringList logs = allLogs();
        QVERIFY(logs.size() >= 10);
        for (const QString &log : logs)
            QTest::addRow("%s", qPrintable(log)) << log;
    }

    void golden()
    {
        QFETCH(QString, log);
        QString error;
        const auto run
            = ProgressStreamParser::readFile(kSourceDir + QLatin1Char('/') + log, &error);
        QVERIFY2(run, qPrintable(error));
        const QString actual = RunTextReport::render(*run);

        const QString goldenPath
            = QStringLiteral("%1/tests/core/progress/golden/%2.expected.txt")
                  .arg(kSourceDir, QString(log).replace(QLatin1Char('/'), QStringLiteral("__")));
        if (qEnvironmentVariableIsSet("CACHELAB_UPDATE_GOLDEN")) {
            QFile out(goldenPath);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(actual.toUtf8());
            QSKIP("golden file rewritten");
        }
        QVERIFY2(QFile::exists(goldenPath),
                 qPrintable(QStringLiteral(
                                "no golden file %1 (CACHELAB_UPDATE_GOLDEN=1 writes it; review it)")
                                .arg(goldenPath)));
        const QString expected = QString::fromUtf8(readAll(goldenPath));
        QVERIFY2(actual == expected,
                 qPrintable(QStringLiteral("%1 differs from %2:\n%3")
                                .arg(log, goldenPath, showDiff(expected, actual))));
    }

    // The same builds recorded twice by Step 2's harness, once per format: each Dockerfile
    // step must have the same outcome in both, and the cache exports the same size.
    void plainAndRawJsonAgree_data()
    {
        QTest::addColumn<QString>("plain");
        QTest::addColumn<QString>("rawjson");
        int pairs = 0;
        for (const QString &log : allLogs()) {
            const QString twin
                = QString(log).replace(QLatin1String(".log"), QLatin1String(".rawjson"));
            if (log.endsWith(QLatin1String(".log"))
                && QFile::exists(kSourceDir + QLatin1Char('/') + twin)) {
                QTest::addRow("%s", qPrintable(log)) << log << twin;
                ++pairs;
            }
        }
        QVERIFY(pairs >= 7);
    }

    void plainAndRawJsonAgree()
    {
        QFETCH(QString, plain);
        QFETCH(QString, rawjson);
        auto outcomes = [](const QString &relative) {
            QString error;
            const auto run
                = ProgressStreamParser::readFile(kSourceDir + QLatin1Char('/') + relative, &error);
            if (!run)
                qFatal("%s", qPrintable(error));
            QMap<QString, QString> byStep;
            for (const BuildVertex *vertex : run->stepVertices()) {
                const StepLabel label = vertex->step();
                // A FROM names the image by digest; the shared FROM and WORKDIR take any
                // stage's name. Compare what is stable: the stage steps from 3 on.
                if (label.index >= 3)
                    byStep.insert(QStringLiteral("%1 %2/%3")
                                      .arg(label.stage)
                                      .arg(label.index)
                                      .arg(label.total),
                                  vertexOutcomeName(vertex->outcome()));
            }
            byStep.insert(QStringLiteral("exported layers"),
                          QString::number(run->cacheExport().layers.size()));
            return byStep;
        };
        const auto fromPlain = outcomes(plain);
        QVERIFY(fromPlain.size() >= 2); // at least one step besides the layer count
        QCOMPARE(fromPlain, outcomes(rawjson));
    }

    void incrementalFeedEqualsWholeLog_data() { golden_data(); }

    void incrementalFeedEqualsWholeLog()
    {
        QFETCH(QString, log);
        const QByteArray bytes = readAll(kSourceDir + QLatin1Char('/') + log);
        ProgressStreamParser whole(log);
        whole.feed(bytes);
        const QByteArray expected = fingerprint(whole.takeRun());

        // Chunks as a QProcess delivers them: any size, cutting lines, CRLF pairs and
        // UTF-8 sequences anywhere. Seeded, so a failure can be replayed.
        for (quint32 seed : { 1u, 7u, 1515u, 4242u }) {
            QRandomGenerator random(seed);
            ProgressStreamParser incremental(log);
            qsizetype offset = 0;
            qsizetype verticesSoFar = 0;
            while (offset < bytes.size()) {
                const qsizetype size
                    = std::min<qsizetype>(bytes.size() - offset, random.bounded(1, 97));
                incremental.feed(QByteArrayView(bytes).sliced(offset, size));
                // The live view only ever grows: a vertex, once shown, stays.
                QVERIFY(incremental.run().vertices.size() >= verticesSoFar);
                verticesSoFar = incremental.run().vertices.size();
                offset += size;
            }
            const QByteArray actual = fingerprint(incremental.takeRun());
            QVERIFY2(actual == expected,
                     qPrintable(QStringLiteral("seed %1 differs:\n%2")
                                    .arg(seed)
                                    .arg(showDiff(QString::fromUtf8(expected),
                                                  QString::fromUtf8(actual)))));
        }

        // One byte at a time, the worst case.
        ProgressStreamParser bytewise(log);
        for (char c : bytes)
            bytewise.feed(QByteArrayView(&c, 1));
        QCOMPARE(fingerprint(bytewise.takeRun()), expected);
    }
};

QTEST_GUILESS_MAIN(TestProgressRecordings)
#include "tst_progressrecordings.moc"
