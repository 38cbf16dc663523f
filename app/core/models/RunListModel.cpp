// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/RunListModel.h"

#include "core/progress/ProgressStreamParser.h"

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

void RunListModel::setDockerfile(const std::optional<Dockerfile> &dockerfile,
                                 const QByteArray &version)
{
    m_dockerfile = dockerfile;
    const QByteArray next = version.isEmpty()
        ? QByteArrayLiteral("anonymous-") + QByteArray::number(++m_anonymousVersions)
        : version;
    if (next != m_version) {
        m_version = next;
        m_analyses.clear();
    }
    for (Entry &entry : m_entries) {
        if (entry.live) {
            entry.summary = summaryOf(entry.run);
            continue;
        }
        entry.analysis = analysisOf(entry.stored.id, entry.run, false);
        entry.summary = entry.analysis->summary;
    }
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

RunListModel::Entry RunListModel::makeEntry(const StoredRun &stored) const
{
    Entry entry { stored, {}, {} };
    if (stored.error.isEmpty() && !stored.log.isEmpty()) {
        QString error;
        if (auto run = ProgressStreamParser::parseLog(stored.log, stored.label, &error))
            entry.run = std::move(*run);
        // A script that failed before BuildKit printed anything has no vertices: not an
        // error of the stored run, just an empty build.
    }
    entry.run.exitStatus = stored.result.exitCode;
    entry.analysis = analysisOf(stored.id, entry.run, false);
    entry.summary = entry.analysis->summary;
    return entry;
}

void RunListModel::setRuns(const QList<StoredRun> &runs)
{
    beginResetModel();
    m_entries.clear();
    for (const StoredRun &stored : runs)
        m_entries.append(makeEntry(stored));
    std::stable_sort(m_entries.begin(), m_entries.end(), [](const Entry &a, const Entry &b) {
        return a.stored.id > b.stored.id;
    });
    endResetModel();
}

void RunListModel::updateStored(const StoredRun &stored)
{
    const int row = rowOf(stored.id);
    if (row < 0)
        return;
    m_entries[row].stored = stored;
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
    const int row = rowOf(stored.id);
    if (row >= 0) {
        m_entries[row] = std::move(entry);
        Q_EMIT dataChanged(index(row, 0), index(row, NUM_COLUMNS - 1));
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
    Q_EMIT dataChanged(index(row, 0), index(row, NUM_COLUMNS - 1));
}

const RunListModel::Entry *RunListModel::entry(int row) const
{
    return row >= 0 && row < m_entries.size() ? &m_entries.at(row) : nullptr;
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
    const Entry &e = m_entries.at(index.row());
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
