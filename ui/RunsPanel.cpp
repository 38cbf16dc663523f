// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/RunsPanel.h"

#include "core/models/RunListModel.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QTableView>
#include <QVBoxLayout>

namespace Cachelab {

RunsPanel::RunsPanel(QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableView(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    m_table->setObjectName(QStringLiteral("runTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->setToolTip(tr("Select a run to see it; select two to compare them."));
}

void RunsPanel::setModel(RunListModel *model)
{
    m_model = model;
    m_table->setModel(model);
    // The panel is narrow: the script or log name is elided in the middle (its tooltip
    // has it whole) so that the result and the layer count stay in view.
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(RunListModel::ScriptColumn, QHeaderView::Interactive);
    header->resizeSection(RunListModel::ScriptColumn, 170);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        Q_EMIT selectionChanged(selectedIds());
    });
}

QStringList RunsPanel::selectedIds() const
{
    if (!m_model)
        return {};
    QList<int> rows;
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &index : selected)
        rows.append(index.row());
    std::sort(rows.begin(), rows.end(), std::greater<int>()); // newest first in the model
    QStringList ids;
    for (int row : rows)
        ids.append(m_model->peekEntry(row)->stored.id);
    return ids;
}

void RunsPanel::selectRun(const QString &id)
{
    const int row = m_model ? m_model->rowOf(id) : -1;
    if (row >= 0)
        m_table->selectRow(row);
}

bool RunsPanel::selectOffset(int offset)
{
    if (!m_model || m_model->rowCount() == 0)
        return false;
    // From the run shown (the newest selected), whatever cell has the focus.
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    const QModelIndex current
        = selected.isEmpty() ? m_table->currentIndex() : selected.constFirst();
    const int row = current.isValid() ? current.row() + offset : 0;
    if (row < 0 || row >= m_model->rowCount())
        return false;
    m_table->selectRow(row);
    return true;
}

bool RunsPanel::compareWithOlder()
{
    if (!m_model)
        return false;
    const QModelIndex current = m_table->currentIndex();
    const int row = current.isValid() ? current.row() : 0;
    const auto *newer = m_model->peekEntry(row);
    const auto *older = m_model->peekEntry(row + 1);
    if (!newer || !older)
        return false;
    selectPair(older->stored.id, newer->stored.id);
    return true;
}

void RunsPanel::selectPair(const QString &a, const QString &b)
{
    if (!m_model)
        return;
    auto *selection = m_table->selectionModel();
    selection->clearSelection();
    for (const QString &id : { a, b }) {
        const int row = m_model->rowOf(id);
        if (row >= 0)
            selection->select(m_model->index(row, 0),
                              QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
}

} // namespace Cachelab
