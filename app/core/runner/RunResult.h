// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <QDateTime>
#include <QString>

namespace Cachelab {

// How a script run ended, in words a user can act on.
struct RunResult
{
    enum class Ending
    {
        Succeeded, // exit status 0
        Failed, // exited with a non-zero status
        Canceled, // the user canceled it (process group terminated)
        Crashed, // killed by a signal it did not ask for, or the runner lost it
        NotStarted, // missing, not executable, or could not be started
    };

    Ending ending = Ending::NotStarted;
    int exitCode = -1;
    QString message; // e.g. "build.sh exited with status 1", "Canceled: build.sh and its processes
                     // were stopped"
    QDateTime started;
    QDateTime finished;

    bool succeeded() const { return ending == Ending::Succeeded; }
    static QString endingName(Ending ending); // "succeeded", "failed", ...
    static std::optional<Ending> endingFromName(const QString &name); // nullopt: unknown
};

} // namespace Cachelab
