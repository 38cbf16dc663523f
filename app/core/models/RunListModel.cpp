// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/RunListModel.h"

#include "core/models/RunLoader.h"

#include <algorithm>

namespace Cachelab {

namespace {
QString durationText(const RunResult &result)
{
    if (!result.started.isValid() || !result.finished.isValid())
        return QStringLiteral("–");
    const double seconds = result.started.msecsTo(result.finished) / 1000.0;
    return seconds < 60
        ? QStringLiteral("%1 s").arg(seconds, 0, 'f', 1)
        : QStringLiteral("%1 min %2 s").arg(int(seconds) / 60).arg(int(seconds) % 60);
}
} // namespace

RunListModel::RunListModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

RunListModel::~RunListModel()
{
    // Each loader waits for the run its worker is on: nothing calls back afterwards.
    stopLoading();
    m_retired.clear();
}

void RunListModel::setBackgroundLoading(bool on)
{
    if (on == m_background)
        return;
    m_background = on;
    if (on)
        startLoading();
    else
        stopLoading();
}

void RunListModel::setDockerfile(const std::optional<Dockerfile> &dockerfile,
                                 const QByteArray &version)
{
    m_dockerfile = dockerfile;
    const QByteArray next = version.isEmpty()
        ? QByteArrayLiteral("anonymous-") + QByteArray::number(++m_anonymousVersions)
        : version;
    if (next == m_version)
        return;
    m_version = next;
    m_analyses.clear();
    // Each finished run is analysed again, as it is loaded (its log kept if it was read).
    for (Entry &entry : m_entries) {
        if (entry.live) {
            entry.summary = summaryOf(entry.run);
        } else if (entry.loaded) {
            entry.loaded = false;
            entry.run = BuildRun();
            entry.analysis.reset();
            entry.summary = RunSummary();
            ++m_unloaded;
        }
    }
    ++m_revision;
    if (m_background)
        startLoading();
    if (!m_entries.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, NUM_COLUMNS - 1));
}

RunAnalysisPtr RunListModel::analysisOf(const QString &id, const BuildRun &run, bool fresh) const
{
    if (!fresh) {
        if (const RunAnalysisPtr cached = m_analyses.value(id))
            return cached;
    }
    ++m_analysesComputed;
    auto analysis = std::make_shared<const RunAnalysis>(
        RunAnalysis::of(run, m_dockerfile ? &*m_dockerfile : nullptr));
    m_analyses.insert(id, analysis);
    return analysis;
}

RunSummary RunListModel::summaryOf(const BuildRun &run) const
{
    return RunSummary::of(run, m_dockerfile ? &*m_dockerfile : nullptr);
}

void RunListModel::install(Entry &entry, LoadedRun &&loaded) const
{
    if (entry.stored.log.isEmpty())
        entry.stored.log = std::move(loaded.log);
    if (!loaded.error.isEmpty())
        entry.stored.error = loaded.error;
    entry.run = std::move(loaded.run);
    if (loaded.analysed)
        ++m_analysesComputed;
    m_analyses.insert(entry.stored.id, loaded.analysis);
    entry.analysis = std::move(loaded.analysis);
    entry.summary = entry.analysis->summary;
    entry.loaded = true;
    --m_unloaded;
    ++m_revision;
}

void RunListModel::ensureLoaded(int row) const
{
    Entry &entry = m_entries[row];
    if (entry.loaded)
        return;
    std::optional<LoadedRun> loaded = m_loader ? m_loader->take(entry.stored.id) : std::nullopt;
    if (!loaded)
        loaded = LoadedRun::of(entry.stored, m_dockerfile ? &*m_dockerfile : nullptr,
                               m_analyses.value(entry.stored.id));
    install(entry, std::move(*loaded));
    // Its row shows its counts now: said once the caller is done with the entry.
    auto *self = const_cast<RunListModel *>(this);
    QMetaObject::invokeMethod(
        self, [self, id = entry.stored.id] { self->loadedOnDemand(id); }, Qt::QueuedConnection);
}

void RunListModel::loadedOnDemand(const QString &id)
{
    const int row = rowOf(id);
    if (row >= 0)
        Q_EMIT dataChanged(index(row, 0), index(row, NUM_COLUMNS - 1));
    finishLoadingIfDone();
}

void RunListModel::startLoading()
{
    stopLoading();
    QList<RunLoader::Task> tasks;
    for (const Entry &entry : std::as_const(m_entries)) {
        if (!entry.loaded)
            tasks.append({ entry.stored, m_analyses.value(entry.stored.id) });
    }
    if (tasks.isEmpty())
        return;
    const quint64 generation = ++m_loadGeneration;
    // Called on the worker thread; the loader (and its worker) ends before this model.
    m_loader = std::make_unique<RunLoader>(m_dockerfile, std::move(tasks), [this, generation] {
        QMetaObject::invokeMethod(
            this, [this, generation] { collectLoaded(generation); }, Qt::QueuedConnection);
    });
    m_loader->start();
}

void RunListModel::stopLoading()
{
    ++m_loadGeneration;
    if (m_loader) {
        m_loader->cancel();
        m_retired.push_back(std::move(m_loader));
    }
    m_retired.erase(std::remove_if(m_retired.begin(), m_retired.end(),
                                   [](const std::unique_ptr<RunLoader> &loader) {
                                       return loader->isFinished();
                                   }),
                    m_retired.end());
}

void RunListModel::collectLoaded(quint64 generation)
{
    if (generation != m_loadGeneration || !m_loader)
        return;
    QList<LoadedRun> batch = m_loader->takeFinished();
    // The worker goes in row order: the next result is most likely the next row.
    int first = -1, last = -1, hint = 0;
    for (LoadedRun &loaded : batch) {
        const int row = hint < m_entries.size() && m_entries.at(hint).stored.id == loaded.id
            ? hint
            : rowOf(loaded.id);
        if (row < 0 || m_entries.at(row).loaded)
            continue; // replaced meanwhile (upsert)
        install(m_entries[row], std::move(loaded));
        first = first < 0 ? row : std::min(first, row);
        last = std::max(last, row);
        hint = row + 1;
    }
    if (last >= 0)
        Q_EMIT dataChanged(index(first, 0), index(last, NUM_COLUMNS - 1));
    finishLoadingIfDone();
}

void RunListModel::finishLoadingIfDone()
{
    if (!m_loader || m_unloaded > 0)
        return;
    stopLoading();
    Q_EMIT loadingFinished();
}

void RunListModel::setRuns(const QList<StoredRun> &runs)
{
    beginResetModel();
    stopLoading();
    m_entries.clear();
    m_entries.reserve(runs.size());
    for (const StoredRun &stored : runs) {
        Entry entry;
        entry.stored = stored;
        entry.loaded = false;
        m_entries.append(std::move(entry));
    }
    m_unloaded = int(m_entries.size());
    ++m_revision;
    std::stable_sort(m_entries.begin(), m_entries.end(), [](const Entry &a, const Entry &b) {
        return a.stored.id > b.stored.id;
    });
    endResetModel();
    if (m_background)
        startLoading();
}

void RunListModel::updateStored(const StoredRun &stored)
{
    const int row = rowOf(stored.id);
    if (row < 0)
        return;
    m_entries[row].stored = stored;
    ++m_revision;
    Q_EMIT dataChanged(index(row, 0), index(row, NUM_COLUMNS - 1));
}

void RunListModel::upsert(const StoredRun &stored, const BuildRun &run, bool live)
{
    // A run that ends (or is added whole) is analysed afresh: its log is new.
    Entry entry { stored, run, {}, {}, live };
    if (live) {
        entry.summary = summaryOf(run);
        m_analyses.remove(stored.id);
    } else {
        entry.analysis = analysisOf(stored.id, run, true);
        entry.summary = entry.analysis->summary;
    }
    ++m_revision;
    const int row = rowOf(stored.id);
    if (row >= 0) {
        if (!m_entries.at(row).loaded)
            --m_unloaded;
        m_entries[row] = std::move(entry);
        Q_EMIT dataChanged(index(row, 0), index(row, NUM_COLUMNS - 1));
        finishLoadingIfDone();
        return;
    }
    beginInsertRows({}, 0, 0);
    m_entries.prepend(std::move(entry));
    endInsertRows();
}

void RunListModel::updateSummary(const QString &id, const RunSummary &summary)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    m_entries[row].summary = summary;
    ++m_revision;
    Q_EMIT dataChanged(index(row, 0), index(row, NUM_COLUMNS - 1));
}

const RunListModel::Entry *RunListModel::entry(int row) const
{
    if (row < 0 || row >= m_entries.size())
        return nullptr;
    ensureLoaded(row);
    return &m_entries.at(row);
}

const RunListModel::Entry *RunListModel::peekEntry(int row) const
{
    return row >= 0 && row < m_entries.size() ? &m_entries.at(row) : nullptr;
}

const RunListModel::Entry *RunListModel::loadedEntry(int row) const
{
    const Entry *found = peekEntry(row);
    return found && !found->loaded && m_background ? nullptr : entry(row);
}

const RunListModel::Entry *RunListModel::entryById(const QString &id) const
{
    return entry(rowOf(id));
}

int RunListModel::rowOf(const QString &id) const
{
    for (int row = 0; row < m_entries.size(); ++row) {
        if (m_entries.at(row).stored.id == id)
            return row;
    }
    return -1;
}

int RunListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int RunListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : NUM_COLUMNS;
}

QVariant RunListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    // Loading in the background, a row shows its counts once its run is in.
    const Entry &e = m_background ? m_entries.at(index.row()) : *entry(index.row());
    const StoredRun &stored = e.stored;
    switch (role) {
    case RunIdRole:
        return stored.id;
    case ErrorRole:
        return stored.error;
    case EndingRole:
        return int(stored.result.ending);
    case Qt::ToolTipRole:
        if (!stored.error.isEmpty())
            return tr("This run cannot be read: %1").arg(stored.error);
        return tr("%1\n%2\nchanged: %3")
            .arg(stored.commandLine.isEmpty() ? stored.label : stored.commandLine,
                 stored.result.message,
                 stored.changedFiles.isEmpty() ? tr("nothing")
                                               : stored.changedFiles.join(QStringLiteral(", ")));
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    if (!stored.error.isEmpty()) {
        if (index.column() == ScriptColumn)
            return stored.label;
        return index.column() == EndingColumn ? tr("unreadable: %1").arg(stored.error) : QVariant();
    }
    const RunSummary &s = e.summary;
    if (!e.loaded && (index.column() == StepsColumn || index.column() == LayersColumn))
        return QStringLiteral("…");
    switch (Columns(index.column())) {
    case ScriptColumn:
        return stored.label;
    case StartedColumn:
        return stored.result.started.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case DurationColumn:
        return durationText(stored.result);
    case StepsColumn:
        return tr("%1 ran · %2 cached · %3 loaded").arg(s.ran).arg(s.cached).arg(s.loaded);
    case LayersColumn:
        return s.exporter == CacheExport::Exporter::Registry
            ? tr("%n layer(s)", nullptr, s.exportedLayers)
            : s.exporter == CacheExport::Exporter::Inline ? tr("inline")
                                                          : QStringLiteral("–");
    case EndingColumn:
        return e.live ? tr("running…") : RunResult::endingName(stored.result.ending);
    case NUM_COLUMNS:
        break;
    }
    return {};
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Columns(section)) {
    case ScriptColumn:
        return tr("Script");
    case StartedColumn:
        return tr("Started");
    case DurationColumn:
        return tr("Duration");
    case StepsColumn:
        return tr("Steps");
    case LayersColumn:
        return tr("Exported cache");
    case EndingColumn:
        return tr("Result");
    case NUM_COLUMNS:
        break;
    }
    return {};
}

} // namespace Cachelab
