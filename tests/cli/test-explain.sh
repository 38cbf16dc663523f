#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `cachelab explain` and `cachelab report` as a user runs them, with no display, on the
# #1515 runs recorded with BuildKit's own tools: build.sh's rebuild ran whole stages that
# nothing changed for, because `mod=max` exports the cache in min mode.
set -uo pipefail
exe=$1 source_dir=$2
rec="$source_dir/fixtures/recordings"
project="$source_dir/fixtures/moby-cache"
# shellcheck source=tests/cli/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

args=(--dockerfile "$project/Dockerfile" --before "$rec/buildctl-v0.34.2-01-cold.log"
      --after "$rec/buildctl-v0.34.2-02-rebuild-after-edit.log" --changed assets/js/file1.js
      --script "$project/build.sh")
out=$(headless "$exe" explain "${args[@]}" 2>"$work/err"); rc=$?
check "explain the #1515 rebuild exits 0 (got $rc)" $rc
grep -q '^Unexpected rebuilds' <<<"$out"; check "text: unexpected rebuilds listed" $?
grep -q '\[build-node-modules 6/6\] RUN mkdir -p node_modules' <<<"$out"; check "text: build-node-modules 6/6 is one" $?
grep -q '^Why (min-mode, inferred)' <<<"$out"; check "text: the cause is min mode, inferred from the logs" $?
[ "$(grep -c '^No cache-key X-ray: ' <<<"$out")" = 1 ]; check "text: says once why there is no cache-key X-ray" $?
grep -q 'build.sh:[0-9]*: .*mod' <<<"$out"; check "text: the mod=max finding on build.sh, with its line" $?
[ ! -s "$work/err" ]; check "nothing on stderr" $?

headless "$exe" explain --format json "${args[@]}" >"$work/explain.json"; rc=$?
check "explain --format json exits 0" $rc
python3 - "$work/explain.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
verdict = {s["label"]: s["verdict"] for s in doc["steps"]}
for i in range(4, 9):
    assert verdict["[build-public %d/8]" % i] == "expected-rebuild", verdict
for label in ["[build-node-modules 3/6]", "[build-node-modules 6/6]", "[build-assets-less 4/4]"]:
    assert verdict[label] == "unexpected-rebuild", (label, verdict[label])
assert doc["cause"] == "min-mode", doc["cause"]
assert doc["exportedLayersBefore"] == 3
assert any(f["code"] == "unknown-key" for f in doc["findings"]), doc["findings"]
PY
check "json: expected 4/8..8/8, unexpected intermediate stages, min mode, the finding" $?

out=$(headless "$exe" explain --format markdown "${args[@]}"); rc=$?
check "explain --format markdown exits 0" $rc
grep -q '^| \[build-node-modules 6/6\] |.*\*\*UNEXPECTED rebuild\*\*' <<<"$out"; check "markdown: a table row flagged" $?

# buildx with mode=max: nothing unexpected.
out=$(headless "$exe" explain --dockerfile "$project/Dockerfile" --before "$rec/buildx-v0.38.2-05-cold.log" \
    --after "$rec/buildx-v0.38.2-06-rebuild-pruned.log" --changed assets/js/file1.js \
    --script "$project/build-with-buildx.sh"); rc=$?
check "explain buildx exits 0" $rc
! grep -q '^Unexpected rebuilds' <<<"$out"; check "buildx: no unexpected rebuild" $?

# The issue report, with the graph drawn beside it and no tool versions (no engine here).
out=$(headless "$exe" report --no-tools --dag-png "$work/dag.png" "${args[@]}" 2>"$work/err"); rc=$?
check "report exits 0 (got $rc; $(head -c 300 "$work/err"))" $rc
grep -q '^## BuildKit cache report' <<<"$out"; check "report: heading" $?
grep -q '\*\*unexpected rebuilds\*\*: `\[build-assets-less' <<<"$out"; check "report: unexpected rebuilds" $?
grep -q 'min mode' <<<"$out"; check "report: why" $?
grep -q "Stage graph: \`$work/dag.png\`" <<<"$out"; check "report: names the graph's PNG" $?
file "$work/dag.png" | grep -q 'PNG image data'; check "report: the PNG was drawn" $?
[ "$(wc -l <<<"$out")" -lt 120 ]; ok=$?
check "report: short enough to paste ($(wc -l <<<"$out") lines)" $ok

# Bad input: one clear line, a non-zero exit.
headless "$exe" explain --dockerfile "$project/Dockerfile" --after "$work/missing.log" >/dev/null 2>"$work/err"; rc=$?
[ "$rc" = 1 ] && [ "$(wc -l <"$work/err")" = 1 ] && grep -q 'missing.log' "$work/err"
check "a missing log: exit 1 and one line naming it" $?
headless "$exe" explain --after "$rec/buildx-v0.38.2-04-rebuild-warm.log" >/dev/null 2>"$work/err"; rc=$?
[ "$rc" = 2 ]; check "no --dockerfile: usage error (exit 2)" $?
summary test-explain
