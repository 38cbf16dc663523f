// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ExportBundleDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace Cachelab {

ExportBundleDialog::ExportBundleDialog(int runCount, int selectedCount, const QString &title,
                                       QWidget *parent)
    : QDialog(parent)
    , m_all(new QRadioButton(tr("All %n run(s) of the project", nullptr, runCount), this))
    , m_selected(new QRadioButton(
          tr("The %n selected run(s), with the runs they follow", nullptr, selectedCount), this))
    , m_title(new QLineEdit(title, this))
{
    setWindowTitle(tr("Export Bundle"));
    setObjectName(QStringLiteral("exportBundleDialog"));
    auto *intro = new QLabel(
        tr("A bundle holds the Dockerfile and build scripts, each run's log, command line and "
           "environment (secrets masked), how it ended, the files changed before it and the "
           "cache flag findings: anyone can open it in Cachelab, without Docker."),
        this);
    intro->setWordWrap(true);
    m_selected->setEnabled(selectedCount > 0);
    (selectedCount > 0 ? m_selected : m_all)->setChecked(true);
    m_title->setPlaceholderText(tr("What the window's title says when the bundle is opened"));

    auto *form = new QFormLayout;
    form->addRow(tr("Title:"), m_title);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export…"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_all);
    layout->addWidget(m_selected);
    layout->addLayout(form);
    layout->addWidget(buttons);
    resize(480, sizeHint().height());
}

bool ExportBundleDialog::selectedOnly() const
{
    return m_selected->isChecked();
}

QString ExportBundleDialog::title() const
{
    return m_title->text().trimmed();
}

} // namespace Cachelab
