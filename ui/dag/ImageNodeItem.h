// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/dag/DagStyle.h"

#include <QGraphicsItem>

namespace Cachelab {

// An image that is not a stage: a FROM base (`alpine`) or the source of a COPY --from
// or RUN --mount from=. A small node of its own; several stages can share it.
class ImageNodeItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 3
    };

    // `label`: the reference as first written; `key`: the resolved reference that tells
    // images apart (docker.io/library/alpine:latest).
    ImageNodeItem(const QString &label, const QString &key, const DagStyle::Metrics *metrics);

    int type() const override { return Type; }
    QString label() const { return m_label; }
    QString key() const { return m_key; }
    QSizeF size() const { return m_size; }
    void setNeeded(bool needed);
    bool isNeeded() const { return m_needed; }

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QString caption() const;

    const DagStyle::Metrics *m_metrics;
    QString m_label;
    QString m_key;
    QSizeF m_size;
    bool m_needed = true;
};

} // namespace Cachelab
