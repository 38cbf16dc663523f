// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Cachelab {

// Where the data that ships with Cachelab lives: the #1515 reproduction project and the
// recordings of real runs. Run from a build tree, that is the source tree; installed, the
// package's data folder. CACHELAB_DATA_DIR overrides both (a folder holding `fixtures/`).
class DataLocations
{
public:
    // Folder that holds `fixtures/`, or an empty string when none is found.
    static QString dataDir();
    static QString bundledProjectDir(); // fixtures/moby-cache
    static QString recordingsDir(); // fixtures/recordings
};

} // namespace Cachelab
