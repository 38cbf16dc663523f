// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Cachelab {

// What this build of Cachelab is and what it was built against; shown by
// `cachelab --version`, the About dialog and in reports.
namespace BuildInfo {

QString applicationName();
QString applicationId();
QString version();
QString homepage();
QString qtVersion();
QString graphvizVersion();
// One line per component, for `--version` and bug reports.
QString versionReport();

} // namespace BuildInfo

} // namespace Cachelab
