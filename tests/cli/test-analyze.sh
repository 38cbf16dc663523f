#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `cachelab analyze` as a user runs it, with no display: real recordings in, the table
# and the JSON shape out; bad input gives one clear line on stderr and a non-zero exit.
set -uo pipefail
exe=$1 source_dir=$2
rec="$source_dir/fixtures/recordings"
# shellcheck source=tests/cli/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
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

headless "$exe" analyze --format json --dockerfile "$source_dir/fixtures/moby-cache/Dockerfile" \
    "$rec/buildx-v0.38.2-04-rebuild-warm.log" >"$work/joined.json"; rc=$?
check "analyze --dockerfile exits 0" $rc
python3 - "$work/joined.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
d = doc["dockerfile"]
assert d["target"] == "website-ssr", d["target"]
stages = {s["name"]: s for s in d["stages"]}
assert [s["steps"] for s in d["stages"]] == [4, 6, 3, 8, 3]
assert stages["build-php"]["needed"] is False and stages["build-public"]["needed"] is True
assert stages["build-assets-less"]["base"] == {"kind": "image", "ref": "alpine"} or stages["build-assets-less"]["base"]["kind"] == "image"
assert {"stage": "build-node-modules", "via": "COPY --from"} in [{k: x[k] for k in ("stage", "via")} for x in stages["build-public"]["deps"]]
run = doc["runs"][0]
v = [v for v in run["vertices"] if v["name"].startswith("[build-public 4/8]")][0]
assert (v["stage"], v["step"], v["total"], v["status"], v["line"]) == ("build-public", 4, 8, "done", 25), v
ran = sorted(f'{s["stage"]} {s["step"]}' for s in run["steps"] if s["status"] == "ran" and s["step"] > 1)
assert ran == ["build-public 4", "build-public 5", "build-public 6", "build-public 7", "build-public 8"], ran
PY
check "json with --dockerfile: stages, deps, needed, vertex lines, only build-public 4-8 ran (warm buildx)" $?

printf 'FROM alpine\nFROBNICATE x\n' >"$work/Dockerfile.bad"
out=$(headless "$exe" analyze --dockerfile "$work/Dockerfile.bad" "$rec/docker-20.10-inline-01-cold.log" 2>&1 >/dev/null); rc=$?
[ "$rc" = 1 ] && [ "$(wc -l <<<"$out")" = 1 ] && grep -q "Dockerfile.bad:2:" <<<"$out"
check "a malformed Dockerfile: exit 1, one line with file:line ($out)" $?
out=$(headless "$exe" analyze --dockerfile "$source_dir/fixtures/moby-cache/Dockerfile" --target nope "$rec/docker-20.10-inline-01-cold.log" 2>&1 >/dev/null); rc=$?
[ "$rc" = 1 ] && grep -qi "nope" <<<"$out"; check "an unknown --target is named ($out)" $?

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

summary analyze
