// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/progress/BuildRun.h"

#include <QString>
#include <QTextStream>

namespace Cachelab {

// A build run as a plain-text table for a terminal: every vertex with its outcome and
// time, then what the run imported, exported and pushed, and its errors. The format is
// stable: golden tests compare it line by line.
namespace RunTextReport {

QString render(const BuildRun &run);
// The same text written to `out` a line at a time: a million vertices never make one
// string (render() is this into a string).
void write(QTextStream &out, const BuildRun &run);

} // namespace RunTextReport

} // namespace Cachelab
