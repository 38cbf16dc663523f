// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/progress/ProgressStreamParser.h"
#include "core/runner/RunRequest.h"
#include "core/runner/RunResult.h"

#include <memory>
#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>

class QProcess;
class QTimer;

namespace Cachelab {

// Runs one build script through QProcess, asynchronously on the caller's thread: output
// (stdout and stderr merged, in order) is kept whole and fed to the progress parser as
// it arrives. The script runs in a process group of its own, so that cancel() ends it and
// everything it started (docker, buildctl), and a runner destroyed mid-run leaves no
// process behind. Signals of a previous run never leak into the next one.
class ScriptRunner : public QObject
{
    Q_OBJECT
public:
    explicit ScriptRunner(QObject *parent = nullptr);
    ~ScriptRunner() override;

    // false (and finished() with NotStarted, from the event loop) when it cannot start.
    bool start(const RunRequest &request);
    // SIGTERM to the process group, SIGKILL to what is left after the grace period.
    void cancel();
    bool isRunning() const;
    bool isCanceling() const { return m_canceled && isRunning(); } // canceled, group not yet gone

    const BuildRun &run() const { return m_parser->run(); }
    QByteArray log() const { return m_log; } // everything the script printed, secrets masked
    RunResult result() const { return m_result; }
    QString commandLine() const; // as shown to the user
    QStringList environmentForDisplay() const; // NAME=value, secrets masked
    qint64 elapsedMs() const;
    qint64 processGroup() const { return m_processGroup; }

    void setCancelGracePeriod(int ms) { m_graceMs = ms; }

Q_SIGNALS:
    void started();
    void outputReceived(const QByteArray &bytes);
    void runUpdated(); // the parsed run changed
    void finished(const Cachelab::RunResult &result);

private:
    void readOutput();
    void onFinished(int exitCode, int exitStatus);
    void onErrorOccurred(int error);
    void finish(RunResult::Ending ending, int exitCode, const QString &message);
    void killGroup(int signal);
    bool groupAlive() const;
    void pollCanceledGroup();

    RunRequest m_request;
    QProcess *m_process = nullptr;
    QTimer *m_killTimer;
    QTimer *m_groupPoll; // after a cancel: until the whole group has ended
    QElapsedTimer m_sinceKill;
    int m_canceledExitCode = -1;
    std::unique_ptr<ProgressStreamParser> m_parser;
    QByteArray m_log;
    QByteArray m_pendingRedaction; // an incomplete last line, held back until it is whole
    QProcessEnvironment m_environment;
    RunResult m_result;
    QElapsedTimer m_clock;
    qint64 m_processGroup = 0;
    bool m_canceled = false;
    int m_graceMs = 5000;
};

} // namespace Cachelab
