// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class QTextStream;

namespace Cachelab {

// `cachelab bundle create --out FILE.cachelab (--project DIR [--run ID]… [--store DIR] |
//  --dockerfile F [--script S]… --log LOG… [--changed P]… | --recipe FILE.json)`
// `cachelab bundle info FILE [--format text|json]`
// A bundle holds an investigation (docs/bundle-format.md). Exit status 0, 1 with one line
// on stderr when a file is bad, 2 on a usage error.
namespace BundleCommand {
int run(const QStringList &arguments, QTextStream &out, QTextStream &err);
} // namespace BundleCommand

// `--bundle FILE [--run ID]` or `--project DIR [--run ID]` on analyze, explain, report
// and render: replaced by the options those verbs take for loose files (the Dockerfile,
// logs, changed files and scripts), for the run ID (default: the bundle's last run, the
// project's newest) and the run it follows (the bundle's word, or the project's previous
// run of the same script). The arguments unchanged when there is neither; false and
// *error (one line) when they cannot be read or the options clash (*status: 1 or 2).
namespace BundleArguments {
bool expand(QStringList *arguments, QString *error, int *status);
} // namespace BundleArguments

} // namespace Cachelab
