// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runner/ScriptRunner.h"

#include "core/GrowingByteArray.h"
#include "core/Logging.h"
#include "core/runner/SecretRedactor.h"

#include <cerrno>
#include <csignal>
#include <QFileInfo>
#include <QProcess>
#include <QTimer>
#include <unistd.h>

namespace Cachelab {

std::optional<RunResult::Ending> RunResult::endingFromName(const QString &name)
{
    for (auto ending : { Ending::Succeeded, Ending::Failed, Ending::Canceled, Ending::Crashed,
                         Ending::NotStarted }) {
        if (endingName(ending) == name)
            return ending;
    }
    return std::nullopt;
}

QString RunResult::endingName(Ending ending)
{
    switch (ending) {
    case Ending::Succeeded:
        return QStringLiteral("succeeded");
    case Ending::Failed:
        return QStringLiteral("failed");
    case Ending::Canceled:
        return QStringLiteral("canceled");
    case Ending::Crashed:
        return QStringLiteral("crashed");
    case Ending::NotStarted:
        return QStringLiteral("not started");
    }
    return {};
}

ScriptRunner::ScriptRunner(QObject *parent)
    : QObject(parent)
    , m_killTimer(new QTimer(this))
    , m_groupPoll(new QTimer(this))
    , m_parser(std::make_unique<ProgressStreamParser>())
{
    m_killTimer->setSingleShot(true);
    connect(m_killTimer, &QTimer::timeout, this, [this] {
        killGroup(SIGKILL);
        m_sinceKill.start();
    });
    m_groupPoll->setInterval(50);
    connect(m_groupPoll, &QTimer::timeout, this, &ScriptRunner::pollCanceledGroup);
}

ScriptRunner::~ScriptRunner()
{
    // Never leave a build running behind a closed window or a failed test.
    if (m_processGroup > 0)
        killGroup(SIGKILL);
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->disconnect(this);
        m_process->waitForFinished(2000);
    }
}

bool ScriptRunner::isRunning() const
{
    // A canceled run lasts until its whole process group has gone, not just the script.
    return (m_process && m_process->state() != QProcess::NotRunning) || m_groupPoll->isActive();
}

qint64 ScriptRunner::elapsedMs() const
{
    return m_clock.isValid() ? m_clock.elapsed() : 0;
}

QString ScriptRunner::commandLine() const
{
    QStringList words { m_request.script };
    words += m_request.arguments;
    return SecretRedactor::redact(words.join(QLatin1Char(' ')), m_environment);
}

QStringList ScriptRunner::environmentForDisplay() const
{
    // Only what Cachelab set: the inherited environment is the user's own business.
    QProcessEnvironment shown;
    for (auto it = m_request.environment.cbegin(); it != m_request.environment.cend(); ++it)
        shown.insert(it.key(), it.value());
    shown.insert(QStringLiteral("BUILDKIT_PROGRESS"),
                 m_environment.value(QStringLiteral("BUILDKIT_PROGRESS")));
    return SecretRedactor::describe(shown);
}

bool ScriptRunner::start(const RunRequest &request)
{
    if (isRunning()) {
        qCWarning(lcCore) << "start() while a run is going on; ignored";
        return false;
    }
    if (m_process) {
        // A finished run's process: no signal of it may reach the new run.
        m_process->disconnect(this);
        m_process->deleteLater();
        m_process = nullptr;
    }
    m_killTimer->stop();
    m_request = request;
    if (m_request.label.isEmpty())
        m_request.label = QFileInfo(request.script).fileName();
    m_parser = std::make_unique<ProgressStreamParser>(m_request.label);
    m_log.clear();
    m_pendingRedaction.clear();
    m_result = RunResult();
    m_result.started = QDateTime::currentDateTime();
    m_canceled = false;
    m_processGroup = 0;
    m_groupPoll->stop();
    m_sinceKill.invalidate();
    m_canceledExitCode = -1;
    m_clock.start();

    m_environment = QProcessEnvironment::systemEnvironment();
    // Plain progress is what the parser reads; a C locale keeps tools' messages stable.
    m_environment.insert(QStringLiteral("BUILDKIT_PROGRESS"), QStringLiteral("plain"));
    m_environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    for (auto it = request.environment.cbegin(); it != request.environment.cend(); ++it)
        m_environment.insert(it.key(), it.value());

    const QFileInfo script(request.script);
    QString problem;
    if (!script.exists())
        problem = tr("%1 does not exist (%2)").arg(m_request.label, request.script);
    else if (!script.isFile())
        problem = tr("%1 is not a file").arg(request.script);
    else if (!script.isExecutable())
        problem = tr("%1 is not executable: run chmod +x %2").arg(m_request.label, request.script);
    if (!problem.isEmpty()) {
        // Asynchronously, like every other ending: callers handle one path.
        QTimer::singleShot(0, this, [this, problem] {
            finish(RunResult::Ending::NotStarted, -1, problem);
        });
        return false;
    }

    m_process = new QProcess(this);
    m_process->setProgram(script.absoluteFilePath());
    m_process->setArguments(request.arguments);
    m_process->setWorkingDirectory(request.projectDir.isEmpty() ? script.absolutePath()
                                                                : request.projectDir);
    m_process->setProcessEnvironment(m_environment);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setStandardInputFile(QProcess::nullDevice());
    // A session (and process group) of its own: cancel signals the whole group, and a
    // Ctrl-C in the terminal that started Cachelab does not reach the build.
    m_process->setChildProcessModifier([] {
        ::setsid();
    });

    connect(m_process, &QProcess::started, this, [this] {
        m_processGroup = m_process->processId();
        Q_EMIT started();
    });
    connect(m_process, &QProcess::readyReadStandardOutput, this, &ScriptRunner::readOutput);
    connect(m_process, &QProcess::finished, this,
            [this](int exitCode, QProcess::ExitStatus status) {
                onFinished(exitCode, int(status));
            });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        onErrorOccurred(int(error));
    });
    m_process->start();
    // The child exists once start() returns (fork and setsid happen in it); started()
    // comes later from the event loop. A cancel in between must still reach the group.
    if (m_process->processId() > 0)
        m_processGroup = m_process->processId();
    return true;
}

void ScriptRunner::readOutput()
{
    if (!m_process)
        return;
    QByteArray bytes = m_pendingRedaction + m_process->readAllStandardOutput();
    // Redact whole lines only: a secret cut in two by a read would slip through.
    const qsizetype lastNewline = bytes.lastIndexOf('\n');
    if (lastNewline < 0) {
        m_pendingRedaction = bytes;
        return;
    }
    m_pendingRedaction = bytes.mid(lastNewline + 1);
    bytes.truncate(lastNewline + 1);
    const QByteArray clean = SecretRedactor::redact(bytes, m_environment);
    appendGrowing(m_log, clean);
    m_parser->feed(clean);
    Q_EMIT outputReceived(clean);
    Q_EMIT runUpdated();
}

void ScriptRunner::onFinished(int exitCode, int exitStatus)
{
    readOutput();
    if (!m_pendingRedaction.isEmpty()) {
        const QByteArray clean = SecretRedactor::redact(m_pendingRedaction, m_environment);
        m_pendingRedaction.clear();
        appendGrowing(m_log, clean);
        m_parser->feed(clean);
        Q_EMIT outputReceived(clean);
    }
    m_parser->finish();
    Q_EMIT runUpdated();

    const QString label = m_request.label;
    if (m_canceled) {
        m_canceledExitCode = exitCode;
        // The script went first; docker or buildctl may still be winding down (a client
        // ends its build session on SIGTERM). Say "stopped" only once they have.
        pollCanceledGroup();
        if (m_result.finished.isValid())
            return;
        m_groupPoll->start();
    } else if (exitStatus == QProcess::CrashExit) {
        finish(RunResult::Ending::Crashed, -1,
               tr("%1 was killed by a signal or crashed").arg(label));
    } else if (exitCode != 0) {
        finish(RunResult::Ending::Failed, exitCode,
               tr("%1 exited with status %2").arg(label).arg(exitCode));
    } else {
        finish(RunResult::Ending::Succeeded, 0, tr("%1 finished successfully").arg(label));
    }
}

bool ScriptRunner::groupAlive() const
{
    return m_processGroup > 0 && (::kill(-pid_t(m_processGroup), 0) == 0 || errno != ESRCH);
}

void ScriptRunner::pollCanceledGroup()
{
    const QString label = m_request.label;
    if (!groupAlive()) {
        m_groupPoll->stop();
        m_killTimer->stop();
        m_processGroup = 0;
        finish(RunResult::Ending::Canceled, m_canceledExitCode,
               tr("Canceled: %1 and the processes it started were stopped").arg(label));
        return;
    }
    // SIGKILL cannot be refused; what still shows after it is a zombie nobody reaps (a
    // container without an init). Report it rather than wait forever.
    if (m_sinceKill.isValid() && m_sinceKill.elapsed() > 2000) {
        m_groupPoll->stop();
        finish(RunResult::Ending::Canceled, m_canceledExitCode,
               tr("Canceled: %1 was stopped, but processes of its group are still listed (not "
                  "reaped) after SIGKILL")
                   .arg(label));
    }
}

void ScriptRunner::onErrorOccurred(int error)
{
    // Only a failure to start ends the run here; crashes arrive through finished().
    if (error == QProcess::FailedToStart)
        finish(RunResult::Ending::NotStarted, -1,
               tr("%1 could not be started: %2").arg(m_request.label, m_process->errorString()));
}

void ScriptRunner::finish(RunResult::Ending ending, int exitCode, const QString &message)
{
    if (m_result.finished.isValid())
        return; // already reported
    m_result.ending = ending;
    m_result.exitCode = exitCode;
    m_result.message = message;
    m_result.finished = QDateTime::currentDateTime();
    // Whatever the script left running in its group goes with it; after a cancel the
    // grace timer still SIGKILLs stragglers.
    if (m_processGroup > 0 && !m_killTimer->isActive())
        killGroup(SIGTERM);
    Q_EMIT finished(m_result);
}

void ScriptRunner::cancel()
{
    if (!isRunning())
        return;
    m_canceled = true;
    killGroup(SIGTERM);
    m_killTimer->start(m_graceMs);
}

void ScriptRunner::killGroup(int signal)
{
    if (m_processGroup <= 0)
        return;
    if (::kill(-pid_t(m_processGroup), signal) == 0 || errno != ESRCH)
        return;
    // No such group: everyone has gone, or the child has not reached its setsid() yet
    // (right after start()); then the script itself gets the signal.
    if (m_process && m_process->state() != QProcess::NotRunning) {
        ::kill(pid_t(m_processGroup), signal);
        return;
    }
    m_processGroup = 0; // nobody left in the group
    m_killTimer->stop();
}

} // namespace Cachelab
