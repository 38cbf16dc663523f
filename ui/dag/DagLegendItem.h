// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/dag/DagStyle.h"

#include <QGraphicsItem>
#include <QList>

namespace Cachelab {

// The key to the DAG, drawn in the scene so that exported images carry it: the run (or
// the two compared runs) with their counts, every step state's colour and glyph, the
// "unexpected rebuild" outline and the three kinds of edge.
class DagLegendItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 5
    };

    explicit DagLegendItem(const DagStyle::Metrics *metrics);

    int type() const override { return Type; }
    // No run: both empty. One run: `a` only. Compare: both. A summary is "ran 14 · cached 2".
    void setRuns(const QString &nameA, const QString &summaryA, const QString &nameB,
                 const QString &summaryB);
    QStringList lines() const; // the legend's text, for tests and accessibility
    QSizeF size() const { return m_size; }

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    enum class Kind
    {
        Heading,
        Text,
        Note,
        State,
        Unexpected,
        Differs,
        Edge,
        NotNeeded
    };
    struct Line
    {
        Kind kind;
        QString text;
        int value = 0; // StepState or StageDependency::Via
    };
    void rebuild();

    const DagStyle::Metrics *m_metrics;
    QString m_nameA, m_summaryA, m_nameB, m_summaryB;
    QList<Line> m_lines;
    QSizeF m_size;
};

} // namespace Cachelab
