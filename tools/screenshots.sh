#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Screenshots of the main window states at 1280x800, offscreen, into docs/screenshots/.
# Usage: tools/screenshots.sh [BUILD_DIR]   (default build/dev)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
exe=${1:-$here/build/dev}/app/cachelab
out=$here/docs/screenshots
mkdir -p "$out"
# A private data folder: the demo's working copy and settings do not touch the user's.
export XDG_DATA_HOME=$(mktemp -d) XDG_CONFIG_HOME=$(mktemp -d)
trap 'rm -rf "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"' EXIT
export QT_QPA_PLATFORM=offscreen
shot() { "$exe" --size 1280x800 --screenshot "$out/$1.png" "${@:2}" 2>/dev/null; echo "$out/$1.png"; }
shot window-first-start
shot window-demo-compare-1515 --demo
shot window-bad-project --project /nonexistent/project
