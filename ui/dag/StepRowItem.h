// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/analysis/StepRef.h"
#include "ui/dag/DagStyle.h"
#include "ui/dag/StepState.h"

#include <QGraphicsItem>

class QFontMetricsF;

namespace Cachelab {

struct DockerfileStep;

// One step of a stage box: "i/n", the instruction elided to fit, and the selected run's
// state as a tint and a glyph; in compare mode the row is split in two halves, run A
// left and run B right. Child of its StageNodeItem; the scene sets its states.
class StepRowItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 1
    };
    enum Side
    {
        A,
        B
    };

    // `text`: what the row shows of the instruction (StageNodeItem::rowText()).
    StepRowItem(const DockerfileStep &step, const QString &text, const DagStyle::Metrics *metrics,
                qreal width, QGraphicsItem *parent);

    int type() const override { return Type; }
    StepRef step() const { return m_step; }
    QString number() const { return m_number; }
    QString text() const { return m_text; }

    // Returns whether anything changed; repaints only then (live runs call this often).
    bool setState(Side side, StepState state, qreal seconds);
    StepState state(Side side) const { return side == A ? m_stateA : m_stateB; }
    qreal seconds(Side side) const { return side == A ? m_secondsA : m_secondsB; }
    void setCompare(bool compare);
    bool isCompare() const { return m_compare; }
    bool differs() const { return m_compare && m_stateA != m_stateB; }
    void setUnexpected(bool unexpected);
    bool isUnexpected() const { return m_unexpected; }
    void setCurrent(bool current); // the selected step
    bool isCurrent() const { return m_current; }

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    // The row's text shortened to `width`. A long COPY keeps its keyword and flags (the
    // stage it copies from) and both ends of its paths; anything else loses its end.
    QString elidedText(const QFontMetricsF &metrics, qreal width) const;

    // "0.4 s", "12 s", "3 min 05 s"; empty when unknown (negative).
    static QString formatSeconds(qreal seconds);

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;

private:
    const DagStyle::Metrics *m_metrics;
    StepRef m_step;
    QString m_number; // "3/8"
    QString m_text;
    Qt::TextElideMode m_elide;
    qreal m_width;
    StepState m_stateA = StepState::NoRun;
    StepState m_stateB = StepState::NoRun;
    qreal m_secondsA = -1;
    qreal m_secondsB = -1;
    bool m_compare = false;
    bool m_unexpected = false;
    bool m_current = false;
    bool m_hovered = false;
};

} // namespace Cachelab
