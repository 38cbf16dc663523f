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
work=$(mktemp -d /tmp/cachelab.XXXXXX)
export XDG_DATA_HOME="$work/d" XDG_CONFIG_HOME="$work/c" XDG_CACHE_HOME="$work/k" \
    HOME="$work/h" DOCKER_CONFIG="$work/docker" CACHELAB_LAB_ENGINE=private \
    DOCKER_HOST="unix://$work/no-engine.sock"
unset DOCKER_REPO BUILDX_BUILDER
mkdir -p "$HOME"
: "${CACHELAB_SCREENSHOT_DIR:=$work/pictures}"
export CACHELAB_SCREENSHOT_DIR
finish() {
    local rc=$?
    trap '' INT TERM
    # Whatever the test left (it takes the lab down itself when it gets that far).
    [ ! -e "$XDG_DATA_HOME/Cachelab/cachelab/lab/engine" ] ||
        "$here/down.sh" "$XDG_DATA_HOME/Cachelab/cachelab/lab/engine" || true
    pid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pid"])' \
        "$XDG_DATA_HOME/Cachelab/cachelab/lab/registry.json" 2>/dev/null || true)
    if [ -n "$pid" ] && [ "$pid" != 0 ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$work/"; then
        kill "$pid" 2>/dev/null || true
    fi
    rm -rf --one-file-system "$work"
    exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
QT_QPA_PLATFORM=offscreen "$1"
