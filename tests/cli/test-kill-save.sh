#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-kill-save.sh CACHELAB SOURCE_DIR: `cachelab run` killed with SIGKILL at moments
# spread over its run and the saving of a 20 MB log, again and again. After every kill the
# store holds whole runs only: each run `cachelab runs` lists reads without an error, its
# log is the whole log, and no visible folder lacks its run.json (a run is written in a
# hidden folder and renamed when whole: core/store/RunStore.cpp).
# No `set -e`: every check runs and reports, the summary decides.
set -uo pipefail
exe=$1 src=$2
# shellcheck source=tests/cli/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
work=$(mktemp -d /tmp/cachelab-kill.XXXXXX)
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" HOME="$work/home"
export CACHELAB_LAB_ENGINE=none
mkdir -p "$HOME"
p="$work/moby-cache"
cp -r "$src/fixtures/moby-cache" "$p"
# A log of about 20 MB: the cold recording with one step's output repeated (derived from
# fixtures/recordings/buildctl-v0.34.2-01-cold.log).
python3 - "$src/fixtures/recordings/buildctl-v0.34.2-01-cold.log" "$work/big.log" <<'PY'
import sys
lines = open(sys.argv[1]).read().split("\n")
at = next(i for i, l in enumerate(lines) if l.startswith("#10 ") and "DONE" not in l and "[" in l)
output = ["#10 0.%03d compiling unit %d of the repeated step" % (i % 1000, i) for i in range(300000)]
lines[at + 1:at + 1] = output
open(sys.argv[2], "w").write("\n".join(lines))
PY
last_line=$(tail -n 1 "$work/big.log")
{ echo '#!/bin/sh'; echo 'cat "$REPLAY_LOG"'; } >"$p/replay.sh"
chmod +x "$p/replay.sh"
export REPLAY_LOG="$work/big.log"

# One whole run first: how long it takes.
start=$(date +%s%N)
headless "$exe" run --project "$p" replay.sh >/dev/null 2>&1; rc=$?
full_ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "a whole run exits 0 (got $rc) in $full_ms ms" $rc

store_ok() { # the invariants after a kill
    headless "$exe" runs --project "$p" --format json >"$work/runs.json" 2>"$work/runs.err" || return 1
    python3 - "$work/runs.json" "$XDG_DATA_HOME" "$last_line" <<'PY' || return 1
import json, os, sys
runs = json.load(open(sys.argv[1]))
runs = runs["runs"] if isinstance(runs, dict) else runs
root = os.path.join(sys.argv[2], "Cachelab", "cachelab", "runs")
folders = []
for project in os.listdir(root):
    for entry in os.listdir(os.path.join(root, project)):
        path = os.path.join(root, project, entry)
        if entry.startswith("."):
            continue
        folders.append(path)
        assert os.path.exists(os.path.join(path, "run.json")), "no run.json in " + path
        log = open(os.path.join(path, "build.log"), "rb").read().decode()
        assert log.rstrip("\n").endswith(sys.argv[3]), "a cut log in " + path
for run in runs:
    assert not run.get("error"), run
assert len(runs) == len(folders), (len(runs), len(folders))
print(len(runs))
PY
}

kills=0 broken=0 # kills: of a process still running
for i in $(seq 1 24); do
    # Spread over the run: from a quarter of its time to a little past its end.
    delay_ms=$(( full_ms / 4 + (full_ms * i) / 24 ))
    # exec: $! is cachelab itself (env execs it), not a subshell around it.
    (exec env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$exe" run --project "$p" replay.sh >/dev/null 2>&1) &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    kill -KILL "$pid" 2>/dev/null && kills=$((kills + 1))
    wait "$pid" 2>/dev/null
    store_ok >"$work/count" || { broken=$((broken + 1)); cat "$work/runs.err" "$work/count" 2>/dev/null | head -3; }
done
[ "$broken" = 0 ]; check "after $kills kills at 24 moments, the store holds whole runs only ($(cat "$work/count" 2>/dev/null) runs)" $?
hidden=$(find "$XDG_DATA_HOME" -name '.incoming-*' | wc -l)
echo "info: $hidden run(s) were being saved when killed (hidden folders, cleaned after an hour)"

summary kill-save
