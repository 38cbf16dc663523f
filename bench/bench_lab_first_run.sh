#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench_lab_first_run.sh CACHELAB: the time from `cachelab lab up` to the first finished
# run of build.sh, on a machine where the BuildKit tools are built already (else a skip:
# their build is minutes of Go, once per machine, and not what this measures). The sealed
# private engine (CACHELAB_LAB_ENGINE=private), a data folder of its own, taken down at the
# end. Printed with the ratio to the run alone, measured in the same run; nothing fails on
# timing.
set -uo pipefail
exe=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ "$(id -u)" = 0 ] || { echo "SKIP: not root (the private engine needs root)"; exit 77; }
tools=$("$here/tests/engine/buildkit-tools.sh" dir 2>/dev/null) ||
    { echo "SKIP: the BuildKit tools are not built (tests/engine/buildkit-tools.sh build)"; exit 77; }
work=$(mktemp -d /tmp/cachelab.XXXXXX)
export XDG_DATA_HOME="$work/d" XDG_CONFIG_HOME="$work/c" XDG_CACHE_HOME="$work/k" HOME="$work/h" \
    DOCKER_CONFIG="$work/docker" CACHELAB_LAB_ENGINE=private QT_QPA_PLATFORM=offscreen
unset DOCKER_HOST DOCKER_REPO BUILDX_BUILDER
mkdir -p "$HOME"
trap '"$exe" lab down >/dev/null 2>&1; rm -rf --one-file-system "$work"' EXIT
now() { date +%s.%N; }

t0=$(now)
"$exe" lab up >"$work/up" 2>&1 || { cat "$work/up"; echo "FAIL: lab up"; exit 1; }
t1=$(now)
"$exe" run --example build.sh >"$work/run" 2>"$work/run.log" || { tail "$work/run.log"; echo "FAIL: build.sh"; exit 1; }
t2=$(now)
python3 - "$t0" "$t1" "$t2" "$tools" <<'PY'
import sys
t0, t1, t2 = map(float, sys.argv[1:4])
up, run = t1 - t0, t2 - t1
print("lab up to the first finished run (build.sh, cold), tools cached in %s:" % sys.argv[4])
print("  lab up %.1f s + build.sh %.1f s = %.1f s" % (up, run, up + run))
print("  ratio to the run alone: %.2f" % ((up + run) / run))
PY
