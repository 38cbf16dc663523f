// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/environment/ProcessProbe.h"

#include "core/environment/ToolLookup.h"

#include <memory>
#include <QPointer>
#include <QProcess>
#include <QTimer>

namespace Cachelab {

QString ProcessProbe::Result::problem(int timeoutMs) const
{
    switch (outcome) {
    case NotFound:
        return QStringLiteral("not found on PATH");
    case TimedOut:
        return QStringLiteral("no answer in %1 s").arg(timeoutMs / 1000.0);
    case FailedToStart:
        return QStringLiteral("cannot be started");
    case Crashed:
        return QStringLiteral("crashed");
    case Exited:
        break;
    }
    const QString line = error.section(QLatin1Char('\n'), 0, 0);
    return line.isEmpty() ? QStringLiteral("exit status %1").arg(exitCode) : line;
}

void ProcessProbe::start(QObject *context, const QStringList &command,
                         const QProcessEnvironment &environment, int timeoutMs, Callback done)
{
    const QString program = ToolLookup::find(command.value(0), environment);
    if (program.isEmpty()) {
        // Asynchronous even here, so that callers see one order of events.
        QTimer::singleShot(0, context, [done] {
            done(Result {});
        });
        return;
    }
    auto *process = new QProcess(context);
    auto *timer = new QTimer(process);
    // finished, errorOccurred and the timer may all fire: only the first one reports, and
    // nothing once the context is going (its destructor kills the process, which finishes).
    QPointer<QObject> guard(context);
    auto finish = [done, guard, reported = std::make_shared<bool>(false)](const Result &result) {
        if (*reported || !guard)
            return;
        *reported = true;
        done(result);
    };
    // A killed process is deleted once it has been reaped, not before (QProcess warns).
    QObject::connect(process, &QProcess::finished, process, &QObject::deleteLater);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, process, [process, finish] {
        process->kill();
        Result result;
        result.outcome = Result::TimedOut;
        finish(result);
    });
    QObject::connect(process, &QProcess::errorOccurred, process,
                     [process, finish](QProcess::ProcessError error) {
                         if (error != QProcess::FailedToStart)
                             return; // Crashed and the rest end in finished()
                         Result result;
                         result.outcome = Result::FailedToStart;
                         result.error = process->errorString();
                         finish(result);
                         process->deleteLater();
                     });
    QObject::connect(
        process, &QProcess::finished, process,
        [process, finish, environment](int exitCode, QProcess::ExitStatus status) {
            Result result;
            result.outcome = status == QProcess::NormalExit ? Result::Exited : Result::Crashed;
            result.exitCode = exitCode;
            result.output = ToolLookup::displayText(process->readAllStandardOutput(), environment);
            result.error = ToolLookup::displayText(process->readAllStandardError(), environment);
            finish(result);
        });
    process->setProcessEnvironment(environment);
    process->setProgram(program);
    process->setArguments(command.mid(1));
    process->setStandardInputFile(QProcess::nullDevice());
    timer->start(timeoutMs);
    process->start();
}

} // namespace Cachelab
