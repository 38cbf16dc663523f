// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ScriptsPanel.h"

#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace Cachelab {

ScriptsPanel::ScriptsPanel(QWidget *parent)
    : QWidget(parent)
    , m_heading(new QLabel(this))
    , m_list(new QListWidget(this))
    , m_runButton(new QPushButton(tr("Run"), this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_heading->setWordWrap(true);
    m_heading->setContentsMargins(6, 6, 6, 0);
    m_list->setObjectName(QStringLiteral("scriptList"));
    m_list->setAlternatingRowColors(true);
    layout->addWidget(m_heading);
    layout->addWidget(m_list, 1);
    m_runButton->setObjectName(QStringLiteral("runScriptButton"));
    m_runButton->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_runButton->setToolTip(tr("Run the selected script (or double-click it)"));
    layout->addWidget(m_runButton);
    connect(m_runButton, &QPushButton::clicked, this, [this] {
        if (!selectedScript().isEmpty())
            Q_EMIT runRequested(selectedScript());
    });
    connect(m_list, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem *item) {
        Q_EMIT runRequested(item->data(Qt::UserRole).toString());
    });
    connect(m_list, &QListWidget::currentRowChanged, this, [this] {
        m_runButton->setEnabled(!selectedScript().isEmpty());
    });
    setProject({});
}

void ScriptsPanel::setProject(const ProjectFolder &project)
{
    m_list->clear();
    if (!project.isValid()) {
        m_heading->setText(tr("No project open."));
        return;
    }
    const auto scripts = project.scripts();
    m_heading->setText(scripts.isEmpty() ? tr("No *.sh scripts in this project.")
                                         : tr("%n build script(s)", nullptr, int(scripts.size())));
    for (const ProjectScript &script : scripts) {
        auto *item = new QListWidgetItem(style()->standardIcon(QStyle::SP_FileIcon),
                                         script.fileName, m_list);
        // Say why a script could not run before anyone tries to run it.
        item->setToolTip(script.executable
                             ? script.absolutePath
                             : tr("%1\nNot executable: chmod +x it to run it from Cachelab.")
                                   .arg(script.absolutePath));
        if (!script.executable)
            item->setForeground(palette().brush(QPalette::Disabled, QPalette::Text));
        item->setData(Qt::UserRole, script.absolutePath);
    }
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
    m_runButton->setEnabled(m_list->count() > 0);
}

QString ScriptsPanel::selectedScript() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void ScriptsPanel::setRunning(bool running)
{
    m_runButton->setEnabled(!running && !selectedScript().isEmpty());
}

QStringList ScriptsPanel::scriptNames() const
{
    QStringList names;
    for (int row = 0; row < m_list->count(); ++row)
        names.append(m_list->item(row)->text());
    return names;
}

} // namespace Cachelab
