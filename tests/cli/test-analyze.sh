#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `cachelab analyze` as a user runs it, with no display: real recordings in, the table
# and the JSON shape out; bad input gives one clear line on stderr and a non-zero exit.
set -uo pipefail
exe=$1 source_dir=$2
rec="$source_dir/fixtures/recordings"
failures=0 passes=0
check() {
    if [ "$2" = 0 ]; then echo "PASS: $1"; passes=$((passes + 1)); else echo "FAIL: $1"; failures=$((failures + 1)); fi
}
headless() { env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$@"; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

out=$(headless "$exe" analyze "$rec/docker-20.10-inline-02-rebuild-after-edit.log" 2>"$work/err"); rc=$?
check "analyze a recording exits 0 (got $rc)" $rc
grep -qE '^ +8  ran +0\.0  \[build-public 4/8\] COPY assets assets$' <<<"$out"; check "text: [build-public 4/8] ran" $?
grep -qE '^ +20  cached .*\[website-ssr 3/3\] COPY js js$' <<<"$out"; check "text: [website-ssr 3/3] cached" $?
[ ! -s "$work/err" ]; check "nothing on stderr" $?

headless "$exe" analyze --format json "$rec/transcribed/issue1515-buildctl-export-min.log" \
    "$rec/transcribed/issue1515-buildx-export-max.log" >"$work/out.json"; rc=$?
check "analyze --format json exits 0" $rc
python3 - "$work/out.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
runs = doc["runs"]
assert [len(r["cacheExport"]["layers"]) for r in runs] == [3, 15], [len(r["cacheExport"]["layers"]) for r in runs]
for run in runs:
    assert run["format"] == "plain"
    assert run["cacheExport"]["exporter"] == "registry"
    for v in run["vertices"]:
        assert set(["id", "name", "status", "loaded", "seconds"]) <= set(v), v
PY
check "json: runs, vertices and exported layers (3 vs 15) in the documented shape" $?

out=$(headless "$exe" analyze "$work/missing.log" 2>&1 >/dev/null); rc=$?
[ "$rc" = 1 ]; check "a missing log exits 1 (got $rc)" $?
[ "$(wc -l <<<"$out")" = 1 ] && grep -q "missing.log" <<<"$out"; check "one clear line names the missing log" $?

head -c 4096 /dev/urandom >"$work/garbage.log"
printf '\0' >>"$work/garbage.log"
out=$(headless "$exe" analyze "$work/garbage.log" 2>&1 >/dev/null); rc=$?
[ "$rc" = 1 ] && grep -q "not a BuildKit progress log" <<<"$out"; check "binary garbage is refused clearly (rc $rc)" $?

printf 'hello\nworld\n' >"$work/prose.log"
out=$(headless "$exe" analyze "$work/prose.log" "$rec/docker-20.10-inline-01-cold.log" 2>"$work/err"); rc=$?
[ "$rc" = 1 ] && grep -q "prose.log: not a BuildKit progress log" "$work/err" && grep -q "docker-20.10-inline-01-cold.log" <<<"$out"
check "a bad log among good ones: exit 1, the good one still reported" $?

out=$(headless "$exe" analyze 2>&1); rc=$?
[ "$rc" = 2 ]; check "no LOG is a usage error (exit 2, got $rc)" $?
out=$(headless "$exe" analyze --format yaml "$rec/docker-20.10-inline-01-cold.log" 2>&1); rc=$?
[ "$rc" = 2 ] && grep -q "unknown --format" <<<"$out"; check "unknown --format is a usage error" $?

echo "analyze: $passes passed, $failures failed"
[ "$failures" = 0 ]
