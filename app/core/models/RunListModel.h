// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/analysis/RunAnalysis.h"

#include "core/dockerfile/Dockerfile.h"
#include "core/models/RunSummary.h"
#include "core/progress/BuildRun.h"
#include "core/store/StoredRun.h"

#include <optional>
#include <QAbstractTableModel>
#include <QList>

namespace Cachelab {

// The run history of a project, newest first: script, start, duration, steps ran /
// cached / loaded, exported layers, how it ended. A run that could not be read is a row
// too, showing its error.
class RunListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    // Most telling first: the run list is a narrow panel.
    enum Columns
    {
        ScriptColumn,
        EndingColumn,
        LayersColumn,
        StepsColumn,
        StartedColumn,
        DurationColumn,
        NUM_COLUMNS
    };
    enum Roles
    {
        RunIdRole = Qt::UserRole,
        ErrorRole,
        EndingRole
    };

    struct Entry
    {
        StoredRun stored;
        BuildRun run; // parsed from stored.log
        RunSummary summary;
        // Matched to the Dockerfile once (per Dockerfile version) and shared with every
        // view; null for a live run, which is matched as it grows.
        RunAnalysisPtr analysis;
        bool live = false; // going on: its run is filled in when it ends
    };

    explicit RunListModel(QObject *parent = nullptr);

    // The Dockerfile the runs built: step counts then follow the graph's (RunSummary).
    // Set before setRuns(); nullopt counts the log's step vertices.
    // `version` names the Dockerfile's content: the analyses of runs are kept across
    // calls with the same version (empty: a new version each call).
    void setDockerfile(const std::optional<Dockerfile> &dockerfile, const QByteArray &version = {});
    // How many run analyses this model has computed (each finished run once per version).
    int analysesComputed() const { return m_analysesComputed; }
    void setRuns(const QList<StoredRun> &runs);
    // Adds or replaces (same id) one run; a live run is added when it starts and replaced
    // as it goes.
    void upsert(const StoredRun &stored, const BuildRun &run, bool live = false);
    // A live run's counts as it goes, without a copy of its growing run: the window
    // shows the runner's own run until the end, when upsert() stores it whole.
    void updateSummary(const QString &id, const RunSummary &summary);
    // New facts about a run kept on disk (its kept cache read), its analysis unchanged.
    void updateStored(const StoredRun &stored);
    const Entry *entry(int row) const;
    const Entry *entryById(const QString &id) const;
    int rowOf(const QString &id) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    Entry makeEntry(const StoredRun &stored) const;
    RunSummary summaryOf(const BuildRun &run) const;

private:
    RunAnalysisPtr analysisOf(const QString &id, const BuildRun &run, bool fresh) const;

    std::optional<Dockerfile> m_dockerfile;
    QByteArray m_version;
    quint64 m_anonymousVersions = 0;
    // By run id; cleared when the Dockerfile version changes.
    mutable QHash<QString, RunAnalysisPtr> m_analyses;
    mutable int m_analysesComputed = 0;
    QList<Entry> m_entries; // newest first
};

} // namespace Cachelab
