// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Cachelab {

// Where the data that ships with Cachelab lives: the #1515 reproduction project and the
// recordings of real runs. Run from a build tree, that is the source tree; installed, the
// package's data folder. CACHELAB_DATA_DIR overrides both (a folder holding `fixtures/`).
namespace DataLocations {

// Folder that holds `fixtures/`, or an empty string when none is found.
QString dataDir();
QString bundledProjectDir(); // fixtures/moby-cache
QString recordingsDir(); // fixtures/recordings
// The demo: a bundle of the recordings, made by the build (CACHELAB_DEMO_BUNDLE
// overrides). Empty when there is none.
QString demoBundle();
// A copy of the bundled project in the user's data folder (made on first use, kept
// afterwards): scripts run and the scenario edits files there, never in the
// installed or source copy. Empty and *error on failure.
QString workingCopyOfBundledProject(QString *error = nullptr);

} // namespace DataLocations

} // namespace Cachelab
