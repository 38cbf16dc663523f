#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `cachelab bundle create|info` and `--bundle` on analyze, explain, report and render, as a
# user runs them with no display: a bundle of the #1515 recordings gives the verdicts the
# loose files give; bad bundles get one line and exit status 1.
set -uo pipefail
exe=$1 source_dir=$2 demo=$3
rec="$source_dir/fixtures/recordings"
project="$source_dir/fixtures/moby-cache"
# shellcheck source=tests/cli/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
# Unpacked bundles go to the cache folder: this test's own.
export XDG_CACHE_HOME="$work/cache" HOME="$work/home"

b="$work/1515.cachelab"
headless "$exe" bundle create --out "$b" --dockerfile "$project/Dockerfile" --script "$project/build.sh" \
    --log "$rec/buildctl-v0.34.2-01-cold.log" --log "$rec/buildctl-v0.34.2-02-rebuild-after-edit.log" \
    --changed ./assets/js/file1.js --title "build.sh after the edit" >"$work/out" 2>"$work/err"; rc=$?
check "bundle create from logs exits 0 (got $rc: $(cat "$work/err"))" $rc
tar tzf "$b" >"$work/members" 2>&1; check "tar lists the bundle" $?
[ "$(head -1 "$work/members")" = manifest.json ]; check "manifest.json comes first" $?
grep -qx 'project/build.sh' "$work/members"; check "the script is in it" $?
grep -qx 'runs/buildctl-v0.34.2-02-rebuild-after-edit.log/build.log' "$work/members"; check "the rebuild's log is in it" $?

out=$(headless "$exe" bundle info "$b" 2>"$work/err"); rc=$?
check "bundle info exits 0 (got $rc)" $rc
grep -q 'build.sh after the edit' <<<"$out"; check "info: the title" $?
grep -q 'rebuild-after-edit.log  build.sh  succeeded  ran 19, cached 2, loaded 0, failed 0 of 21 steps; exported 3 layer(s); changed assets/js/file1.js; follows buildctl-v0.34.2-01-cold.log' <<<"$out"
check "info: the rebuild's line (steps, layers, changed file, predecessor)" $?
grep -q 'build.sh:39: error: unknown cache export key `mod`' <<<"$out"; check "info: the lint finding" $?

headless "$exe" bundle info --format json "$b" >"$work/info.json"; rc=$?
check "bundle info --format json exits 0" $rc
python3 - "$work/info.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["format"] == "cachelab-bundle" and doc["formatVersion"] == 1, doc
runs = doc["runs"]
assert [r["exportedLayers"] for r in runs] == [3, 3], runs
assert runs[1]["previous"] == runs[0]["id"], runs
assert runs[1]["changedFiles"][0]["path"] == "assets/js/file1.js", runs[1]
assert (runs[1]["ran"], runs[1]["cached"], runs[1]["loaded"]) == (19, 2, 0), runs[1]
PY
check "json: layers, predecessor, changed file, counts" $?

# explain --bundle says what explain on the loose files says.
headless "$exe" explain --format json --dockerfile "$project/Dockerfile" \
    --before "$rec/buildctl-v0.34.2-01-cold.log" --after "$rec/buildctl-v0.34.2-02-rebuild-after-edit.log" \
    --changed assets/js/file1.js --script "$project/build.sh" >"$work/loose.json"; rc=$?
check "explain on loose files exits 0" $rc
headless "$exe" explain --format json --bundle "$b" >"$work/bundle.json" 2>"$work/err"; rc=$?
check "explain --bundle exits 0 (got $rc: $(cat "$work/err"))" $rc
python3 - "$work/loose.json" "$work/bundle.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
va = {s["label"]: s["verdict"] for s in a["steps"]}
vb = {s["label"]: s["verdict"] for s in b["steps"]}
assert va == vb, (va, vb)
assert a["cause"] == b["cause"] == "min-mode", (a["cause"], b["cause"])
assert sum(v == "unexpected-rebuild" for v in vb.values()) == 10, vb
PY
check "explain --bundle: the same verdicts and cause (min mode) as the loose files" $?
out=$(headless "$exe" explain --bundle "$b" --run buildctl-v0.34.2-01-cold.log 2>&1); rc=$?
check "explain --bundle --run the cold build exits 0" $rc
headless "$exe" explain --bundle "$b" --run nope >/dev/null 2>"$work/err"; rc=$?
[ $rc = 1 ] && grep -q 'holds no run nope' "$work/err" && [ "$(wc -l <"$work/err")" = 1 ]
check "explain --bundle --run nope: one line, status 1" $?
headless "$exe" explain --bundle "$b" --after x >/dev/null 2>"$work/err"; rc=$?
[ $rc = 2 ] && grep -q 'drop --after' "$work/err"; check "--bundle with --after: a usage error" $?

out=$(headless "$exe" analyze --bundle "$b"); rc=$?
check "analyze --bundle exits 0" $rc
[ "$(grep -c '^run: ' <<<"$out")" = 2 ] && grep -q 'cache export: registry, 3 layer' <<<"$out"
check "analyze --bundle: the rebuild and the run before it" $?
headless "$exe" render --bundle "$b" --out "$work/dag.svg" >/dev/null; rc=$?
check "render --bundle exits 0" $rc
grep -q 'build-public' "$work/dag.svg"; check "render --bundle: the graph names the stages" $?
headless "$exe" render --bundle "$b" --view history --out "$work/history.png" >/dev/null; rc=$?
[ $rc = 0 ] && [ -s "$work/history.png" ]; check "render --bundle --view history" $?
headless "$exe" report --no-tools --bundle "$b" >"$work/report.md"; rc=$?
check "report --bundle exits 0" $rc
grep -q 'min' "$work/report.md" && grep -q 'build-node-modules' "$work/report.md"; check "report --bundle: min mode and the unexpected stage" $?

# The demo bundle the build made: today's min-mode verdict on the #1515 pair.
out=$(headless "$exe" bundle info "$demo"); rc=$?
check "bundle info on the demo exits 0" $rc
[ "$(grep -c '^  demo-' <<<"$out")" -ge 10 ]; check "the demo holds the ten recordings" $?
headless "$exe" explain --format json --bundle "$demo" --run demo-buildctl-v0.34.2-02-rebuild-after-edit.log >"$work/demo.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["cause"]=="min-mode", d["cause"]' "$work/demo.json"
check "the demo's build.sh rebuild: min mode" $?

# Bad bundles: one line naming the file, status 1, nothing unpacked.
printf 'not a bundle at all' >"$work/garbage.cachelab"
headless "$exe" bundle info "$work/garbage.cachelab" >/dev/null 2>"$work/err"; rc=$?
[ $rc = 1 ] && [ "$(wc -l <"$work/err")" = 1 ] && grep -q 'garbage.cachelab: ' "$work/err"; ok=$?
check "garbage: one line, status 1 ($(cat "$work/err"))" $ok
mkdir -p "$work/evil/project" && cp "$project/Dockerfile" "$work/evil/project/"
tar xzf "$b" -C "$work/evil" manifest.json
python3 - "$work/evil/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); m["formatVersion"] = 7; json.dump(m, open(sys.argv[1], "w"))
PY
(cd "$work/evil" && tar czf "$work/newer.cachelab" manifest.json project)
headless "$exe" bundle info "$work/newer.cachelab" >/dev/null 2>"$work/err"; rc=$?
[ $rc = 1 ] && grep -q 'newer Cachelab (format version 7' "$work/err"; check "a newer format: said so, status 1" $?
(cd "$work/evil" && ln -s /etc/passwd project/link && tar czf "$work/link.cachelab" manifest.json project)
headless "$exe" explain --bundle "$work/link.cachelab" >/dev/null 2>"$work/err"; rc=$?
[ $rc = 1 ] && grep -q 'symbolic link' "$work/err"; check "a symlink member: refused, status 1" $?
headless "$exe" bundle create --out "$work/x.cachelab" >/dev/null 2>&1; [ $? = 2 ]; check "create without a source: usage error" $?
headless "$exe" bundle create --out "$work/nodir/x.cachelab" --dockerfile "$project/Dockerfile" --log "$rec/buildctl-v0.34.2-01-cold.log" >/dev/null 2>"$work/err"; rc=$?
[ $rc = 1 ] && [ "$(wc -l <"$work/err")" = 1 ]; check "create into a missing folder: one line, status 1" $?
[ -z "$(find "$work/cache" -name '.unpacking-*' 2>/dev/null)" ]; check "no half-unpacked bundle left" $?

summary cli.bundle
