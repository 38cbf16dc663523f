// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/explain/RebuildExplanation.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTextBrowser;

namespace Cachelab {

// The Explain tab: for each run shown, which of its rebuilds the files changed since the
// run before it explain, which they do not, and why those ran — as the Markdown a GitHub
// issue gets (Copy as Markdown).
class ExplainPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ExplainPanel(QWidget *parent = nullptr);

    struct Entry
    {
        QString side; // "A", "B"
        RebuildExplanation explanation;
    };
    // Empty: shows `placeholder` (why there is nothing to explain).
    void setExplanations(const QList<Entry> &entries, const QString &placeholder = {});
    QString summary() const; // the heading line
    QString markdown() const; // what Copy as Markdown copies
    int unexpectedCount() const;

private:
    QLabel *m_summary;
    QTextBrowser *m_text;
    QPushButton *m_copy;
    QString m_markdown;
    int m_unexpected = 0;
};

} // namespace Cachelab
