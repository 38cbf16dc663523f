// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/CacheLayersPanel.h"

#include "core/models/CacheLayerListModel.h"
#include "core/progress/BuildRun.h"

#include <QFontDatabase>
#include <QGridLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListView>

namespace Cachelab {

namespace {
// Where the run's cache lives, as far as its log says: the ref it imported (the #1515
// scripts export to the same ref) or, for inline cache, the image that carries it.
QString cacheRefLine(const BuildRun &run, const CacheExport &exported)
{
    QStringList parts;
    if (exported.exporter == CacheExport::Exporter::Inline && !run.pushedImages().isEmpty())
        parts.append(CacheLayersPanel::tr("inline in %1")
                         .arg(run.pushedImages().join(QStringLiteral(", "))));
    const QStringList imports = run.cacheImports();
    if (!imports.isEmpty())
        parts.append(
            CacheLayersPanel::tr("imported from %1").arg(imports.join(QStringLiteral(", "))));
    if (parts.isEmpty())
        return {};
    return QStringLiteral("<br><small>%1</small>")
        .arg(CacheLayersPanel::tr("cache ref: %1")
                 .arg(parts.join(QStringLiteral("; ")))
                 .toHtmlEscaped());
}
} // namespace

CacheLayersPanel::CacheLayersPanel(QWidget *parent)
    : QWidget(parent)
    , m_titleA(new QLabel(this))
    , m_titleB(new QLabel(this))
    , m_listA(new QListView(this))
    , m_listB(new QListView(this))
    , m_modelA(new CacheLayerListModel(this))
    , m_modelB(new CacheLayerListModel(this))
{
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(4, 4, 4, 4);
    grid->addWidget(m_titleA, 0, 0);
    grid->addWidget(m_titleB, 0, 1);
    grid->addWidget(m_listA, 1, 0);
    grid->addWidget(m_listB, 1, 1);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QListView *list : { m_listA, m_listB }) {
        list->setFont(mono);
        list->setAlternatingRowColors(true);
        list->setUniformItemSizes(true);
    }
    m_titleA->setWordWrap(true);
    m_titleB->setWordWrap(true);
    m_listA->setModel(m_modelA);
    m_listB->setModel(m_modelB);
    connect(m_listA->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
        syncSelection(m_listA, m_modelA, m_listB, m_modelB);
    });
    connect(m_listB->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
        syncSelection(m_listB, m_modelB, m_listA, m_modelA);
    });
    setRuns(nullptr, {}, nullptr, {});
}

void CacheLayersPanel::setRuns(const BuildRun *a, const QString &labelA, const BuildRun *b,
                               const QString &labelB)
{
    const CacheExport exportA = a ? a->cacheExport() : CacheExport();
    const CacheExport exportB = b ? b->cacheExport() : CacheExport();
    m_modelA->setExports(
        exportA, a ? CacheLayerListModel::writeSeconds(*a) : QMap<QString, double>(), exportB);
    m_modelB->setExports(
        exportB, b ? CacheLayerListModel::writeSeconds(*b) : QMap<QString, double>(), exportA);
    m_titleA->setText(a ? tr("<b>A</b> %1").arg(m_modelA->title(labelA).toHtmlEscaped())
                              + cacheRefLine(*a, exportA)
                        : tr("<b>A</b> select a run"));
    m_titleB->setText(b ? tr("<b>B</b> %1").arg(m_modelB->title(labelB).toHtmlEscaped())
                              + cacheRefLine(*b, exportB)
                        : tr("<b>B</b> select a second run to compare (Ctrl+click)"));
}

QString CacheLayersPanel::titleA() const
{
    return m_titleA->text();
}

QString CacheLayersPanel::titleB() const
{
    return m_titleB->text();
}

void CacheLayersPanel::syncSelection(QListView *from, CacheLayerListModel *fromModel, QListView *to,
                                     CacheLayerListModel *toModel)
{
    const QString digest
        = fromModel->data(from->currentIndex(), CacheLayerListModel::DigestRole).toString();
    const int row = toModel->rowOfDigest(digest);
    QSignalBlocker blocker(to->selectionModel());
    if (row >= 0) {
        to->setCurrentIndex(toModel->index(row));
        to->scrollTo(toModel->index(row));
    } else {
        to->clearSelection();
    }
}

} // namespace Cachelab
