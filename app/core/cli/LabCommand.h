// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class QTextStream;

namespace Cachelab {

// `cachelab lab up|status|down [--format text|json]`: the pieces the build scripts need,
// set up by Cachelab. So far the lab's registry (LabRegistry) and the buildx plugin
// (LabBuildx); `status` also runs the
// environment check of `cachelab doctor` for the engine, buildx, the builder and the
// image, and exits 0 only when everything is there.
namespace LabCommand {
int run(const QStringList &arguments, QTextStream &out, QTextStream &err);
} // namespace LabCommand

} // namespace Cachelab
