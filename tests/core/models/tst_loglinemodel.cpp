// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/LogLineModel.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace Cachelab;

class TestLogLineModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void linesOfAWholeLog()
    {
        LogLineModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setLog("#1 [internal] load build definition\r\n#1 DONE 0.1s\n\n#2 [app 1/2] FROM "
                     "alpine\n#2 0.1 résumé\nno newline at the end");
        QCOMPARE(model.rowCount(), 6);
        QCOMPARE(model.line(0), QByteArrayView("#1 [internal] load build definition")); // CRLF
        QCOMPARE(model.line(2), QByteArrayView(""));
        QCOMPARE(model.data(model.index(4)).toString(), QStringLiteral("#2 0.1 résumé"));
        QCOMPARE(model.line(5), QByteArrayView("no newline at the end"));
        QCOMPARE(model.rowOfVertex(2), 3);
        QCOMPARE(model.rowOfVertex(12), -1);
        QCOMPARE(model.maxLineLength(), qsizetype(36)); // the first line, with its '\r'
        QCOMPARE(model.line(6), QByteArrayView());
    }

    // Output fed in pieces (whole lines, as the runner emits them) gives the same lines
    // as the whole log, and each piece is announced as inserted rows.
    void appendedPiecesEqualTheWhole()
    {
        QByteArray log;
        for (int i = 0; i < 2000; ++i)
            log += "#" + QByteArray::number(i % 40 + 1) + " 0." + QByteArray::number(i) + ' '
                + QByteArray(int(QRandomGenerator::global()->bounded(80)), 'x') + '\n';
        LogLineModel whole;
        whole.setLog(log);

        LogLineModel pieces;
        QAbstractItemModelTester tester(&pieces,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&pieces, &QAbstractItemModel::rowsInserted);
        qsizetype start = 0;
        while (start < log.size()) {
            qsizetype end = std::min(
                log.size(), start + qsizetype(QRandomGenerator::global()->bounded(1, 4000)));
            end = log.indexOf('\n', end - 1) + 1; // whole lines
            pieces.appendLines(log.mid(start, end - start));
            start = end;
        }
        QCOMPARE(pieces.rowCount(), 2000);
        QCOMPARE(pieces.text(), whole.text());
        QCOMPARE(pieces.maxLineLength(), whole.maxLineLength());
        int announced = 0;
        for (const QList<QVariant> &args : std::as_const(inserted))
            announced += args.at(2).toInt() - args.at(1).toInt() + 1;
        QCOMPARE(announced, 2000);
        for (int row : { 0, 1, 999, 1999 })
            QCOMPARE(pieces.line(row), whole.line(row));
    }

    void clearEmpties()
    {
        LogLineModel model;
        model.appendLines("#1 a\n");
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.text(), QString());
    }
};

QTEST_GUILESS_MAIN(TestLogLineModel)
#include "tst_loglinemodel.moc"
