// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Inputs shared by the DAG tests: the #1515 Dockerfile and the recordings of its builds.

#include "core/dockerfile/DockerfileParser.h"
#include "core/progress/ProgressStreamParser.h"

#include <QString>

namespace Cachelab::DagTestData {

inline QString sourceDir()
{
    return QStringLiteral(CACHELAB_SOURCE_DIR);
}

inline Dockerfile parse(const QByteArray &content,
                        const QString &path = QStringLiteral("Dockerfile"))
{
    DockerfileError error;
    auto dockerfile = DockerfileParser::parse(content, path, {}, &error);
    if (!dockerfile)
        qFatal("%s", qPrintable(error.toString()));
    return *dockerfile;
}

inline Dockerfile mobyCache()
{
    DockerfileError error;
    auto dockerfile = DockerfileParser::parseFile(
        sourceDir() + QStringLiteral("/fixtures/moby-cache/Dockerfile"), {}, &error);
    if (!dockerfile)
        qFatal("%s", qPrintable(error.toString()));
    return *dockerfile;
}

// `name` relative to fixtures/, e.g. "recordings/buildx-v0.38.2-06-rebuild-pruned.log".
inline BuildRun fixtureRun(const QString &name)
{
    QString error;
    auto run
        = ProgressStreamParser::readFile(sourceDir() + QStringLiteral("/fixtures/") + name, &error);
    if (!run)
        qFatal("%s", qPrintable(error));
    return *run;
}

inline BuildRun recording(const QString &name)
{
    return fixtureRun(QStringLiteral("recordings/") + name);
}

} // namespace Cachelab::DagTestData
