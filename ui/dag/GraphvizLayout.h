// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QString>

namespace Cachelab {

// Graphviz's `dot` layout computed in-process with libgvc: nodes of given sizes and the
// edges between them in, node centres and edge splines out. Units are points on both
// sides (the scene uses them as pixels) and y grows downwards, as in Qt.
//
// Graphviz keeps global state and is not thread-safe: call layout() from one thread.
class GraphvizLayout
{
public:
    enum class Direction
    {
        TopToBottom,
        LeftToRight
    };

    struct Edge
    {
        int from = -1;
        int to = -1;
        int weight = 1; // dot keeps heavier edges shorter and straighter
    };

    struct Result
    {
        bool ok = false;
        QString error;
        QRectF boundingBox; // of the whole drawing; its top left is (0, 0)
        QList<QPointF> centres; // by node index
        // By edge index: a cubic Bézier spline as Graphviz gives it, the start point then
        // (control 1, control 2, end) triples; from the boundary of `from` to that of `to`.
        QList<QList<QPointF>> splines;
    };

    void setDirection(Direction direction) { m_direction = direction; }
    Direction direction() const { return m_direction; }
    // Gaps in points: between nodes of a rank, and between ranks.
    void setNodeSeparation(qreal points) { m_nodeSeparation = points; }
    void setRankSeparation(qreal points) { m_rankSeparation = points; }

    int addNode(const QSizeF &size); // returns its index
    int addEdge(const Edge &edge); // returns its index
    int nodeCount() const { return int(m_nodes.size()); }
    int edgeCount() const { return int(m_edges.size()); }

    // The graph in the DOT language exactly as layout() hands it to Graphviz (also what a
    // benchmark gives `dot -Tsvg`).
    QByteArray toDot() const;

    // Graphviz's dot turns an edge across k ranks into k - 1 virtual nodes and positions
    // them by network simplex, whose time grows far faster than their number: 100 stages
    // FROM one image and chained by COPY --from (5,000 virtual nodes) took 11 s, 140 more
    // than 100 s, 10,000 stages 24 GB. Beyond this many real and virtual nodes the layout
    // is refused at once; above LayoutNodesForLimit the simplex's iterations are bounded.
    static constexpr int MaxLayoutNodes = 12000;
    static constexpr int LayoutNodesForLimit = 1000;
    // The nodes dot would lay out: the real ones and an estimate of the virtual ones
    // (each edge's span in longest-path ranks).
    qint64 layoutNodeEstimate() const;
    Result layout() const;

private:
    Direction m_direction = Direction::TopToBottom;
    qreal m_nodeSeparation = 36;
    qreal m_rankSeparation = 48;
    QList<QSizeF> m_nodes;
    QList<Edge> m_edges;
};

} // namespace Cachelab
