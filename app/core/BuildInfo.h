// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Cachelab {

// What this build of Cachelab is and what it was built against; shown by
// `cachelab --version`, the About dialog and in reports.
class BuildInfo
{
public:
    static QString applicationName();
    static QString applicationId();
    static QString version();
    static QString homepage();
    static QString qtVersion();
    static QString graphvizVersion();
    // One line per component, for `--version` and bug reports.
    static QString versionReport();
};

} // namespace Cachelab
