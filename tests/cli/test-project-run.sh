#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `cachelab run`, `runs` and `edit`, and `--project` on explain, report, analyze, render
# and bundle create, as CI would use them with no display. The build script stands in for
# build.sh without Docker: it prints what BuildKit printed for build.sh (a recording) and
# keeps build.sh's own buildctl command below, so its cache flags are the evidence.
set -uo pipefail
exe=$1 source_dir=$2
rec="$source_dir/fixtures/recordings"
# shellcheck source=tests/cli/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
work=$(mktemp -d)
cleanup() { pkill -f 'sleep 313' 2>/dev/null; "$exe" lab down >/dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT
# The run store, settings and unpacked bundles: this test's own.
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" HOME="$work/home"
# The lab's registry and buildx only: its engine has tests of its own (engine.lab).
export CACHELAB_LAB_ENGINE=none
p="$work/moby-cache"
cp -r "$source_dir/fixtures/moby-cache" "$p"
{ echo '#!/bin/sh'
  echo '# Stands in for build.sh below: prints a recording of it, no Docker needed.'
  echo 'cat "$REPLAY_LOG"; exit "${REPLAY_STATUS:-0}"'
  tail -n +2 "$p/build.sh"; } >"$p/replay-build.sh"
chmod +x "$p/replay-build.sh"

REPLAY_LOG="$rec/buildctl-v0.34.2-01-cold.log" headless "$exe" run --project "$p" replay-build.sh \
    >"$work/out1" 2>"$work/err1"; rc=$?
check "run: the cold build exits 0 (got $rc)" $rc
grep -q 'ran 21, cached 0, loaded 0, failed 0 of 21 steps; exported 3 layer(s)' "$work/out1"
check "run: the summary on stdout" $?
grep -q '#1 \[internal\] load build definition from Dockerfile' "$work/err1"; check "run: the script's output on stderr" $?
first=$(awk 'NR==2 {print $1}' "$work/out1")

out=$(headless "$exe" edit --project "$p"); rc=$?
[ $rc = 0 ] && grep -q 'assets/js/file1.js' <<<"$out" && grep -q 'edited by Cachelab' "$p/assets/js/file1.js"
check "edit: the scenario's line appended to assets/js/file1.js" $?

REPLAY_LOG="$rec/buildctl-v0.34.2-02-rebuild-after-edit.log" headless "$exe" run --format json \
    --project "$p" replay-build.sh >"$work/run2.json" 2>/dev/null; rc=$?
check "run --format json: the rebuild exits 0" $rc
python3 - "$work/run2.json" "$first" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))
assert run["outcome"] == "succeeded" and run["script"] == "replay-build.sh", run
assert run["changedFiles"] == ["assets/js/file1.js"], run
assert run["previous"] == sys.argv[2], (run["previous"], sys.argv[2])
assert (run["ran"], run["cached"], run["exportedLayers"]) == (19, 2, 3), run
PY
check "run --format json: counts, the changed file, the run it follows" $?

headless "$exe" runs --project "$p" --format json >"$work/runs.json"; rc=$?
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert len(r)==2 and r[1]["previous"]==r[0]["id"], r' "$work/runs.json"
check "runs --format json: two runs, oldest first" $?
[ "$(headless "$exe" runs --project "$p" | wc -l)" = 2 ]; check "runs: a line each" $?

headless "$exe" explain --project "$p" --format json >"$work/explain.json" 2>"$work/err"; rc=$?
check "explain --project exits 0 ($(cat "$work/err"))" $rc
python3 - "$work/explain.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["cause"] == "min-mode", doc["cause"]
verdict = {s["label"]: s["verdict"] for s in doc["steps"]}
assert sum(v == "unexpected-rebuild" for v in verdict.values()) == 10, verdict
assert verdict["[build-public 4/8]"] == "expected-rebuild", verdict
assert any(f["code"] == "unknown-key" and f["file"].endswith("replay-build.sh") for f in doc["findings"]), doc["findings"]
PY
check "explain --project: the rebuild against the run before it is min mode" $?
headless "$exe" explain --project "$p" --run "$first" --format json >"$work/first.json"; rc=$?
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["before"] == "" or d["before"] is None or "cold" not in d["before"]' "$work/first.json"
check "explain --project --run FIRST: the cold build, against nothing" $rc
headless "$exe" report --no-tools --project "$p" >"$work/report.md"; rc=$?
[ $rc = 0 ] && grep -q 'build-node-modules' "$work/report.md"; check "report --project" $?
headless "$exe" analyze --project "$p" >"$work/analyze" ; rc=$?
[ $rc = 0 ] && [ "$(grep -c '^run: ' "$work/analyze")" = 2 ]; check "analyze --project: the run and the one before" $?
headless "$exe" render --project "$p" --out "$work/g.svg" >/dev/null; rc=$?
[ $rc = 0 ] && grep -q 'build-public' "$work/g.svg"; check "render --project" $?
headless "$exe" bundle create --project "$p" --out "$work/p.cachelab" >/dev/null; rc=$?
[ $rc = 0 ] && [ "$(headless "$exe" bundle info "$work/p.cachelab" | grep -c '^  [0-9]')" = 2 ]
check "bundle create --project: the two runs" $?

# A failing script: its status, and the run kept as failed.
REPLAY_LOG="$rec/docker-20.10-inline-03-failed-step.log" REPLAY_STATUS=3 headless "$exe" run \
    --project "$p" replay-build.sh >"$work/out3" 2>/dev/null; rc=$?
[ $rc = 3 ] && grep -q ' failed ' "$work/out3"; check "run: a script that fails exits with its status (got $rc)" $?
grep -q 'exited with status 3: #9 ERROR: executor failed running' "$work/out3"; check "run: the failure's first error line in the summary" $?

# Usage and bad input: one line each.
headless "$exe" run --project "$p" nope.sh >/dev/null 2>"$work/err"; rc=$?
[ $rc = 2 ] && grep -q 'has no script nope.sh (it has: ' "$work/err"; check "run: an unknown script names the project's" $?
headless "$exe" run --project "$work/none" build.sh >/dev/null 2>"$work/err"; rc=$?
[ $rc = 1 ] && [ "$(wc -l <"$work/err")" = 1 ]; check "run: no project there, one line" $?
mkdir -p "$work/plain" && cp "$p/Dockerfile" "$work/plain/"
printf 'echo hi\n' >"$work/plain/not-executable.sh"
headless "$exe" run --project "$work/plain" not-executable.sh >/dev/null 2>"$work/err"; rc=$?
[ $rc = 1 ] && grep -q 'is not executable: run chmod +x' "$work/err"; check "run: a script that cannot start says why, status 1" $?
headless "$exe" edit --project "$work/plain" >/dev/null 2>"$work/err"; rc=$?
[ $rc = 1 ] && grep -q 'no scenario edit' "$work/err"; check "edit: a project without a scenario says so" $?
headless "$exe" explain --project "$p" --bundle "$work/p.cachelab" >/dev/null 2>&1; [ $? = 2 ]
check "explain with --project and --bundle: a usage error" $?

# SIGTERM (a CI job's timeout): the script and what it started end, the run is canceled.
printf '#!/bin/sh\nsleep 313 &\nsleep 313\n' >"$p/slow.sh"; chmod +x "$p/slow.sh"
# (exec: $! is cachelab itself, not a subshell around it)
(exec env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$exe" run --project "$p" slow.sh \
    >"$work/out4" 2>/dev/null) &
pid=$!
for _ in $(seq 50); do pgrep -f 'sleep 313' >/dev/null && break; sleep 0.1; done
kill -TERM $pid; wait $pid; rc=$?
[ $rc = 130 ] && grep -q ' canceled ' "$work/out4"; check "run: SIGTERM cancels, exit 130 (got $rc)" $?
sleep 0.5; ! pgrep -f 'sleep 313' >/dev/null; check "run: nothing the script started is left" $?

# The lab's registry: up (twice), the scripts' DOCKER_REPO, status, down; nothing left.
if command -v docker-registry >/dev/null || [ -x /usr/bin/docker-registry ]; then
    headless "$exe" lab up >"$work/lab" 2>&1; rc=$?
    [ $rc = 0 ] && grep -q 'answers GET /v2/' "$work/lab"; check "lab up: the registry answers" $?
    address=$(headless "$exe" lab up --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["registry"]["address"])')
    grep -q "127.0.0.1:" <<<"$address"; check "lab up twice: still one registry ($address)" $?
    printf '#!/bin/sh\necho "repo=$DOCKER_REPO"\n' >"$p/show-repo.sh"; chmod +x "$p/show-repo.sh"
    env -u DOCKER_REPO -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$exe" run --project "$p" show-repo.sh \
        2>&1 >/dev/null | grep -q "repo=$address/moby-cache"
    check "run: the lab's registry is the scripts' DOCKER_REPO" $?
    headless "$exe" lab status --format json >"$work/status.json"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["registry"]["state"]=="present" and d["checks"], d' "$work/status.json"
    check "lab status: the registry present, and the other checks" $?
    headless "$exe" lab down >/dev/null; rc=$?
    [ $rc = 0 ] && ! pgrep -f "$XDG_DATA_HOME/.*registry.yml" >/dev/null; check "lab down: no registry left" $?
    headless "$exe" lab status >"$work/status" 2>&1; rc=$?
    [ $rc = 1 ] && grep -q "registry: missing — run 'cachelab lab up'" "$work/status"; check "lab status after down: missing, status 1" $?
else
    echo "SKIP: docker-registry is not installed (the lab tests need it)"
    [ "${CI:-}" != true ]; check "docker-registry present under CI" $?
fi

summary cli.project-run
