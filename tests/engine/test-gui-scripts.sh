#!/usr/bin/env bash
# The desktop app runs the project's scripts for real: build-with-docker.sh on the
# engine's built-in BuildKit, build.sh (buildctl in the local moby/buildkit image)
# and build-with-buildx.sh (the harness's docker-container builder), clicked from
# the scripts panel of a MainWindow on the offscreen platform, live; and a
# canceled build leaves no process behind. The Qt Test TST_GUI_SCRIPTS does the
# clicking and the checks; this script gives it a private engine and registry
# (up.sh --buildkit) and takes them down again on any exit.
#
# usage: test-gui-scripts.sh TST_GUI_SCRIPTS
# Exit status: 0 pass, 77 skip (no engine or no BuildKit tools here; a FAILURE
# when CI=true), anything else fail.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/engine/lib.sh
source "$here/lib.sh"

[ $# -eq 1 ] && [ -x "$1" ] || {
    echo "usage: $0 TST_GUI_SCRIPTS" >&2
    exit 2
}
test_binary=$1

engine_require_buildkit_tools

engine_session # sets $work and $state; down.sh runs on any exit
engine_up "$state" --buildkit
echo "engine up: $DOCKER_HOST, registry $CACHELAB_REGISTRY"

# The test's own settings, data and run store live under $work; the window gets
# DOCKER_REPO and the build flags from its Run Settings, the rest from here.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/config" XDG_DATA_HOME="$work/home/data"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
export CACHELAB_TEST_WORK="$work"
QT_QPA_PLATFORM=offscreen "$test_binary"
