// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>
#include <QString>
#include <QUrl>

class QObject;

namespace Cachelab {

// Is there a registry at DOCKER_REPO's host? GET /v2/, the API's version check: 200 (open)
// and 401 (asks for credentials) both mean a registry answers. Plain HTTP for loopback
// hosts as Docker allows it there, TLS elsewhere; no credentials are sent, so none can leak.
class RegistryProbe
{
public:
    struct Result
    {
        enum Outcome
        {
            Reachable,
            Refused,
            NotARegistry,
            Unreachable,
            BadReference
        };
        Outcome outcome = Unreachable;
        QUrl url; // what was asked
        int httpStatus = 0;
        QString message; // what went wrong, for a person
    };
    using Callback = std::function<void(const Result &)>;

    // The URL of /v2/ for a repository prefix such as `localhost:5000/moby-cache`; invalid
    // (and *error set) when it is no reference.
    static QUrl versionCheckUrl(const QString &repository, QString *error = nullptr);

    // Asks asynchronously; `done` is called once on the caller's thread, unless `context`
    // (the parent of everything this makes) is deleted first.
    static void start(QObject *context, const QString &repository, int timeoutMs, Callback done);
};

} // namespace Cachelab
