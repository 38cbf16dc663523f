// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/dag/DagStyle.h"

#include <QGraphicsItem>
#include <QList>

namespace Cachelab {

struct DockerfileStage;
struct DockerfileStep;
class StepRowItem;

// A stage: a box with the stage's name as its title and one StepRowItem per step.
// Stages the target does not need are greyed out and framed with a dashed line.
class StageNodeItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 2
    };

    StageNodeItem(const DockerfileStage &stage, bool target, const DagStyle::Metrics *metrics);

    int type() const override { return Type; }
    int stageIndex() const { return m_index; }
    QString name() const { return m_name; }
    bool isNeeded() const { return m_needed; }
    bool isTarget() const { return m_target; }
    QSizeF size() const { return m_size; }
    const QList<StepRowItem *> &rows() const { return m_rows; }

    // What a row shows: the instruction as BuildKit prints it, except FROM, which shows
    // the image as written in the Dockerfile (`FROM alpine`, not the normalised
    // `FROM docker.io/library/alpine:latest`; the tooltip has that one).
    static QString rowText(const DockerfileStage &stage, const DockerfileStep &step);

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QString tagText() const;

    const DagStyle::Metrics *m_metrics;
    int m_index;
    QString m_name;
    bool m_needed;
    bool m_target;
    bool m_scratch;
    QSizeF m_size;
    QList<StepRowItem *> m_rows;
};

} // namespace Cachelab
