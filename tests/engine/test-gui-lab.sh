#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-gui-lab.sh TST_GUI_LAB: the window's Set Up Lab… and Run, on the sealed private
# engine (CACHELAB_LAB_ENGINE=private), with a data folder, HOME and DOCKER_CONFIG of the
# test's own; no engine answers at DOCKER_HOST before the lab is up. `cachelab lab down`
# (by the test) and this script's trap leave nothing behind.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/engine/lib.sh
source "$here/lib.sh"
[ $# -eq 1 ] && [ -x "$1" ] || {
    echo "usage: $0 TST_GUI_LAB" >&2
    exit 2
}
command -v docker >/dev/null || engine_skip_or_fail "no docker CLI"
engine_require_buildkit_tools
# The test takes the lab down itself; the session's teardown removes what it left.
lab_session
# No engine answers at DOCKER_HOST before the lab is up.
export DOCKER_HOST="unix://$work/no-engine.sock"
: "${CACHELAB_SCREENSHOT_DIR:=$work/pictures}"
export CACHELAB_SCREENSHOT_DIR
QT_QPA_PLATFORM=offscreen "$1"
