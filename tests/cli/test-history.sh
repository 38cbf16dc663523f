#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `cachelab history` and .dockerbuild files without an engine: the files buildx exported
# for real (fixtures/history/) analysed, imported as runs with their records, kept once,
# bundled; and the clear lines when buildx cannot be run or the command line is wrong.
# The builder itself is read in the engine test (tests/engine/test-history.sh).
set -uo pipefail
exe=$1 source_dir=$2
hist="$source_dir/fixtures/history"
# shellcheck source=tests/cli/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" HOME="$work/home"
export CACHELAB_LAB_ENGINE=none
p="$work/moby-cache"
cp -r "$source_dir/fixtures/moby-cache" "$p"

out=$(headless "$exe" analyze "$hist/two-builds.dockerbuild" 2>"$work/err"); rc=$?
check "analyze a .dockerbuild of two builds exits 0 (got $rc: $(head -c 300 "$work/err"))" $rc
[ "$(grep -c '(build ' <<<"$out")" -ge 2 ] && grep -q 'build-public 4/8' <<<"$out"
check "analyze: both builds and their steps" $?
headless "$exe" analyze --format json "$hist/failing.dockerbuild" >"$work/failing.json"; rc=$?
python3 - "$work/failing.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
runs = report["runs"] if isinstance(report, dict) else report
assert any(v.get("status") == "error" and "RUN echo about to fail" in v["name"]
           for r in runs for v in r["vertices"]), runs
PY
check "analyze: the failed build's failing step (exit $rc)" $?

headless "$exe" history import --project "$p" --format json "$hist/two-builds.dockerbuild" >"$work/import.json" 2>"$work/err"; rc=$?
check "history import FILE exits 0 (got $rc: $(head -c 300 "$work/err"))" $rc
python3 - "$work/import.json" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))
assert len(runs) == 2, runs
cold, rebuild = runs
assert cold["history"]["buildArgs"] == {"RELEASE": "1"}, cold
assert rebuild["history"]["buildArgs"] == {"RELEASE": "2"}, rebuild
assert rebuild["history"]["cacheImports"][0].endswith("/history/test:cache"), rebuild
assert rebuild["cachedSteps"] > 0 and rebuild["steps"] >= 14, rebuild
PY
check "history import: two runs with their build arguments and cache imports" $?
headless "$exe" history import --project "$p" "$hist/buildx-rebuild.dockerbuild" >"$work/again" 2>&1; rc=$?
rebuild_id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[1]["id"])' "$work/import.json")
[ $rc = 0 ] && grep -q "as run $rebuild_id " "$work/again"
check "history import: a record imported before is the same run" $?
headless "$exe" runs --project "$p" --format json >"$work/runs.json"
python3 - "$work/runs.json" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))
assert len(runs) == 2, [r.get("id") for r in runs]
PY
check "runs: two runs, not three" $?

headless "$exe" bundle create --project "$p" --out "$work/h.cachelab" >/dev/null 2>"$work/err"; rc=$?
tar xzf "$work/h.cachelab" -C "$work" manifest.json 2>/dev/null
python3 - "$work/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
origins = [r["origin"] for r in m["runs"]]
assert origins == ["builder-history", "builder-history"], origins
assert m["runs"][1]["history"]["buildArgs"] == {"RELEASE": "2"}, m["runs"][1]
PY
check "bundle create: the runs keep their origin and record (exit $rc)" $?

# buildx cannot be run: one line saying so, exit 1.
headless env PATH="$work/empty" "$exe" history ls >"$work/out" 2>"$work/err"; rc=$?
[ $rc = 1 ] && [ "$(wc -l <"$work/err")" = 1 ] && grep -q 'docker is not installed' "$work/err"; ok=$?
check "history ls without docker: one clear line, exit 1 (got $rc: $(cat "$work/err"))" $ok
# A .dockerbuild that is not one.
echo 'not an archive' >"$work/bad.dockerbuild"
headless "$exe" history import --project "$p" "$work/bad.dockerbuild" >/dev/null 2>"$work/err"; rc=$?
[ $rc = 1 ] && grep -q '^cachelab history import: bad.dockerbuild: ' "$work/err"; ok=$?
check "history import of a broken file: exit 1 naming the file (got $rc: $(cat "$work/err"))" $ok
headless "$exe" history ls --format yaml >/dev/null 2>"$work/err"; rc=$?
[ $rc = 2 ] && grep -q "unknown --format 'yaml'" "$work/err"
check "history --format yaml: exit 2 naming the value" $?
headless "$exe" history frob >/dev/null 2>"$work/err"; rc=$?
[ $rc = 2 ]; check "history frob: exit 2" $?
headless "$exe" history import --project "$p" >/dev/null 2>"$work/err"; rc=$?
[ $rc = 2 ] && grep -q 'at least one REF' "$work/err"; check "history import without REF: exit 2" $?

summary test-history.sh
