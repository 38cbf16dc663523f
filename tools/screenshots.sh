#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Redraws docs/screenshots/: the window states at 1280x800 (tst_window_screenshots) and
# the stage graph scenarios (tst_dag_screenshots) and bundles (tst_bundlewindow),
# offscreen, from a built tree.
# Usage: tools/screenshots.sh [BUILD_DIR]   (default build/dev)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$here/build/dev}
cmake --build "$build" --target tst_window_screenshots tst_dag_screenshots tst_bundlewindow tst_labsetup cachelab
cd "$build/tests"
CACHELAB_UPDATE_SCREENSHOTS=1 ctest -R 'tst_(window_screenshots|dag_screenshots|bundlewindow|labsetup)' --output-on-failure
ls -l "$here"/docs/screenshots/*.png
