// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ScriptsPanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QStyle>
#include <QToolButton>

namespace Cachelab {

namespace {
const char *const kScriptProperty = "scriptPath";
constexpr int kNameRole = Qt::UserRole + 1;
} // namespace

ScriptsPanel::ScriptsPanel(QWidget *parent)
    : QWidget(parent)
    , m_heading(new QLabel(this))
    , m_list(new QListWidget(this))
    , m_findings(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_heading->setWordWrap(true);
    m_heading->setContentsMargins(6, 6, 6, 0);
    m_list->setObjectName(QStringLiteral("scriptList"));
    m_list->setAlternatingRowColors(true);
    layout->addWidget(m_heading);
    layout->addWidget(m_list, 1);
    m_findings->setObjectName(QStringLiteral("lintFindings"));
    m_findings->setWordWrap(true);
    m_findings->setTextFormat(Qt::RichText);
    m_findings->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_findings->setContentsMargins(6, 2, 6, 4);
    m_findings->setVisible(false);
    layout->addWidget(m_findings);
    connect(m_list, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem *item) {
        if (!m_running)
            Q_EMIT runRequested(item->data(Qt::UserRole).toString());
    });
    setProject({});
}

void ScriptsPanel::setProject(const ProjectFolder &project,
                              const QHash<QString, QList<LintFinding>> &scriptFindings)
{
    m_list->clear();
    m_findings->clear();
    m_findings->setVisible(false);
    if (!project.isValid()) {
        m_heading->setText(tr("No project open."));
        return;
    }
    const auto scripts = project.scripts();
    m_heading->setText(scripts.isEmpty() ? tr("No *.sh scripts in this project.")
                                         : tr("%n build script(s)", nullptr, int(scripts.size())));
    QStringList findingLines;
    for (const ProjectScript &script : scripts) {
        const QList<LintFinding> findings = scriptFindings.value(script.absolutePath);
        auto *item = new QListWidgetItem(m_list);
        item->setData(Qt::UserRole, script.absolutePath);
        // The row widget draws the name: the item holds no text of its own, or the
        // selection would paint it a second time beneath.
        item->setData(kNameRole, script.fileName);
        // Say why a script could not run before anyone tries to run it.
        QString tip = script.executable
            ? script.absolutePath
            : tr("%1\nNot executable: chmod +x it to run it from Cachelab.")
                  .arg(script.absolutePath);
        for (const LintFinding &finding : findings) {
            QString line = tr("line %1: %2").arg(finding.line).arg(finding.message);
            if (!finding.suggestion.isEmpty())
                line += QStringLiteral(" (%1)").arg(finding.suggestion);
            tip += QLatin1Char('\n') + line;
            if (finding.severity == QLatin1String("info"))
                continue; // in the tooltip only: the panel is narrow
            // The message's first clause (the rest is in the tooltip), and the fix.
            QString brief = finding.message.section(QStringLiteral(": "), 0, 0);
            if (!finding.suggestion.isEmpty() && finding.suggestion.size() <= 30)
                brief += QStringLiteral(" (%1)").arg(finding.suggestion);
            findingLines.append(QStringLiteral("<b>%1:%2</b> %3")
                                    .arg(script.fileName.toHtmlEscaped())
                                    .arg(finding.line)
                                    .arg(brief.toHtmlEscaped()));
        }
        item->setToolTip(tip);

        auto *row = new QWidget(m_list);
        auto *rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(4, 1, 2, 1);
        auto *icon = new QLabel(row);
        icon->setPixmap(style()->standardIcon(QStyle::SP_FileIcon).pixmap(16, 16));
        auto *name = new QLabel(script.fileName, row);
        name->setToolTip(tip);
        name->setEnabled(script.executable);
        auto *run = new QToolButton(row);
        run->setObjectName(QStringLiteral("run:") + script.fileName);
        run->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
        run->setText(tr("Run"));
        run->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        run->setAutoRaise(true);
        run->setToolTip(tr("Run %1").arg(script.fileName));
        run->setProperty(kScriptProperty, script.absolutePath);
        run->setEnabled(!m_running);
        rowLayout->addWidget(icon);
        rowLayout->addWidget(name, 1);
        if (!findings.isEmpty()) {
            // The same sign as a compiler warning: look here before running it.
            auto *warning = new QLabel(row);
            warning->setObjectName(QStringLiteral("lint:") + script.fileName);
            warning->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(16, 16));
            warning->setToolTip(tip);
            rowLayout->addWidget(warning);
        }
        rowLayout->addWidget(run);
        connect(run, &QToolButton::clicked, this, [this, path = script.absolutePath] {
            if (!m_running)
                Q_EMIT runRequested(path);
        });
        item->setSizeHint(row->sizeHint());
        m_list->setItemWidget(item, row);
    }
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
    if (!findingLines.isEmpty()) {
        m_findings->setText(tr("Cache flags:") + QStringLiteral("<br>")
                            + findingLines.join(QStringLiteral("<br>")));
        m_findings->setVisible(true);
    }
}

QString ScriptsPanel::findingsText() const
{
    return m_findings->isVisibleTo(this) ? m_findings->text() : QString();
}

QString ScriptsPanel::selectedScript() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void ScriptsPanel::setRunning(bool running)
{
    m_running = running;
    for (QToolButton *button : m_list->findChildren<QToolButton *>())
        button->setEnabled(!running);
}

QAbstractButton *ScriptsPanel::runButton(const QString &fileName) const
{
    return m_list->findChild<QToolButton *>(QStringLiteral("run:") + fileName);
}

QStringList ScriptsPanel::scriptNames() const
{
    QStringList names;
    for (int row = 0; row < m_list->count(); ++row)
        names.append(m_list->item(row)->data(kNameRole).toString());
    return names;
}

} // namespace Cachelab
