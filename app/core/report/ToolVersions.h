// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QProcessEnvironment>
#include <QString>

namespace Cachelab {

// The versions of the tools a build used, as a GitHub issue about BuildKit asks for:
// `docker version`, `docker buildx version`, `buildctl --version`. Each command gets a
// few seconds; a missing tool or an engine that does not answer is said, not waited for.
namespace ToolVersions {

struct Tool
{
    QString command; // as run: "docker buildx version"
    QString version; // its first lines, secrets masked; empty when unavailable
    QString problem; // "not found", "timed out", "exit status 1: …"
};

QList<Tool> probe(const QProcessEnvironment &environment
                  = QProcessEnvironment::systemEnvironment(),
                  int timeoutMs = 5000);
QString toMarkdown(const QList<Tool> &tools);

} // namespace ToolVersions

} // namespace Cachelab
