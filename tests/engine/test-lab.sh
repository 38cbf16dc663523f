#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-lab.sh CACHELAB: the lab from a clean state, as `tools/dev.sh run` uses it.
#   - `lab status` before: non-zero, the pieces missing;
#   - `lab up` (CACHELAB_LAB_ENGINE=private: the sealed private engine, whatever the
#     system's engine can do): registry, buildx plugin into the Docker CLI's plugin folder,
#     engine with moby/buildkit:master and the builder `cachelab`; `lab status` all present;
#     `lab up` twice harmless;
#   - the #1515 scenario through `cachelab run` (tools/lab-scenario.sh): build.sh exports 3
#     layers and its rebuild is explained as min mode; buildx exports 14 or more (15 or more
#     on its rebuild) and its
#     rebuild runs only [build-public 4/8] to 8/8;
#   - `lab down` leaves no process, mount, container or folder of the engine, and takes
#     away the plugin it installed but never a plugin of the user's;
#   - `lab up` with the registry's kept port taken by another process: another port.
# Everything under a temporary HOME, DOCKER_CONFIG and data folder.
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
# Short: the private engine's unix sockets live under it.
lab_session "$exe"
lab_session_cleanup() { [ -z "${holder:-}" ] || kill "$holder" 2>/dev/null; }
data="$XDG_DATA_HOME/Cachelab/cachelab"

! docker buildx version >/dev/null 2>&1 || engine_skip_or_fail "docker buildx is installed system-wide: nothing for the lab to install"

"$exe" lab status >"$work/status0" 2>&1; rc=$?
[ $rc != 0 ] && grep -q 'registry: missing' "$work/status0" && grep -q 'engine: not set up' "$work/status0"
check "lab status before lab up: non-zero, registry and engine missing (got $rc)" $?

start=$(date +%s)
"$exe" lab up >"$work/up" 2>&1; rc=$?
sed 's/^/   | /' "$work/up" | tail -n 25
check "lab up exits 0 (got $rc)" $rc
echo "lab up took $(($(date +%s) - start)) s"
grep -q "buildx: installed $DOCKER_CONFIG/cli-plugins/docker-buildx" "$work/up"; check "lab up: buildx installed into the CLI's plugin folder" $?
grep -q "engine: Cachelab's private engine (unix://$data/lab/engine/d.sock" "$work/up"
check "lab up: says which engine it uses (the private one, its socket)" $?
"$exe" lab status >"$work/status" 2>&1; rc=$?
cat "$work/status"
[ $rc = 0 ] && ! grep -qE '^(missing|failed|unknown)' "$work/status"
check "lab status after lab up: exit 0, every piece present" $?
"$exe" lab status --format json >"$work/status.json" 2>/dev/null
python3 - "$work/status.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["registry"]["state"] == "present", d["registry"]
assert d["engine"]["kind"] == "private", d["engine"]
assert d["checks"]["ok"] is True, d["checks"]
assert d["engine"]["cacheDebug"].startswith("127.0.0.1:"), d["engine"]
EOF
check "lab status --format json: registry present, engine private, all checks ok, the builder's cache debug address" $?
debug=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["engine"]["cacheDebug"])' "$work/status.json")

"$exe" lab up >"$work/up2" 2>&1; rc=$?
[ $rc = 0 ] && grep -q 'buildx: present' "$work/up2" && grep -q 'registry: already running' "$work/up2" &&
    grep -q 'engine: already running' "$work/up2"
check "lab up twice: nothing installed or started again" $?

# ---- the #1515 scenario, both scripts, through `cachelab run` ---------------------------
"$here/../../tools/lab-scenario.sh" "$exe" "$work/out" >"$work/scenario" 2>&1; rc=$?
cat "$work/scenario"
check "the scenario: every run succeeded (got $rc)" $rc
python3 - "$work/out/runs.json" <<'EOF'
import json, sys
runs = json.load(open(sys.argv[1]))
by = {}
for r in runs:
    by.setdefault(r["script"], []).append(r)
# The last two of each: a run the registry refused (said, and run once more) stays stored.
b, x = by["build.sh"][-2:], by["build-with-buildx.sh"][-2:]
assert len(b) == 2 and len(x) == 2, [r["script"] for r in runs]
assert all(r["outcome"] == "succeeded" for r in b + x), [r["outcome"] for r in b + x]
assert all(r["exportedLayers"] == 3 for r in b), [r["exportedLayers"] for r in b]
# A cold buildx run writes 14 or 15 blobs: layers of identical content (e.g. WORKDIR in two
# stages made within the same second) are one blob. The rebuild writes 16, as the report.
assert x[0]["exportedLayers"] >= 14 and x[1]["exportedLayers"] >= 15, [r["exportedLayers"] for r in x]
assert b[1]["changedFiles"] == ["assets/js/file1.js"], b[1]["changedFiles"]
assert x[1]["changedFiles"] == ["assets/js/file1.js"], x[1]["changedFiles"]
print("layers: build.sh %s, buildx %s" % ([r["exportedLayers"] for r in b], [r["exportedLayers"] for r in x]))
EOF
check "runs: build.sh exports 3 layers (min mode), buildx 14 or more cold and 15 or more on its rebuild; each rebuild follows the edit" $?
grep -qi 'min mode\|mode=min\|mod=max' "$work/out/explain-build.sh.txt"
check "Explain: build.sh's rebuild is put down to min mode" $?
# The lab's builder kept its cache keys' inputs (buildkitd --save-cache-debug): the store
# names the #1515 steps' file ops (docs/cache-debug.md).
curl -fsS "http://$debug/debug/cache/store" >"$work/cache-store.txt"; rc=$?
[ $rc = 0 ] && grep -q 'buildkit.file.v0' "$work/cache-store.txt" &&
    grep -q 'buildkit.source.v0:session:context' "$work/cache-store.txt"; ok=$?
check "the lab builder serves its cache debug data on $debug (curl exit $rc)" $ok
# The cache-key X-ray of buildx's rebuild, from the data kept with both runs.
project=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[-1]["project"])' "$work/out/runs.json")
"$exe" why --project "$project" --format json >"$work/why.json" 2>"$work/why.err"; rc=$?
python3 - "$work/why.json" <<'EOF'
import json, sys
why = {s["step"].split("]")[0] + "]": s["causes"] for s in json.load(open(sys.argv[1]))["steps"]}
copy = why["[build-public 4/8]"]
assert copy[0]["kind"] == "content" and copy[0]["subject"] == "assets/js/file1.js", copy
run = why["[build-public 5/8]"]
assert run[0]["kind"] == "parent-step" and run[0]["subject"].startswith("[build-public 4/8]"), run
assert run[-1]["subject"] == "assets/js/file1.js", run
print(copy[0]["text"])
EOF
check "why: buildx's rebuild ran [build-public 4/8] for the content of assets/js/file1.js, 5/8 for its parent (exit $rc: $(head -c 300 "$work/why.err"))" $?
# The same from a bundle of the project: its runs carry their cache debug data.
"$exe" bundle create --project "$project" --out "$work/lab.cachelab" >/dev/null 2>&1
"$exe" why --bundle "$work/lab.cachelab" --step '[build-public 4/8]' >"$work/why-bundle.txt" 2>&1; rc=$?
[ $rc = 0 ] && grep -q 'content of assets/js/file1.js changed' "$work/why-bundle.txt" &&
    [ "$(tar tzf "$work/lab.cachelab" | grep -c 'cache-debug.json$')" -ge 2 ]; ok=$?
check "why --bundle: the bundle carries the runs' cache debug data and says the same (exit $rc)" $ok
"$exe" why --bundle "$work/lab.cachelab" --format markdown >"$work/why.md" 2>&1; rc=$?
[ $rc = 0 ] && grep -q '^### Cache-key X-ray of run ' "$work/why.md" && grep -q '^  - \*\*content of assets/js/file1.js changed' "$work/why.md"; ok=$?
check "why --format markdown: the steps and their root causes in bold (exit $rc)" $ok
# A build.sh run (buildctl's own daemon in its container) has no such data, and says so.
buildsh=$(python3 -c 'import json,sys; print([r["id"] for r in json.load(open(sys.argv[1])) if r["script"] == "build.sh"][-1])' "$work/out/runs.json")
"$exe" why --project "$project" --run "$buildsh" >/dev/null 2>"$work/why-buildsh.err"; rc=$?
[ $rc = 1 ] && [ "$(wc -l <"$work/why-buildsh.err")" = 1 ] && grep -q 'has no cache debug data' "$work/why-buildsh.err"; ok=$?
check "why on a build.sh run: one line saying it has no cache debug data and how to get it (exit $rc)" $ok
project=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[-1]["project"])' "$work/out/runs.json")
last=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[-1]["id"])' "$work/out/runs.json")
"$exe" analyze --project "$project" --run "$last" --format json >"$work/buildx-2.json" 2>/dev/null
python3 - "$work/buildx-2.json" <<'EOF'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][-1]  # the run asked for comes after the one it follows
# Step 1 of a stage is its FROM, which BuildKit resolves (and prints as done) on every build.
ran = sorted("[%s %d/%d]" % (s["stage"], s["step"], s["total"])
             for s in run["steps"] if s["status"] == "ran" and s["step"] > 1)
want = sorted("[build-public %d/8]" % n for n in range(4, 9))
assert ran == want, ran
EOF
check "buildx's rebuild ran only [build-public 4/8] to 8/8" $?
grep -qi 'expected\|as expected\|no unexpected' "$work/out/explain-build-with-buildx.sh.txt"
check "Explain: buildx's rebuild is expected (no min-mode verdict)" $?
! grep -qi 'min mode' "$work/out/explain-build-with-buildx.sh.txt"
check "Explain: no min-mode verdict for buildx" $?
grep -q 'X-ray: content of assets/js/file1.js changed' "$work/out/explain-build-with-buildx.sh.txt"
check "Explain: buildx's expected rebuilds carry their X-ray (the content of assets/js/file1.js)" $?
grep -q 'inferred' "$work/out/explain-build.sh.txt" && [ "$(grep -c '^No cache-key X-ray: ' "$work/out/explain-build.sh.txt")" = 1 ]
check "Explain: build.sh's cause is marked inferred, and says once why there is no X-ray" $?
[ -s "$work/out/window.png" ]; check "the window's screenshot of the compared pair is written" $?
[ ! -e "$here/../../fixtures/moby-cache/.cachelab-runs" ] && git -C "$here/../.." diff --quiet -- fixtures/moby-cache
check "the checkout's fixtures/moby-cache is untouched (the working copy is in the data folder)" $?

# ---- lab down ---------------------------------------------------------------------------
"$exe" lab down >"$work/down" 2>&1; rc=$?
cat "$work/down"
check "lab down exits 0 (got $rc)" $rc
[ ! -e "$DOCKER_CONFIG/cli-plugins/docker-buildx" ]; check "lab down: the plugin the lab installed is gone" $?
[ ! -e "$data/lab/engine" ]; check "lab down: the private engine's folder is gone" $?
left=$(for p in /proc/[0-9]*; do { tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null | grep -F "$work/" && echo; done | grep -v '^$' | grep -v test-lab)
[ -z "$left" ]; check "lab down: no process names the lab's folders${left:+ (left: $left)}" $?
! grep -qF "$work/" /proc/mounts; check "lab down: nothing mounted under the lab's folders" $?

# ---- a plugin of the user's, and the registry's port taken --------------------------------
mkdir -p "$DOCKER_CONFIG/cli-plugins"
cp "$tools/bin/docker-buildx" "$DOCKER_CONFIG/cli-plugins/"
port=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["port"])' "$data/lab/registry.json")
# The registry's connections may hold the port for a moment after it stopped: bind when
# it can (within 30 s), then say so.
python3 -c 'import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
for _ in range(300):
    try:
        s.bind(("127.0.0.1", int(sys.argv[1]))); break
    except OSError:
        time.sleep(0.1)
s.listen(1); open(sys.argv[2], "w").close(); time.sleep(600)' "$port" "$work/holding" &
holder=$!
for _ in $(seq 300); do [ -e "$work/holding" ] && break; sleep 0.1; done
"$exe" lab up >"$work/up3" 2>&1; rc=$?
tail -n 5 "$work/up3"
[ $rc = 0 ] && grep -q "port $port is taken by another process" "$work/up3"
check "lab up with the registry's port taken: another port, and up (got $rc)" $?
grep -q 'buildx: present' "$work/up3"; check "lab up with the user's buildx: used as it is" $?
"$exe" lab down >/dev/null 2>&1
[ -x "$DOCKER_CONFIG/cli-plugins/docker-buildx" ]; check "lab down: the user's buildx stays" $?
kill "$holder" 2>/dev/null
holder=""

summary engine.lab
