// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/progress/BuildRun.h"

#include <QByteArray>

namespace Cachelab {

// A run as BuildKit's `--progress=plain` printer lays it out, made from the parsed run:
// what the log pane shows for a run whose log is rawjson (a builder's history, a
// .dockerbuild file, `--progress=rawjson`), one JSON object per line being unreadable.
// Each vertex in the order they started: "#N name", its statuses, its output lines,
// then "#N DONE 0.1s", "#N CACHED", "#N ERROR: …" or "#N CANCELED"; the client's error
// lines at the end. The pane's "show this step in the log" finds "#N name" as in a plain log.
namespace PlainRendering {
QByteArray of(const BuildRun &run);
} // namespace PlainRendering

} // namespace Cachelab
