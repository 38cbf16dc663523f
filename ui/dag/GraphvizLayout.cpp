// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dag/GraphvizLayout.h"

#include <algorithm>
#include <cmath>
#include <gvc.h>

namespace Cachelab {

namespace {
constexpr qreal PointsPerInch = 72.0;

QByteArray number(qreal value)
{
    return QByteArray::number(value, 'f', 4); // never the locale's decimal comma
}

QByteArray nodeName(int index)
{
    return "n" + QByteArray::number(index);
}

// Graphviz reports errors through a global callback: collect them for Result::error
// instead of letting them go to stderr. Only touched during layout(), on one thread.
QString *g_errors = nullptr;

int collectError(char *message)
{
    if (g_errors)
        *g_errors += QString::fromUtf8(message).trimmed() + QLatin1Char('\n');
    return 0;
}

// libgvc's resources, freed in reverse order whatever happens.
class GraphvizSession
{
public:
    GraphvizSession()
        : m_context(gvContext())
    {
        m_previousErrorFunction = agseterrf(collectError);
        m_previousErrorLevel = agseterr(AGERR);
    }
    ~GraphvizSession()
    {
        if (m_graph) {
            if (m_laidOut)
                gvFreeLayout(m_context, m_graph);
            agclose(m_graph);
        }
        gvFreeContext(m_context);
        agseterrf(m_previousErrorFunction);
        agseterr(m_previousErrorLevel);
    }
    GraphvizSession(const GraphvizSession &) = delete;
    GraphvizSession &operator=(const GraphvizSession &) = delete;

    GVC_t *context() const { return m_context; }
    Agraph_t *graph() const { return m_graph; }
    void setGraph(Agraph_t *graph) { m_graph = graph; }
    void setLaidOut() { m_laidOut = true; }

private:
    GVC_t *m_context;
    Agraph_t *m_graph = nullptr;
    bool m_laidOut = false;
    agusererrf m_previousErrorFunction = nullptr;
    agerrlevel_t m_previousErrorLevel = AGWARN;
};
} // namespace

int GraphvizLayout::addNode(const QSizeF &size)
{
    m_nodes.append(size);
    return int(m_nodes.size()) - 1;
}

int GraphvizLayout::addEdge(const Edge &edge)
{
    m_edges.append(edge);
    return int(m_edges.size()) - 1;
}

qint64 GraphvizLayout::layoutNodeEstimate() const
{
    // Longest-path ranks (Kahn's order); nodes on a cycle keep rank 0.
    const qsizetype count = m_nodes.size();
    QList<int> rank(count, 0);
    QList<int> incoming(count, 0);
    QList<QList<int>> out(count);
    for (const Edge &edge : m_edges) {
        if (edge.from < 0 || edge.from >= count || edge.to < 0 || edge.to >= count || edge.from == edge.to)
            continue;
        out[edge.from].append(edge.to);
        ++incoming[edge.to];
    }
    QList<int> ready;
    for (int i = 0; i < count; ++i) {
        if (incoming.at(i) == 0)
            ready.append(i);
    }
    while (!ready.isEmpty()) {
        const int node = ready.takeLast();
        for (const int next : std::as_const(out.at(node))) {
            rank[next] = std::max(rank.at(next), rank.at(node) + 1);
            if (--incoming[next] == 0)
                ready.append(next);
        }
    }
    qint64 estimate = count;
    for (const Edge &edge : m_edges) {
        if (edge.from >= 0 && edge.from < count && edge.to >= 0 && edge.to < count)
            estimate += std::max(0, std::abs(rank.at(edge.to) - rank.at(edge.from)) - 1);
    }
    return estimate;
}

QByteArray GraphvizLayout::toDot() const
{
    QByteArray dot;
    dot.reserve(64 * (m_nodes.size() + m_edges.size()) + 256);
    dot += "digraph dag {\n";
    dot += "  graph [rankdir=" + QByteArray(m_direction == Direction::TopToBottom ? "TB" : "LR")
        + ", nodesep=" + number(m_nodeSeparation / PointsPerInch)
        + ", ranksep=" + number(m_rankSeparation / PointsPerInch)
        + (layoutNodeEstimate() > LayoutNodesForLimit ? QByteArray(", nslimit=10") : QByteArray()) + "];\n";
    // Empty labels: the scene draws all text, and Graphviz then needs no fonts. No arrow
    // heads either, so that splines end on the node boundary and the scene draws its own.
    dot += "  node [shape=box, fixedsize=true, label=\"\"];\n";
    dot += "  edge [dir=none];\n";
    for (int i = 0; i < m_nodes.size(); ++i) {
        const QSizeF size = m_nodes.at(i);
        dot += "  " + nodeName(i) + " [width=" + number(size.width() / PointsPerInch)
            + ", height=" + number(size.height() / PointsPerInch) + "];\n";
    }
    for (int i = 0; i < m_edges.size(); ++i) {
        const Edge &edge = m_edges.at(i);
        dot += "  " + nodeName(edge.from) + " -> " + nodeName(edge.to) + " [cl="
            + QByteArray::number(i) + ", weight=" + QByteArray::number(edge.weight) + "];\n";
    }
    dot += "}\n";
    return dot;
}

GraphvizLayout::Result GraphvizLayout::layout() const
{
    Result result;
    for (const Edge &edge : m_edges) {
        if (edge.from < 0 || edge.from >= m_nodes.size() || edge.to < 0
            || edge.to >= m_nodes.size()) {
            result.error = QStringLiteral("edge %1 -> %2 names a node that does not exist")
                               .arg(edge.from)
                               .arg(edge.to);
            return result;
        }
    }
    if (m_nodes.isEmpty()) {
        result.ok = true;
        return result;
    }
    if (const qint64 estimate = layoutNodeEstimate(); estimate > MaxLayoutNodes) {
        result.error = QStringLiteral("the graph is too large to lay out: %1 nodes and %2 edges make about %3 "
                                      "layout nodes (limit %4)")
                           .arg(m_nodes.size())
                           .arg(m_edges.size())
                           .arg(estimate)
                           .arg(MaxLayoutNodes);
        return result;
    }

    QString errors;
    g_errors = &errors;
    {
        GraphvizSession session;
        const QByteArray dot = toDot();
        session.setGraph(agmemread(dot.constData()));
        if (!session.graph()) {
            result.error = QStringLiteral("Graphviz could not read the graph: ") + errors;
            g_errors = nullptr;
            return result;
        }
        if (gvLayout(session.context(), session.graph(), "dot") != 0) {
            result.error = QStringLiteral("Graphviz's dot layout failed: ") + errors;
            g_errors = nullptr;
            return result;
        }
        session.setLaidOut();

        // Graphviz's y axis points up and its drawing need not start at the origin.
        const boxf box = GD_bb(session.graph());
        auto toScene = [&box](pointf p) {
            return QPointF(p.x - box.LL.x, box.UR.y - p.y);
        };
        result.boundingBox = QRectF(0, 0, box.UR.x - box.LL.x, box.UR.y - box.LL.y);

        result.centres.resize(m_nodes.size());
        result.splines.resize(m_edges.size());
        for (int i = 0; i < m_nodes.size(); ++i) {
            QByteArray name = nodeName(i);
            Agnode_t *node = agnode(session.graph(), name.data(), 0);
            if (node)
                result.centres[i] = toScene(ND_coord(node));
        }
        char clName[] = "cl";
        for (Agnode_t *node = agfstnode(session.graph()); node;
             node = agnxtnode(session.graph(), node)) {
            for (Agedge_t *edge = agfstout(session.graph(), node); edge;
                 edge = agnxtout(session.graph(), edge)) {
                bool ok = false;
                const int index = QByteArray(agget(edge, clName)).toInt(&ok);
                if (!ok || index < 0 || index >= m_edges.size() || !ED_spl(edge))
                    continue;
                QList<QPointF> &points = result.splines[index];
                const splines *spl = ED_spl(edge);
                for (int b = 0; b < spl->size; ++b) {
                    const bezier &curve = spl->list[b];
                    // Consecutive pieces share their joint: keep it once.
                    for (int p = points.isEmpty() ? 0 : 1; p < curve.size; ++p)
                        points.append(toScene(curve.list[p]));
                }
            }
        }
    }
    g_errors = nullptr;

    auto nodeRect = [&](int node) {
        const QSizeF size = m_nodes.at(node);
        return QRectF(result.centres.at(node) - QPointF(size.width() / 2, size.height() / 2), size);
    };
    auto distance = [](const QPointF &point, const QRectF &rect) {
        const qreal dx = std::max({ rect.left() - point.x(), 0.0, point.x() - rect.right() });
        const qreal dy = std::max({ rect.top() - point.y(), 0.0, point.y() - rect.bottom() });
        return std::hypot(dx, dy);
    };
    for (int i = 0; i < m_edges.size(); ++i) {
        QList<QPointF> &points = result.splines[i];
        const QPointF a = result.centres.at(m_edges.at(i).from);
        const QPointF b = result.centres.at(m_edges.at(i).to);
        if (points.size() < 4 || (points.size() - 1) % 3 != 0) {
            // An edge Graphviz could not route (it says so) still gets drawn: straight.
            points = { a, a + (b - a) / 3, a + (b - a) * 2 / 3, b };
        } else if (distance(points.first(), nodeRect(m_edges.at(i).to))
                   < distance(points.first(), nodeRect(m_edges.at(i).from))) {
            // dot reverses edges that point against the ranks; give them back their way.
            std::reverse(points.begin(), points.end());
        }
    }
    result.ok = true;
    result.error = errors.trimmed();
    return result;
}

} // namespace Cachelab
