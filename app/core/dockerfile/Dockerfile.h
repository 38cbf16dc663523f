// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/dockerfile/DockerfileStage.h"
#include "core/dockerfile/LogicalLineReader.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Cachelab {

// An ARG before the first FROM: usable in FROM lines, and as the default of a stage's
// own `ARG NAME`.
struct DockerfileArg
{
    QString name;
    QString defaultValue; // as written (quotes and variables unprocessed)
    bool hasDefault = false;
    QString value; // in effect: the --build-arg value, else the expanded default
    bool hasValue = false;
    int line = 0;
};

// An image that is not a stage but is used by COPY --from or RUN --mount from=: a node
// of its own in the stage graph.
struct ExternalImage
{
    QString ref; // as written
    QString normalized; // docker.io/library/busybox
    QString resolved; // docker.io/library/busybox:latest
};

// A parsed Dockerfile: its stages, the graph between them, what the target needs and the
// steps BuildKit will show. A value; DockerfileParser makes it.
class Dockerfile
{
public:
    QString path() const { return m_path; }
    QList<DockerfileDirective> directives() const { return m_directives; }
    QString syntax() const; // `# syntax=` value, empty when not given
    QChar escapeToken() const { return m_escapeToken; } // \ or `
    const QList<DockerfileArg> &globalArgs() const { return m_globalArgs; }
    const QList<DockerfileStage> &stages() const { return m_stages; }
    const QList<ExternalImage> &externalImages() const { return m_externalImages; }

    int targetIndex() const { return m_target; }
    const DockerfileStage &target() const { return m_stages.at(m_target); }
    // Indexes of the stages the target needs (itself included), in Dockerfile order.
    QList<int> neededStages() const;
    // False when step labels carry no stage name: a one-stage Dockerfile that uses no
    // other image through COPY --from or RUN --mount (BuildKit's rule).
    bool labelsHaveStageName() const { return m_labelsHaveStageName; }

    // By name, case-insensitive: an AS name or `stage-<index>`. nullptr when there is none.
    const DockerfileStage *stage(const QString &name) const;
    const DockerfileStage *stage(int index) const;
    // The step numbered i in a stage; nullptr when there is none.
    const DockerfileStep *step(const QString &stageName, int number) const;

    // {"path", "target", "stages": [{"index", "name", "base", "deps", "steps", "needed",
    //  "firstLine", "lastLine", "stepList": [...]}], ...}: for tests, tools and the UI.
    QJsonObject toJson() const;

private:
    friend class DockerfileParser;

    QString m_path;
    QList<DockerfileDirective> m_directives;
    QChar m_escapeToken = QLatin1Char('\\');
    QList<DockerfileArg> m_globalArgs;
    QList<DockerfileStage> m_stages;
    QList<ExternalImage> m_externalImages;
    int m_target = 0;
    bool m_labelsHaveStageName = true;
};

} // namespace Cachelab
