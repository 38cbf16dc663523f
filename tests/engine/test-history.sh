#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-history.sh CACHELAB [TST_GUI_HISTORY]: builder history on the real private engine.
# Builds run through buildx with --progress=rawjson (the log recorded live), on
#   - the docker-container builder `cachelab` (up.sh --buildkit): the #1515 project cold,
#     then after the #1515 edit with another build argument;
#   - a `remote` driver builder: a buildkitd of moby/buildkit:master listening on a
#     127.0.0.1 TCP port, reached by buildx over TCP.
# Then `cachelab history ls` lists the records, `cachelab history import` keeps them as
# runs: steps, states and durations equal to the live rawjson's, build arguments and cache
# imports from the record; a `.dockerbuild` exported by buildx reads to the same steps;
# the window's Builder History dock lists and imports (TST_GUI_HISTORY, when given).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=tests/engine/lib.sh
source "$here/lib.sh"
# shellcheck source=tests/cli/lib.sh
source "$root/tests/cli/lib.sh"
exe=${1:?usage: $0 CACHELAB [TST_GUI_HISTORY]}
gui=${2:-}
command -v docker >/dev/null || engine_skip_or_fail "no docker CLI"
engine_require_buildkit_tools
engine_session
engine_up "$state" --buildkit
# Cachelab's own data, and no lab: buildx runs in the engine's environment (DOCKER_HOST,
# DOCKER_CONFIG, BUILDX_BUILDER from up.sh).
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
export CACHELAB_LAB_ENGINE=none
p="$work/moby-cache"
cp -r "$root/fixtures/moby-cache" "$p"
export DOCKER_REPO="$CACHELAB_REGISTRY/history"

# analyze JSON -> "name<TAB>status" per Dockerfile step, sorted: what must agree exactly.
steps_of() {
    python3 -c '
import json, sys
report = json.load(open(sys.argv[1]))
runs = report["runs"] if isinstance(report, dict) else report
for v in sorted(runs[-1]["vertices"], key=lambda v: v["name"]):
    if v.get("step"):
        print("%s\t%s" % (v["name"], v["status"]))' "$1"
}
# same_durations A.json B.json: every step's duration within 2 ms (each side's times are
# rounded to the millisecond on their own).
same_durations() {
    python3 -c '
import json, sys
def steps(path):
    report = json.load(open(path))
    runs = report["runs"] if isinstance(report, dict) else report
    return {v["name"]: v.get("seconds", 0) for v in runs[-1]["vertices"] if v.get("step")}
a, b = steps(sys.argv[1]), steps(sys.argv[2])
assert a.keys() == b.keys(), (a.keys() ^ b.keys())
bad = {n: (a[n], b[n]) for n in a if abs(a[n] - b[n]) > 0.002}
assert not bad, bad' "$1" "$2"
}
# same_times STORED LIVE: the vertices of the stored rawjson and of the live one have the
# same digests, and each vertex's start and end are shifted by the same amount, to the
# nanosecond (its duration is BuildKit's own in both): buildx shifts what it prints live
# so that a progress stream's first vertex starts at the client's clock (buildx's
# ResetTime; one shift per stream, and a build may have more than one), while the
# builder's record keeps BuildKit's own times.
same_times() {
    python3 -c '
import json, sys, datetime
def nanos(text):
    head, _, frac = text.rstrip("Z").partition(".")
    t = datetime.datetime.fromisoformat(head).replace(tzinfo=datetime.timezone.utc)
    return int(t.timestamp()) * 10**9 + int((frac + "000000000")[:9])
def vertices(path):
    out = {}
    for line in open(path):
        line = line.strip()
        if line.startswith("{"):
            for v in json.loads(line).get("vertexes", []):
                out.setdefault(v["digest"], {}).update({k: nanos(v[k]) for k in ("started", "completed") if k in v})
    return out
a, b = vertices(sys.argv[1]), vertices(sys.argv[2])
assert a.keys() == b.keys(), (len(a), len(b))
shifts = set()
for d in a:
    if "started" in a[d] and "completed" in a[d]:
        shift = b[d]["started"] - a[d]["started"]
        assert b[d]["completed"] - a[d]["completed"] == shift, (d, shift)
        shifts.add(shift)
assert 1 <= len(shifts) <= 4 and all(abs(s) < 10**9 for s in shifts), sorted(shifts)
print("%d vertices, live = stored %s ms" % (len(a), ", ".join("%+.3f" % (s / 1e6) for s in sorted(shifts))))' "$1" "$2"
}

# ---- builds on the docker-container builder, logged live as rawjson ---------------------
CACHELAB_BUILD_FLAGS="--network=host --build-arg RELEASE=1 --progress=rawjson" "$p/build-with-buildx.sh" \
    >"$work/cold.rawjson" 2>&1; rc=$?
check "cold build on the docker-container builder (exit $rc)" $rc
scenario_edit "$p"
CACHELAB_BUILD_FLAGS="--network=host --build-arg RELEASE=2 --progress=rawjson" "$p/build-with-buildx.sh" \
    >"$work/rebuild.rawjson" 2>&1; rc=$?
check "rebuild after the edit (exit $rc)" $rc

headless "$exe" history ls --format json >"$work/ls.json" 2>"$work/err"; rc=$?
check "history ls exits 0 (got $rc: $(head -c 300 "$work/err"))" $rc
python3 - "$work/ls.json" >"$work/refs" <<'PY'
import json, sys
records = json.load(open(sys.argv[1]))
assert len(records) == 2, records
for r in records:
    assert r["ref"].startswith("cachelab/"), r
    assert r["status"] == "completed" and r["name"] == "moby-cache", r
    assert r["totalSteps"] >= 14 and r["durationSeconds"] > 0, r
assert records[0]["cachedSteps"] > records[1]["cachedSteps"], records  # newest first: the rebuild
for r in records:
    print(r["ref"])
PY
check "history ls: both builds of builder cachelab, newest first, with cached/total steps" $?
rebuild_ref=$(sed -n 1p "$work/refs") cold_ref=$(sed -n 2p "$work/refs")
headless "$exe" history ls >"$work/ls.txt" 2>&1
grep -q "^$rebuild_ref .*moby-cache .*completed" "$work/ls.txt"; check "history ls: the text table" $?

headless "$exe" history import --project "$p" --format json "$cold_ref" "$rebuild_ref" >"$work/import.json" 2>"$work/err"; rc=$?
check "history import of both records exits 0 (got $rc: $(head -c 300 "$work/err"))" $rc
headless "$exe" analyze --format json "$work/cold.rawjson" >"$work/cold.json"
headless "$exe" analyze --format json "$work/rebuild.rawjson" >"$work/rebuild.json"
python3 - "$work/import.json" "$work/cold.json" "$work/rebuild.json" "$CACHELAB_REGISTRY" <<'PY'
import json, sys
imported = json.load(open(sys.argv[1]))
assert len(imported) == 2, imported
for run, live_path, release in ((imported[0], sys.argv[2], "1"), (imported[1], sys.argv[3], "2")):
    live = json.load(open(live_path))
    runs = live["runs"] if isinstance(live, dict) else live
    steps = [v for v in runs[-1]["vertices"] if v.get("step")]
    cached = [v for v in steps if v["status"] == "cached"]
    assert run["steps"] == len(steps), (run, len(steps))
    assert run["cachedSteps"] == len(cached), (run, len(cached))
    h = run["history"]
    assert h["buildArgs"].get("RELEASE") == release, h
    assert h["cacheImports"] == ["type=registry,ref=%s/history/test:cache" % sys.argv[4]], h
    assert h["context"].endswith("/moby-cache"), h
    assert h["dockerfile"] == "Dockerfile", h
PY
check "history import: steps and cached steps as live, build arguments and cache import from the record" $?

# The imported runs' steps, states, durations and times, against the live rawjson's.
store_logs=$(find "$XDG_DATA_HOME" -name build.log | sort)
[ "$(wc -w <<<"$store_logs")" = 2 ]; check "the store holds the two imported runs' logs" $?
matched=0
for log in $store_logs; do
    headless "$exe" analyze --format json "$log" >"$work/stored.json"
    for live in cold rebuild; do
        if diff <(steps_of "$work/stored.json") <(steps_of "$work/$live.json") >/dev/null; then
            same_durations "$work/stored.json" "$work/$live.json"; ok=$?
            check "imported $live run: every step's state as live, durations within 2 ms" $ok
            shift=$(same_times "$log" "$work/$live.rawjson"); ok=$?
            check "imported $live run: every step's times are the live ones but for buildx's clock shift ($shift)" $ok
            matched=$((matched + 1))
        fi
    done
done
[ "$matched" = 2 ]; check "both imported runs match a live build step for step" $?

headless "$exe" explain --project "$p" >"$work/explain.txt" 2>&1; rc=$?
grep -q 'build-public 4/8' "$work/explain.txt"; ok=$?
check "explain --project: the imported rebuild against the imported cold run (exit $rc)" $ok

# ---- .dockerbuild exported by buildx ----------------------------------------------------
docker buildx history export "${rebuild_ref##*/}" -o "$work/rebuild.dockerbuild" 2>"$work/err"; rc=$?
check "buildx history export (exit $rc: $(head -c 200 "$work/err"))" $rc
headless "$exe" analyze --format json "$work/rebuild.dockerbuild" >"$work/exported.json" 2>"$work/err"; rc=$?
diff <(steps_of "$work/exported.json") <(steps_of "$work/rebuild.json") >"$work/diff" &&
    same_durations "$work/exported.json" "$work/rebuild.json"; ok=$?
check "analyze FILE.dockerbuild: the same steps and states as live, durations within 2 ms (exit $rc)" $ok
[ $ok = 0 ] || head -20 "$work/diff"

# ---- a remote builder: buildkitd on a 127.0.0.1 TCP port --------------------------------
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
parent=$(cat "$state/cgroup-parent")
docker run -d --name cachelab-remote-buildkitd --privileged --network=host \
    --cgroup-parent="/$parent/remote" moby/buildkit:master --addr "tcp://127.0.0.1:$port" >/dev/null; rc=$?
check "buildkitd started on tcp://127.0.0.1:$port (exit $rc)" $rc
docker buildx create --name remote-bk --driver remote "tcp://127.0.0.1:$port" --bootstrap >"$work/remote-create.log" 2>&1; rc=$?
check "buildx create --driver remote (exit $rc: $(tail -n 1 "$work/remote-create.log"))" $rc
docker buildx build --builder remote-bk --build-arg RELEASE=3 --progress=rawjson "$p" >"$work/remote.rawjson" 2>&1; rc=$?
check "a build on the remote builder (exit $rc)" $rc
headless "$exe" history ls --builder remote-bk --format json >"$work/remote-ls.json" 2>"$work/err"; rc=$?
remote_ref=$(python3 -c '
import json, sys
records = json.load(open(sys.argv[1]))
assert len(records) == 1 and records[0]["ref"].startswith("remote-bk/"), records
print(records[0]["ref"])' "$work/remote-ls.json"); ok=$?
check "history ls --builder remote-bk: its one build (exit $rc: $(head -c 200 "$work/err"))" $ok
headless "$exe" history import --builder remote-bk --project "$p" --format json "${remote_ref##*/}" >"$work/remote-import.json" 2>"$work/err"; rc=$?
headless "$exe" analyze --format json "$work/remote.rawjson" >"$work/remote-live.json"
python3 - "$work/remote-import.json" "$work/remote-live.json" <<'PY'
import json, sys
imported = json.load(open(sys.argv[1]))
live = json.load(open(sys.argv[2]))
runs = live["runs"] if isinstance(live, dict) else live
steps = [v for v in runs[-1]["vertices"] if v.get("step")]
assert len(imported) == 1 and imported[0]["steps"] == len(steps), (imported, len(steps))
assert imported[0]["history"]["buildArgs"] == {"RELEASE": "3"}, imported
PY
check "history import from the remote builder: its steps and build argument (exit $rc: $(head -c 200 "$work/err"))" $?

# ---- the window's Builder History dock ---------------------------------------------------
if [ -n "$gui" ]; then
    CACHELAB_TEST_PROJECT="$p" CACHELAB_TEST_REMOTE_BUILDER=remote-bk QT_QPA_PLATFORM=offscreen "$gui"; rc=$?
    check "the Builder History dock (tst_gui_history, exit $rc)" $rc
fi

docker rm -f cachelab-remote-buildkitd >/dev/null 2>&1
summary test-history.sh
