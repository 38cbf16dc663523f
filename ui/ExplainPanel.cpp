// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ExplainPanel.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace Cachelab {

ExplainPanel::ExplainPanel(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_text(new QTextBrowser(this))
    , m_copy(new QPushButton(tr("Copy as Markdown"), this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *top = new QHBoxLayout;
    m_summary->setObjectName(QStringLiteral("explainSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    top->addWidget(m_summary, 1);
    top->addWidget(m_copy);
    layout->addLayout(top);
    layout->addWidget(m_text, 1);
    m_text->setObjectName(QStringLiteral("explainText"));
    m_text->setOpenExternalLinks(false);
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(m_markdown);
    });
    setExplanations({}, tr("Select a run to see which of its rebuilds were expected."));
}

void ExplainPanel::setExplanations(const QList<Entry> &entries, const QString &placeholder)
{
    m_markdown.clear();
    m_unexpected = 0;
    QStringList heads;
    for (const Entry &entry : entries) {
        const RebuildExplanation &explanation = entry.explanation;
        const int unexpected = explanation.count(ExplainedStep::Verdict::UnexpectedRebuild);
        m_unexpected += unexpected;
        const QString head = explanation.before.isEmpty()
            ? tr("%1: %2 (no earlier run to compare with)").arg(entry.side, explanation.after)
            : tr("%1: %2 after %3").arg(entry.side, explanation.after, explanation.before);
        heads.append(unexpected == 0 ? tr("%1 — every rebuild expected").arg(head)
                                     : tr("%1 — %n unexpected rebuild(s): %2", nullptr, unexpected)
                                           .arg(head, RebuildExplanation::causeName(explanation.cause)));
        // Headings a size down: the tab is a panel, not a page.
        QString body = explanation.toMarkdown();
        body.replace(QStringLiteral("### Expected vs observed rebuilds\n\n"), QString());
        m_markdown += QStringLiteral("#### %1\n\n%2\n").arg(head, body);
    }
    m_summary->setText(entries.isEmpty() ? placeholder : heads.join(QLatin1Char('\n')));
    m_text->setMarkdown(m_markdown);
    m_copy->setEnabled(!m_markdown.isEmpty());
}

QString ExplainPanel::summary() const
{
    return m_summary->text();
}

QString ExplainPanel::markdown() const
{
    return m_markdown;
}

int ExplainPanel::unexpectedCount() const
{
    return m_unexpected;
}

} // namespace Cachelab
