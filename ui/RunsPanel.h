// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QTableView;

namespace Cachelab {

class RunListModel;

// The run history: select one run to see it, two to compare them (A = the older).
class RunsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit RunsPanel(QWidget *parent = nullptr);

    void setModel(RunListModel *model);
    void selectRun(const QString &id);
    void selectPair(const QString &a, const QString &b);
    QStringList selectedIds() const; // oldest first
    // Keyboard: the next older / newer run alone; compare: the current run and the one
    // below it (older) as A and B. False when there is none.
    bool selectOffset(int offset);
    bool compareWithOlder();

Q_SIGNALS:
    void selectionChanged(const QStringList &ids);

private:
    QTableView *m_table;
    RunListModel *m_model = nullptr;
};

} // namespace Cachelab
