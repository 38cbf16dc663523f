// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dag/GraphvizLayout.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

using namespace Cachelab;

namespace {
QRectF nodeRect(const GraphvizLayout::Result &result, int node, const QSizeF &size)
{
    return QRectF(result.centres.at(node) - QPointF(size.width() / 2, size.height() / 2), size);
}

// No two nodes share any area (Graphviz keeps nodesep between them).
void verifyNoOverlap(const GraphvizLayout::Result &result, const QList<QSizeF> &sizes)
{
    for (int i = 0; i < sizes.size(); ++i) {
        for (int j = i + 1; j < sizes.size(); ++j) {
            const QRectF a = nodeRect(result, i, sizes.at(i));
            const QRectF b = nodeRect(result, j, sizes.at(j));
            QVERIFY2(!a.adjusted(1, 1, -1, -1).intersects(b),
                     qPrintable(QStringLiteral("nodes %1 and %2 overlap").arg(i).arg(j)));
        }
    }
}

qreal distanceToRect(const QPointF &point, const QRectF &rect)
{
    const qreal dx = std::max({ rect.left() - point.x(), 0.0, point.x() - rect.right() });
    const qreal dy = std::max({ rect.top() - point.y(), 0.0, point.y() - rect.bottom() });
    return std::hypot(dx, dy);
}
} // namespace

class TestDagLayout : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void emptyGraph()
    {
        const GraphvizLayout::Result result = GraphvizLayout().layout();
        QVERIFY(result.ok);
        QVERIFY(result.centres.isEmpty());
    }

    void anEdgeToANodeThatDoesNotExistFails()
    {
        GraphvizLayout layout;
        layout.addNode({ 10, 10 });
        layout.addEdge({ 0, 3, 1 });
        const GraphvizLayout::Result result = layout.layout();
        QVERIFY(!result.ok);
        QVERIFY(!result.error.isEmpty());
    }

    void dotText()
    {
        GraphvizLayout layout;
        layout.setDirection(GraphvizLayout::Direction::LeftToRight);
        layout.addNode({ 144, 72 });
        layout.addNode({ 72, 36 });
        layout.addEdge({ 0, 1, 3 });
        const QByteArray dot = layout.toDot();
        QVERIFY(dot.startsWith("digraph"));
        QVERIFY(dot.contains("rankdir=LR"));
        QVERIFY2(dot.contains("n0 [width=2.0000, height=1.0000]"), dot.constData());
        QVERIFY(dot.contains("n0 -> n1 [cl=0, weight=3]"));
    }

    // A diamond: the sink sits below both middle nodes, which sit side by side below the
    // source; sizes and splines come back in points with y growing downwards.
    void diamondTopToBottom()
    {
        GraphvizLayout layout;
        const QList<QSizeF> sizes { { 100, 40 }, { 300, 160 }, { 200, 100 }, { 250, 80 } };
        for (const QSizeF &size : sizes)
            layout.addNode(size);
        layout.addEdge({ 0, 1, 1 });
        layout.addEdge({ 0, 2, 1 });
        layout.addEdge({ 1, 3, 1 });
        layout.addEdge({ 2, 3, 1 });
        const GraphvizLayout::Result result = layout.layout();
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.centres.size(), 4);
        QCOMPARE(result.splines.size(), 4);
        verifyNoOverlap(result, sizes);
        QVERIFY(result.centres.at(0).y() < result.centres.at(1).y());
        QVERIFY(result.centres.at(1).y() < result.centres.at(3).y());
        QCOMPARE(result.boundingBox.topLeft(), QPointF(0, 0));
        for (int i = 0; i < sizes.size(); ++i)
            QVERIFY(result.boundingBox.adjusted(-1, -1, 1, 1)
                        .contains(nodeRect(result, i, sizes.at(i))));

        const QList<std::pair<int, int>> ends { { 0, 1 }, { 0, 2 }, { 1, 3 }, { 2, 3 } };
        for (int e = 0; e < ends.size(); ++e) {
            const QList<QPointF> &spline = result.splines.at(e);
            QVERIFY(spline.size() >= 4);
            QCOMPARE((spline.size() - 1) % 3, 0);
            // From the boundary of one node to the boundary of the other.
            const auto [from, to] = ends.at(e);
            QVERIFY(distanceToRect(spline.first(), nodeRect(result, from, sizes.at(from))) < 2);
            QVERIFY(distanceToRect(spline.last(), nodeRect(result, to, sizes.at(to))) < 2);
        }
    }

    void leftToRight()
    {
        GraphvizLayout layout;
        layout.setDirection(GraphvizLayout::Direction::LeftToRight);
        layout.addNode({ 100, 40 });
        layout.addNode({ 100, 40 });
        layout.addEdge({ 0, 1, 1 });
        const GraphvizLayout::Result result = layout.layout();
        QVERIFY(result.ok);
        QVERIFY(result.centres.at(0).x() + 100 <= result.centres.at(1).x());
        QCOMPARE(result.centres.at(0).y(), result.centres.at(1).y());
    }

    // Two edges between the same pair of nodes each get their own spline.
    void parallelEdges()
    {
        GraphvizLayout layout;
        layout.addNode({ 100, 40 });
        layout.addNode({ 100, 40 });
        layout.addEdge({ 0, 1, 1 });
        layout.addEdge({ 0, 1, 1 });
        const GraphvizLayout::Result result = layout.layout();
        QVERIFY(result.ok);
        QVERIFY(!result.splines.at(0).isEmpty());
        QVERIFY(!result.splines.at(1).isEmpty());
    }

    // Repeated layouts free what they allocate and give the same answer.
    void repeatable()
    {
        GraphvizLayout layout;
        for (int i = 0; i < 6; ++i)
            layout.addNode({ 80.0 + i * 10, 30 });
        for (int i = 1; i < 6; ++i)
            layout.addEdge({ (i - 1) / 2, i, 1 });
        const GraphvizLayout::Result first = layout.layout();
        for (int i = 0; i < 20; ++i)
            QCOMPARE(layout.layout().centres, first.centres);
    }

    void twoHundredNodes()
    {
        GraphvizLayout layout;
        QList<QSizeF> sizes;
        QRandomGenerator random(1515);
        for (int i = 0; i < 200; ++i) {
            sizes.append({ 180.0 + random.bounded(200), 40.0 + 20 * random.bounded(10) });
            layout.addNode(sizes.last());
            if (i > 0)
                layout.addEdge({ int(random.bounded(i)), i, 1 });
            if (i > 3 && random.bounded(2))
                layout.addEdge({ int(random.bounded(i)), i, 1 });
        }
        QElapsedTimer timer;
        timer.start();
        const GraphvizLayout::Result result = layout.layout();
        qInfo("200 nodes, %d edges: %lld ms", layout.edgeCount(), timer.elapsed());
        QVERIFY2(result.ok, qPrintable(result.error));
        verifyNoOverlap(result, sizes);
    }

    // Stages FROM one image and chained by COPY --from: the image's edges span every rank,
    // which made Graphviz take 11 s for 100 stages and gigabytes for 10,000. Bounded now:
    // laid out in seconds up to the limit, refused at once beyond it, with the numbers.
    void longEdgesAreBounded()
    {
        const auto chain = [](int stages) {
            GraphvizLayout layout;
            const int image = layout.addNode(QSizeF(120, 30));
            for (int i = 0; i < stages; ++i) {
                const int stage = layout.addNode(QSizeF(200, 60));
                layout.addEdge({ image, stage, 1 });
                if (i > 0)
                    layout.addEdge({ stage - 1, stage, 1 });
            }
            return layout;
        };
        QElapsedTimer timer;
        timer.start();
        const GraphvizLayout hundred = chain(100);
        QVERIFY(hundred.layoutNodeEstimate() > GraphvizLayout::LayoutNodesForLimit);
        QVERIFY(hundred.toDot().contains("nslimit="));
        const GraphvizLayout::Result laidOut = hundred.layout();
        QVERIFY2(laidOut.ok, qPrintable(laidOut.error));
        QVERIFY2(timer.elapsed() < 8000, qPrintable(QString::number(timer.elapsed())));
        timer.restart();
        const GraphvizLayout::Result refused = chain(10000).layout();
        QVERIFY(!refused.ok);
        QVERIFY2(refused.error.startsWith(QLatin1String("the graph is too large to lay out: 10001 nodes and 19999 edges")),
                 qPrintable(refused.error));
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
        // A small graph is laid out as before: no bound on its simplex.
        GraphvizLayout small;
        small.addNode(QSizeF(10, 10));
        small.addNode(QSizeF(10, 10));
        small.addEdge({ 0, 1, 1 });
        QVERIFY(!small.toDot().contains("nslimit"));
    }
};

QTEST_MAIN(TestDagLayout)
#include "tst_dag_layout.moc"
