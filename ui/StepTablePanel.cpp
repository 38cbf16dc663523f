// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/StepTablePanel.h"

#include "core/models/StepComparisonModel.h"

#include <QHeaderView>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

namespace Cachelab {

namespace {
// Rows where run A and run B differ: a tinted background and bold text, readable in
// light and dark palettes.
class ChangedRowDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.data(StepComparisonModel::ChangedRole).toBool()) {
            option->font.setBold(true);
            QColor tint = option->palette.color(QPalette::Highlight);
            tint.setAlpha(60);
            option->backgroundBrush = tint;
        }
    }
};
} // namespace

StepTablePanel::StepTablePanel(StepComparisonModel *model, QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableView(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    m_table->setObjectName(QStringLiteral("stepTable"));
    m_table->setModel(model);
    m_table->setItemDelegate(new ChangedRowDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(StepComparisonModel::InstructionColumn,
                                                      QHeaderView::Stretch);
}

} // namespace Cachelab
