// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/analysis/RunAnalysis.h"

#include "core/dockerfile/Dockerfile.h"
#include "core/models/RunSummary.h"
#include "core/progress/BuildRun.h"
#include "core/store/StoredRun.h"

#include <memory>
#include <optional>
#include <vector>
#include <QAbstractTableModel>
#include <QList>

namespace Cachelab {

class RunLoader;
struct LoadedRun;

// The run history of a project, newest first: script, start, duration, steps ran /
// cached / loaded, exported layers, how it ended. A run that could not be read is a row
// too, showing its error.
//
// The runs of setRuns() are rows at once, from their metadata; each is loaded (its log
// read, parsed and analysed) on first use, or ahead of use on a worker thread with
// background loading on (the window: a store of thousands of runs opens and scrolls
// without parsing them all on the GUI thread).
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
        // False for a run of setRuns() not loaded yet: stored holds its metadata (its log
        // may be unread: stored.logFile), run, summary and analysis are empty.
        bool loaded = true;
    };

    explicit RunListModel(QObject *parent = nullptr);
    ~RunListModel() override;

    // On: the runs of setRuns() are loaded on a worker thread, newest first, each row's
    // counts filled in as it comes (shown as "…" until then), and loadingFinished() says
    // when all are. Off (the default; the command line): each run is loaded when asked for.
    // Either way a run is loaded and analysed once.
    void setBackgroundLoading(bool on);
    // Background loading has runs left to load.
    bool isLoading() const { return m_background && m_unloaded > 0; }

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
    // The run whole: loaded here and now if it was not yet (read and parsed on this thread;
    // one the worker is on is waited for).
    const Entry *entry(int row) const;
    const Entry *entryById(const QString &id) const;
    // The run as it is: not loaded, its metadata only (Entry::loaded). Never loads.
    const Entry *peekEntry(int row) const;
    // For views of every run (the history plot): entry(), but null for a run background
    // loading has not reached yet (they redraw on loadingFinished()).
    const Entry *loadedEntry(int row) const;
    int rowOf(const QString &id) const;
    // Changes whenever an entry does (a run added, loaded, updated, the runs replaced): a
    // view that derives something from every run keeps it while this stays the same.
    quint64 revision() const { return m_revision; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    RunSummary summaryOf(const BuildRun &run) const;

Q_SIGNALS:
    // Background loading has loaded every run (the rows' counts are all in).
    void loadingFinished();

private:
    RunAnalysisPtr analysisOf(const QString &id, const BuildRun &run, bool fresh) const;
    void ensureLoaded(int row) const;
    void install(Entry &entry, LoadedRun &&loaded) const;
    void startLoading();
    void stopLoading();
    void collectLoaded(quint64 generation);
    void loadedOnDemand(const QString &id);
    void finishLoadingIfDone();

    std::optional<Dockerfile> m_dockerfile;
    QByteArray m_version;
    quint64 m_anonymousVersions = 0;
    // By run id; cleared when the Dockerfile version changes.
    mutable QHash<QString, RunAnalysisPtr> m_analyses;
    mutable int m_analysesComputed = 0;
    // Newest first; loading a run on demand fills its entry in (logically const).
    mutable QList<Entry> m_entries;
    mutable int m_unloaded = 0; // entries not loaded yet
    bool m_background = false;
    std::unique_ptr<RunLoader> m_loader;
    // Loaders of earlier runs or Dockerfile versions, cancelled, their worker finishing
    // the run it was on.
    std::vector<std::unique_ptr<RunLoader>> m_retired;
    quint64 m_loadGeneration = 0;
    mutable quint64 m_revision = 0;
};

} // namespace Cachelab
