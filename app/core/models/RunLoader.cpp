// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/RunLoader.h"

#include "core/progress/ProgressStreamParser.h"
#include "core/store/RunStore.h"

#include <QThread>

namespace Cachelab {

LoadedRun LoadedRun::of(const StoredRun &stored, const Dockerfile *dockerfile,
                        const RunAnalysisPtr &known)
{
    LoadedRun loaded;
    loaded.id = stored.id;
    loaded.log = stored.log;
    if (stored.error.isEmpty() && loaded.log.isEmpty() && !stored.logFile.isEmpty()) {
        StoredRun read;
        read.logFile = stored.logFile;
        if (RunStore::readLog(read, &loaded.error))
            loaded.log = std::move(read.log);
    }
    if (stored.error.isEmpty() && loaded.error.isEmpty() && !loaded.log.isEmpty()) {
        // A script that failed before BuildKit printed anything has no vertices: not an
        // error of the stored run, just an empty build.
        if (auto run = ProgressStreamParser::parseLog(loaded.log, stored.label, nullptr))
            loaded.run = std::move(*run);
    }
    loaded.run.exitStatus = stored.result.exitCode;
    loaded.analysis = known;
    if (!loaded.analysis) {
        loaded.analysis = std::make_shared<const RunAnalysis>(RunAnalysis::of(loaded.run, dockerfile));
        loaded.analysed = true;
    }
    return loaded;
}

RunLoader::RunLoader(const std::optional<Dockerfile> &dockerfile, QList<Task> tasks,
                     std::function<void()> ready)
    : m_dockerfile(dockerfile)
    , m_ready(std::move(ready))
    , m_queue(std::move(tasks))
{ }

RunLoader::~RunLoader()
{
    cancel();
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

void RunLoader::start()
{
    if (m_thread)
        return;
    m_thread = QThread::create([this] { work(); });
    m_thread->setObjectName(QStringLiteral("RunLoader"));
    m_thread->start(QThread::LowPriority);
}

void RunLoader::work()
{
    const Dockerfile *dockerfile = m_dockerfile ? &*m_dockerfile : nullptr;
    for (;;) {
        Task task;
        {
            const QMutexLocker lock(&m_mutex);
            if (m_cancelled || m_queue.isEmpty())
                return;
            task = m_queue.takeFirst();
            m_running = task.stored.id;
        }
        LoadedRun loaded = LoadedRun::of(task.stored, dockerfile, task.known);
        bool first = false;
        {
            const QMutexLocker lock(&m_mutex);
            m_running.clear();
            m_finished.append(std::move(loaded));
            first = m_finished.size() == 1 && !m_cancelled;
            m_taskDone.wakeAll();
        }
        if (first)
            m_ready();
    }
}

std::optional<LoadedRun> RunLoader::take(const QString &id)
{
    const Dockerfile *dockerfile = m_dockerfile ? &*m_dockerfile : nullptr;
    QMutexLocker lock(&m_mutex);
    // Being loaded right now: a parse's worth of waiting, never a second analysis.
    while (!id.isEmpty() && m_running == id)
        m_taskDone.wait(&m_mutex);
    for (qsizetype i = 0; i < m_finished.size(); ++i) {
        if (m_finished.at(i).id == id)
            return m_finished.takeAt(i);
    }
    for (qsizetype i = 0; i < m_queue.size(); ++i) {
        if (m_queue.at(i).stored.id == id) {
            const Task task = m_queue.takeAt(i);
            lock.unlock();
            return LoadedRun::of(task.stored, dockerfile, task.known);
        }
    }
    return std::nullopt;
}

QList<LoadedRun> RunLoader::takeFinished()
{
    const QMutexLocker lock(&m_mutex);
    return std::exchange(m_finished, {});
}

void RunLoader::cancel()
{
    const QMutexLocker lock(&m_mutex);
    m_cancelled = true;
    m_queue.clear();
}

bool RunLoader::isFinished() const
{
    return !m_thread || m_thread->isFinished();
}

} // namespace Cachelab
