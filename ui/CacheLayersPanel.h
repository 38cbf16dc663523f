// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QListView;

namespace Cachelab {

class CacheLayerListModel;
struct BuildRun;

// Exported cache, side by side: the layers run A and run B wrote, with what both have
// marked; selecting a layer highlights it in the other list.
class CacheLayersPanel : public QWidget
{
    Q_OBJECT
public:
    explicit CacheLayersPanel(QWidget *parent = nullptr);

    void setRuns(const BuildRun *a, const QString &labelA, const BuildRun *b,
                 const QString &labelB);
    QString titleA() const;
    QString titleB() const;

private:
    void syncSelection(QListView *from, CacheLayerListModel *fromModel, QListView *to,
                       CacheLayerListModel *toModel);

    QLabel *m_titleA;
    QLabel *m_titleB;
    QListView *m_listA;
    QListView *m_listB;
    CacheLayerListModel *m_modelA;
    CacheLayerListModel *m_modelB;
};

} // namespace Cachelab
