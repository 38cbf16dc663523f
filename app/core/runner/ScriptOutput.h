// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QString>

namespace Cachelab {

// What a failed script's output says went wrong, for the run's header and summary.
namespace ScriptOutput {

// The first line that reads as an error: BuildKit's `ERROR:`/`error:` lines (with or without
// their `#N ` prefix), Docker's "Unable to find image …", "Error response from daemon",
// "Cannot connect to the Docker daemon", a shell's "command not found" or "No such file".
// Trimmed and cut to 200 characters; empty when there is none.
QString firstErrorLine(QByteArrayView output);

} // namespace ScriptOutput

} // namespace Cachelab
