// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/history/DockerBuildFile.h"
#include "core/history/HistoryRecord.h"

#include <QList>
#include <QProcessEnvironment>
#include <QString>

#include <optional>

namespace Cachelab {

// A buildx builder's build history, read through the buildx CLI (`docker buildx history
// ls|inspect|logs`), which reaches any driver — docker-container, remote (a buildkitd on a
// TCP address), kubernetes, cloud — without Cachelab running anything on it. Blocking,
// each command under a deadline: the window calls it from a worker thread.
class BuilderHistory
{
public:
    // `builder` empty: buildx's current builder in `environment` (BUILDX_BUILDER, the
    // context's default), as `docker buildx history ls` picks it.
    explicit BuilderHistory(const QProcessEnvironment &environment, const QString &builder = {},
                            int timeoutMs = 120000);

    // The records, newest first (as buildx lists them). nullopt and *error (one line:
    // buildx's own first error line, or why it could not be run).
    std::optional<QList<HistoryRecord>> list(QString *error);
    // One record with what `inspect` adds: build arguments, target, Dockerfile, context,
    // cache imports. `ref`: an id, or builder/node/id as listed.
    std::optional<HistoryRecord> inspect(const QString &ref, QString *error);
    // The same and its progress (`logs --progress rawjson`): what importing needs.
    std::optional<HistoryBuild> fetch(const QString &ref, QString *error);

    // The argument list of a buildx history command with this builder: for messages.
    QStringList command(const QStringList &arguments) const;

private:
    enum class Channel
    {
        Stdout,
        Stderr
    };
    std::optional<QByteArray> run(const QStringList &arguments, QString *error,
                                  Channel channel = Channel::Stdout) const;

    QProcessEnvironment m_environment;
    QString m_builder;
    int m_timeoutMs;
};

} // namespace Cachelab
