// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QTableView;

namespace Cachelab {

class StepComparisonModel;

// The steps of the target, run A against run B, the rows that differ highlighted.
class StepTablePanel : public QWidget
{
    Q_OBJECT
public:
    explicit StepTablePanel(StepComparisonModel *model, QWidget *parent = nullptr);
    QTableView *table() const { return m_table; }

private:
    QTableView *m_table;
};

} // namespace Cachelab
