#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `cachelab lint` as a user runs it, with no display: the #1515 scripts (the Dockerfile
# beside them is found on its own), JSON output, exit statuses 0/1/2.
set -uo pipefail
exe=$1 source_dir=$2
moby="$source_dir/fixtures/moby-cache"
# shellcheck source=tests/cli/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

out=$(headless "$exe" lint "$moby/build.sh" 2>"$work/err"); rc=$?
[ "$rc" = 1 ]; check "build.sh has an error: exit 1 (got $rc)" $?
grep -qF "$moby/build.sh:39: error: unknown cache export key \`mod\`: BuildKit ignores it and exports in min mode" <<<"$out"
check "build.sh:39: the mod=max finding" $?
grep -qF '(use `mode=max`)' <<<"$out"; check "build.sh: suggests mode=max" $?
[ ! -s "$work/err" ]; check "nothing on stderr" $?

out=$(headless "$exe" lint "$moby/build-with-buildx.sh"); rc=$?
[ "$rc" = 0 ] && [ -z "$out" ]; check "buildx script: no findings, exit 0 (got $rc: $out)" $?

out=$(headless "$exe" lint "$moby/build-with-docker.sh"); rc=$?
[ "$rc" = 1 ] && grep -qF "$moby/build-with-docker.sh:21: warning: an inline cache is always min mode" <<<"$out"
check "docker script: inline cache on a multi-stage target (line 21), exit 1" $?

printf 'FROM alpine\nRUN true\n' >"$work/Dockerfile.one"
out=$(headless "$exe" lint --dockerfile "$work/Dockerfile.one" "$moby/build-with-docker.sh"); rc=$?
[ "$rc" = 0 ]; check "--dockerfile with one stage: the inline cache is fine (exit $rc)" $?

headless "$exe" lint --format json "$moby/build.sh" "$moby/build-with-buildx.sh" >"$work/out.json"; rc=$?
[ "$rc" = 1 ]; check "json: exit 1" $?
python3 - "$work/out.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
f = doc["findings"][0]
assert (f["line"], f["code"], f["severity"], f["suggestion"]) == (39, "unknown-key", "error", "use `mode=max`"), f
modes = [(x["file"].rsplit("/", 1)[1], x["line"], x["effectiveMode"]) for x in doc["flags"] if x["kind"] == "export"]
assert modes == [("build.sh", 39, "min"), ("build-with-buildx.sh", 19, "max")], modes
PY
check "json: findings and flags with their effective mode (min for mod=max, max for buildx)" $?

out=$(headless "$exe" lint "$work/missing.sh" 2>&1); rc=$?
[ "$rc" = 1 ] && grep -q "missing.sh" <<<"$out"; check "a missing script: exit 1, named" $?
out=$(headless "$exe" lint 2>&1); rc=$?
[ "$rc" = 2 ]; check "no SCRIPT is a usage error (exit 2, got $rc)" $?
out=$(headless "$exe" lint --format yaml "$moby/build.sh" 2>&1); rc=$?
[ "$rc" = 2 ] && grep -q "unknown --format" <<<"$out"; check "unknown --format is a usage error" $?

summary lint
