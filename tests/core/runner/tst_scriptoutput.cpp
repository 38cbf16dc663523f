// SPDX-License-Identifier: GPL-3.0-or-later
// The first error line of a failed script's output: BuildKit's and Docker's own words, not
// a step's output that merely mentions "error". The engine tests see these lines for real;
// the short ones here are hand-made, in the tools' exact wording.
#include "core/DataLocations.h"
#include "core/runner/ScriptOutput.h"

#include <QFile>
#include <QTest>

using namespace Cachelab;

class TestScriptOutput : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void recordedFailure()
    {
        QFile log(DataLocations::recordingsDir()
                  + QStringLiteral("/docker-20.10-inline-03-failed-step.log"));
        QVERIFY(log.open(QIODevice::ReadOnly));
        QCOMPARE(ScriptOutput::firstErrorLine(log.readAll()),
                 QStringLiteral("#9 ERROR: executor failed running [/bin/sh -c echo \"bundling "
                                "assets/js/file1.js\" && ls assets/js && false]: exit code: 1"));
    }

    void lines_data()
    {
        QTest::addColumn<QByteArray>("output");
        QTest::addColumn<QString>("line");
        QTest::addRow("docker run without the image")
            << QByteArray("+ docker run --rm moby/buildkit:master\nUnable to find image "
                          "'moby/buildkit:master' locally\ndocker: Error response from daemon: "
                          "pull access denied.\n")
            << QStringLiteral("Unable to find image 'moby/buildkit:master' locally");
        QTest::addRow("no engine")
            << QByteArray("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. "
                          "Is the docker daemon running?\n")
            << QStringLiteral("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. "
                              "Is the docker daemon running?");
        QTest::addRow("no engine, as docker run says it")
            << QByteArray("docker: Cannot connect to the Docker daemon at unix:///tmp/none.sock. Is "
                          "the docker daemon running?\n\nRun 'docker run --help' for more information\n")
            << QStringLiteral("docker: Cannot connect to the Docker daemon at unix:///tmp/none.sock. Is "
                              "the docker daemon running?");
        QTest::addRow("buildx missing")
            << QByteArray("./build-with-buildx.sh: line 9: docker-buildx: command not found\n")
            << QStringLiteral("./build-with-buildx.sh: line 9: docker-buildx: command not found");
        QTest::addRow("buildx's own words")
            << QByteArray("#0 building with \"cachelab\" instance\nERROR: no builder \"cachelab\" found\n")
            << QStringLiteral("ERROR: no builder \"cachelab\" found");
        QTest::addRow("a step that prints error")
            << QByteArray("#7 0.213 compiled error.js\n#7 0.214 0 errors\n#7 DONE 0.3s\n")
            << QString();
        QTest::addRow("empty") << QByteArray() << QString();
    }

    void lines()
    {
        QFETCH(QByteArray, output);
        QFETCH(QString, line);
        QCOMPARE(ScriptOutput::firstErrorLine(output), line);
    }

    void longLinesAreCut()
    {
        const QByteArray output = QByteArray("ERROR: ") + QByteArray(500, 'x') + QByteArray("\n");
        const QString line = ScriptOutput::firstErrorLine(output);
        QCOMPARE(line.size(), 200);
        QVERIFY(line.endsWith(QChar(0x2026)));
    }
};

QTEST_GUILESS_MAIN(TestScriptOutput)
#include "tst_scriptoutput.moc"
