// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

class QObject;

namespace Cachelab {

// One command run asynchronously with a deadline, for checks that must never hold up the
// window: an engine that does not answer is killed after the timeout and said so.
class ProcessProbe
{
public:
    struct Result
    {
        enum Outcome
        {
            Exited,
            NotFound,
            TimedOut,
            FailedToStart,
            Crashed
        };
        Outcome outcome = NotFound;
        int exitCode = -1;
        QString output; // stdout, trimmed, secrets masked
        QString error; // stderr, trimmed, secrets masked
        bool ok() const { return outcome == Exited && exitCode == 0; }
        // One line for a person: the first line of stderr, or what happened.
        QString problem(int timeoutMs) const;
    };
    using Callback = std::function<void(const Result &)>;

    // Runs command (its first word looked up on the PATH of `environment`) and calls `done`
    // once, on the caller's thread. Everything it makes is a child of `context`: deleting
    // that kills the process and drops the callback.
    static void start(QObject *context, const QStringList &command,
                      const QProcessEnvironment &environment, int timeoutMs, Callback done);
};

} // namespace Cachelab
