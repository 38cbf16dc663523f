// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/analysis/RunAnalysis.h"
#include "core/dockerfile/Dockerfile.h"
#include "core/progress/BuildRun.h"
#include "core/store/StoredRun.h"

#include <functional>
#include <memory>
#include <optional>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QWaitCondition>

class QThread;

namespace Cachelab {

// A stored run made ready to show: its log (read from its file when the store listed the
// run without it), the run parsed from it, and its analysis against the Dockerfile.
struct LoadedRun
{
    QString id;
    QByteArray log;
    QString error; // the log could not be read
    BuildRun run;
    RunAnalysisPtr analysis;
    bool analysed = false; // the analysis is new (not the one given)

    // `known`: the run's analysis against this Dockerfile version, if there is one.
    static LoadedRun of(const StoredRun &stored, const Dockerfile *dockerfile,
                        const RunAnalysisPtr &known);
};

// Loads stored runs on a worker thread, in the order given, each exactly once: a run asked
// for with take() before the worker reached it is taken from the queue and loaded by the
// caller; one the worker is on is waited for. Thread-safe.
class RunLoader
{
public:
    struct Task
    {
        StoredRun stored;
        RunAnalysisPtr known;
    };

    // `ready` is called on the worker thread when loaded runs wait to be taken (once per
    // batch: not again until takeFinished() emptied it).
    RunLoader(const std::optional<Dockerfile> &dockerfile, QList<Task> tasks,
              std::function<void()> ready);
    ~RunLoader(); // cancels and waits for the run the worker is on
    RunLoader(const RunLoader &) = delete;
    RunLoader &operator=(const RunLoader &) = delete;

    void start();
    // The run `id` loaded, wherever it was; nullopt when it is not one of the tasks or
    // was taken already.
    std::optional<LoadedRun> take(const QString &id);
    QList<LoadedRun> takeFinished(); // what the worker loaded since the last call
    void cancel(); // the worker stops after the run it is on
    bool isFinished() const;

private:
    void work();

    const std::optional<Dockerfile> m_dockerfile;
    const std::function<void()> m_ready;
    mutable QMutex m_mutex;
    QWaitCondition m_taskDone;
    QList<Task> m_queue;
    QString m_running; // the run the worker is on
    QList<LoadedRun> m_finished;
    bool m_cancelled = false;
    QThread *m_thread = nullptr;
};

} // namespace Cachelab
