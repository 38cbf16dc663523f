// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/progress/PlainRendering.h"

#include <algorithm>

namespace Cachelab {

QByteArray PlainRendering::of(const BuildRun &run)
{
    // In the order they started, as the plain printer prints them; vertices that never
    // started (a failed build's) keep their place after the others.
    QList<const BuildVertex *> order;
    for (const BuildVertex &vertex : run.vertices)
        order.append(&vertex);
    std::stable_sort(order.begin(), order.end(), [](const BuildVertex *a, const BuildVertex *b) {
        if (a->started.isValid() != b->started.isValid())
            return a->started.isValid();
        return a->started.isValid() && a->started < b->started;
    });
    QByteArray out;
    for (const BuildVertex *v : std::as_const(order)) {
        const BuildVertex &vertex = *v;
        const QByteArray prefix = '#' + QByteArray::number(vertex.id) + ' ';
        out += prefix + vertex.nameUtf8().toByteArray() + '\n';
        for (const StatusLine &status : vertex.statuses()) {
            out += prefix + status.id.toUtf8();
            if (!status.current.isEmpty())
                out += ' ' + status.current.toUtf8()
                    + (status.total.isEmpty() ? QByteArray() : " / " + status.total.toUtf8());
            if (status.seconds >= 0)
                out += ' ' + QByteArray::number(status.seconds, 'f', 1) + 's';
            out += status.done ? " done\n" : "\n";
        }
        for (const QString &line : vertex.logLines())
            out += prefix + line.toUtf8() + '\n';
        switch (vertex.state) {
        case VertexState::Cached:
            out += prefix + "CACHED\n";
            break;
        case VertexState::Error:
            out += prefix + "ERROR: " + vertex.errorMessage().toUtf8() + '\n';
            break;
        case VertexState::Canceled:
            out += prefix + "CANCELED\n";
            break;
        case VertexState::Done:
            out += prefix + "DONE " + QByteArray::number(qMax(vertex.seconds, 0.0), 'f', 1) + "s\n";
            break;
        case VertexState::Running:
            break;
        }
        out += '\n';
    }
    for (const QString &error : run.errors)
        out += error.toUtf8() + '\n';
    return out;
}

} // namespace Cachelab
