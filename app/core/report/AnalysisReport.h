// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/dockerfile/Dockerfile.h"
#include "core/progress/BuildRun.h"

#include <QIODevice>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QTextStream>

namespace Cachelab {

// What `cachelab analyze` prints: runs, optionally joined to their Dockerfile so that each
// vertex knows its instruction line and each step of the target what happened to it.
namespace AnalysisReport {

// {"dockerfile": {...}, "runs": [{"log", "format", "vertices": [{"id", "name", "status",
//  "loaded", "seconds", "stage", "step", "total", "line"}], "steps": [...],
//  "cacheImports", "cacheExport", "errors"}]}; "dockerfile", "line" and "steps" only
// when a Dockerfile is given.
QJsonObject toJson(const Dockerfile *dockerfile, const QList<BuildRun> &runs);
// The same document, as QJsonDocument::Indented text, written to `out` a vertex at a time:
// memory stays that of the runs, not of a document many times the log's size.
void writeJson(QIODevice *out, const Dockerfile *dockerfile, const QList<BuildRun> &runs);
// One table per run (RunTextReport), then the Dockerfile's steps with their outcome.
QString toText(const Dockerfile *dockerfile, const QList<BuildRun> &runs);
// The same text written to `out` as it is made (toText() is this into a string).
void writeText(QTextStream &out, const Dockerfile *dockerfile, const QList<BuildRun> &runs);

} // namespace AnalysisReport

} // namespace Cachelab
