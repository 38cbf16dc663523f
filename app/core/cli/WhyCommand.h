// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class QTextStream;

namespace Cachelab {

// `cachelab why [--project DIR | --example | --bundle FILE] [--run ID] [--step LABEL] [--format
// text|json|markdown]`: the cache-key X-ray. For each step that ran in the run (default: the
// newest) — or the one step named — the first input of its cache key that differs from
// the run it follows, followed to its root ("content of assets/js/file1.js changed",
// "its parent step [build-public 4/8] … changed"), from the cache debug data the lab's
// builder kept for both runs (docs/cache-debug.md). A run without that data is said so
// once, with how to get it. Exit status: 0, 1 when a run or its data is missing, 2 on a
// usage error.
namespace WhyCommand {
int run(const QStringList &arguments, QTextStream &out, QTextStream &err);
} // namespace WhyCommand

} // namespace Cachelab
