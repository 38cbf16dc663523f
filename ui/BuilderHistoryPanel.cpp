// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/BuilderHistoryPanel.h"

#include "core/history/BuilderHistory.h"
#include "core/lab/Lab.h"
#include "core/models/HistoryRecordListModel.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTableView>
#include <QThread>
#include <QVBoxLayout>

#include <memory>

namespace Cachelab {

BuilderHistoryPanel::BuilderHistoryPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new HistoryRecordListModel(this))
    , m_builder(new QLineEdit(this))
    , m_refresh(new QPushButton(tr("Refresh"), this))
    , m_import(new QPushButton(tr("Import as Run"), this))
    , m_table(new QTableView(this))
    , m_details(new QLabel(this))
    , m_status(new QLabel(this))
{
    m_builder->setObjectName(QStringLiteral("historyBuilder"));
    m_builder->setPlaceholderText(tr("buildx's current builder"));
    m_builder->setToolTip(tr("A buildx builder of any driver (docker-container, remote, …); "
                             "empty: the one buildx uses now"));
    m_builder->setClearButtonEnabled(true);
    m_refresh->setObjectName(QStringLiteral("historyRefresh"));
    m_import->setObjectName(QStringLiteral("historyImport"));
    m_import->setEnabled(false);
    m_import->setToolTip(tr("Keep the selected builds as runs of this project (or double-click one)"));
    m_table->setObjectName(QStringLiteral("historyTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    // The ref is long and the same for every row but its id: in each row's tooltip.
    m_table->setColumnHidden(HistoryRecordListModel::RefColumn, true);
    m_details->setObjectName(QStringLiteral("historyDetails"));
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setText(tr("Select a build to see its Dockerfile, target, build arguments and cache imports."));
    m_status->setObjectName(QStringLiteral("historyStatus"));
    m_status->setWordWrap(true);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Builder:"), this));
    top->addWidget(m_builder, 1);
    top->addWidget(m_refresh);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_import);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_details);
    layout->addLayout(buttons);
    layout->addWidget(m_status);

    connect(m_refresh, &QPushButton::clicked, this, &BuilderHistoryPanel::refresh);
    connect(m_builder, &QLineEdit::returnPressed, this, &BuilderHistoryPanel::refresh);
    connect(m_import, &QPushButton::clicked, this, &BuilderHistoryPanel::importSelected);
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        importRef(index.data(HistoryRecordListModel::RefRole).toString());
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        m_import->setEnabled(!m_busy && m_table->selectionModel()->hasSelection());
        inspectSelected();
    });
}

void BuilderHistoryPanel::setBuilder(const QString &builder)
{
    m_builder->setText(builder);
}

QString BuilderHistoryPanel::builder() const
{
    return m_builder->text().trimmed();
}

QString BuilderHistoryPanel::statusText() const
{
    return m_status->text();
}

QString BuilderHistoryPanel::detailsText() const
{
    return m_details->text();
}

QProcessEnvironment BuilderHistoryPanel::environment() const
{
    return m_environment ? *m_environment : Lab::toolEnvironment();
}

void BuilderHistoryPanel::setBusy(bool busy)
{
    m_busy += busy ? 1 : -1;
    m_refresh->setEnabled(!m_busy);
    m_import->setEnabled(!m_busy && m_table->selectionModel()->hasSelection());
    if (m_busy == (busy ? 1 : 0))
        emit busyChanged(m_busy > 0);
}

// buildx blocks (a remote builder may take seconds to answer): the work runs on a thread
// of its own that touches nothing of the panel; `done` runs on the GUI thread, only while
// the panel exists.
template<typename Work, typename Done>
void BuilderHistoryPanel::startWorker(Work work, Done done)
{
    using Result = decltype(work());
    auto result = std::make_shared<Result>();
    QThread *worker = QThread::create([result, work] { *result = work(); });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    QPointer<BuilderHistoryPanel> panel(this);
    connect(worker, &QThread::finished, this, [panel, result, done] {
        if (panel)
            done(std::move(*result));
    });
    worker->start();
}

void BuilderHistoryPanel::refresh()
{
    if (m_busy)
        return;
    setBusy(true);
    const QString builder = this->builder();
    m_status->setText(builder.isEmpty() ? tr("Reading the current builder's history…")
                                        : tr("Reading the history of builder %1…").arg(builder));
    const QProcessEnvironment environment = this->environment();
    struct Listing
    {
        std::optional<QList<HistoryRecord>> records;
        QString error;
    };
    startWorker(
        [environment, builder] {
            Listing listing;
            listing.records = BuilderHistory(environment, builder, 60000).list(&listing.error);
            return listing;
        },
        [this, builder](Listing listing) {
            setBusy(false);
            if (!listing.records) {
                m_model->setRecords({});
                m_status->setText(tr("Cannot read the builder's history: %1").arg(listing.error));
            } else {
                m_model->setRecords(*listing.records);
                m_table->resizeColumnsToContents();
                const QString name = builder.isEmpty() && !listing.records->isEmpty()
                    ? listing.records->constFirst().builder()
                    : builder;
                const qsizetype count = listing.records->size();
                m_status->setText(count == 0 ? tr("Builder %1 remembers no builds yet.").arg(name)
                                  : count == 1
                                      ? tr("1 build on builder %1. Double-click it to import it as a run.").arg(name)
                                      : tr("%1 builds on builder %2. Double-click one to import it as a run.")
                                            .arg(count)
                                            .arg(name));
            }
            emit listed();
        });
}

void BuilderHistoryPanel::inspectSelected()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.size() != 1)
        return;
    const QString ref = rows.constFirst().data(HistoryRecordListModel::RefRole).toString();
    const quint64 generation = ++m_inspectGeneration;
    m_details->setText(tr("Reading what the builder says of %1…").arg(ref));
    const QProcessEnvironment environment = this->environment();
    const QString builder = this->builder();
    struct Inspection
    {
        std::optional<HistoryRecord> record;
        QString error;
    };
    startWorker(
        [environment, builder, ref] {
            Inspection inspection;
            inspection.record = BuilderHistory(environment, builder, 60000).inspect(ref, &inspection.error);
            return inspection;
        },
        [this, generation](Inspection inspection) {
            if (generation != m_inspectGeneration)
                return; // another record was selected meanwhile
            if (!inspection.record) {
                m_details->setText(inspection.error);
                return;
            }
            const HistoryRecord record = inspection.record->redacted();
            QStringList lines;
            auto add = [&lines](const QString &label, const QString &value) {
                if (!value.isEmpty())
                    lines.append(QStringLiteral("<b>%1</b> %2").arg(label, value.toHtmlEscaped()));
            };
            add(tr("Context:"), record.context);
            add(tr("Dockerfile:"), record.dockerfile);
            add(tr("Target:"), record.target);
            add(tr("Platforms:"), record.platforms.join(QStringLiteral(", ")));
            QStringList args;
            for (const auto &[name, value] : record.buildArgs)
                args.append(name + QLatin1Char('=') + value);
            add(tr("Build arguments:"), args.join(QStringLiteral(", ")));
            add(tr("Cache imports:"), record.cacheImports.join(QStringLiteral(", ")));
            add(tr("Cache exports:"), record.cacheExports.join(QStringLiteral(", ")));
            add(tr("Error:"), record.error);
            m_details->setText(lines.isEmpty() ? tr("The builder says nothing more of this build.")
                                               : lines.join(QStringLiteral("<br>")));
        });
}

void BuilderHistoryPanel::importSelected()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows)
        importRef(row.data(HistoryRecordListModel::RefRole).toString());
}

void BuilderHistoryPanel::importRef(const QString &ref)
{
    if (ref.isEmpty())
        return;
    setBusy(true);
    m_status->setText(tr("Importing %1…").arg(ref));
    const QProcessEnvironment environment = this->environment();
    const QString builder = this->builder();
    struct Fetch
    {
        std::optional<HistoryBuild> build;
        QString error;
    };
    startWorker(
        [environment, builder, ref] {
            Fetch fetch;
            fetch.build = BuilderHistory(environment, builder, 120000).fetch(ref, &fetch.error);
            return fetch;
        },
        [this, ref](Fetch fetch) {
            setBusy(false);
            if (!fetch.build) {
                m_status->setText(tr("Cannot import %1: %2").arg(ref, fetch.error));
                return;
            }
            m_status->setText(tr("Imported %1.").arg(ref));
            emit buildFetched(*fetch.build);
        });
}

} // namespace Cachelab
