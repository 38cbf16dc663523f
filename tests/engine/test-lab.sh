#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-lab.sh CACHELAB: `cachelab lab up|status|down` with the BuildKit tools build: the
# registry and the buildx plugin installed into the Docker CLI's plugin folder (docker
# buildx then works), `up` twice harmless, `down` takes away exactly what `up` made and
# never a plugin of the user's. Everything under a temporary HOME, DOCKER_CONFIG and data
# folder; nothing left behind.
set -uo pipefail
exe=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/engine/lib.sh
source "$here/lib.sh"
# shellcheck source=tests/cli/lib.sh
source "$here/../cli/lib.sh"
command -v docker >/dev/null || engine_skip_or_fail "no docker CLI"
engine_require_buildkit_tools
tools=$("$here/buildkit-tools.sh" build | tail -n 1) # built by now: answers at once
work=$(mktemp -d)
trap 'XDG_DATA_HOME="$work/data" "$exe" lab down >/dev/null 2>&1; rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" \
    HOME="$work/home" DOCKER_CONFIG="$work/docker"
mkdir -p "$HOME"

! docker buildx version >/dev/null 2>&1 || engine_skip_or_fail "docker buildx is installed system-wide: nothing for the lab to install"
"$exe" lab up >"$work/up" 2>&1; rc=$?
cat "$work/up"
check "lab up exits 0 (got $rc)" $rc
grep -q "buildx: installed $DOCKER_CONFIG/cli-plugins/docker-buildx" "$work/up"; check "lab up: buildx installed into the CLI's plugin folder" $?
docker buildx version | grep -q 'github.com/docker/buildx'; check "docker buildx works" $?
"$exe" lab up >"$work/up2" 2>&1; rc=$?
[ $rc = 0 ] && grep -q 'buildx: present' "$work/up2" && grep -q 'registry: already running' "$work/up2"
check "lab up twice: nothing installed or started again" $?
"$exe" lab down >"$work/down" 2>&1; rc=$?
[ $rc = 0 ] && [ ! -e "$DOCKER_CONFIG/cli-plugins/docker-buildx" ] && ! docker buildx version >/dev/null 2>&1
check "lab down: the plugin the lab installed is gone" $?
! pgrep -f "$XDG_DATA_HOME/.*registry.yml" >/dev/null; check "lab down: the registry is gone" $?

# A plugin of the user's own: the lab uses it and never removes it.
mkdir -p "$DOCKER_CONFIG/cli-plugins"
cp "$tools/bin/docker-buildx" "$DOCKER_CONFIG/cli-plugins/"
"$exe" lab up >"$work/up3" 2>&1
grep -q 'buildx: present' "$work/up3"; check "lab up with the user's buildx: used as it is" $?
"$exe" lab down >/dev/null 2>&1
[ -x "$DOCKER_CONFIG/cli-plugins/docker-buildx" ]; check "lab down: the user's buildx stays" $?

summary engine.lab
