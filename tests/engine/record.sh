#!/usr/bin/env bash
# record.sh [OUT_DIR] — record real BuildKit progress logs of the #1515
# scenario on the private Docker 20.10 engine, for the parser's golden tests.
# Writes into OUT_DIR (default fixtures/recordings/):
#   docker-20.10-inline-01-cold.log             cold build + push, empty engine
#                                               and registry
#   docker-20.10-inline-02-rebuild-after-edit.log
#                                               after a clean engine state and
#                                               the edit of assets/js/file1.js,
#                                               importing the inline cache
#   docker-20.10-inline-03-failed-step.log      clean engine state again, then
#                                               a copy of the project whose
#                                               [build-public 5/8] RUN fails
# Each log is what a user sees: build-with-docker.sh's stdout and stderr.
# The engine's versions are printed at the end (for the recordings' README).
# Needs root; exits 77 when no engine can run here.
# The report's own scripts with BuildKit's own tools (build.sh, build-with-buildx.sh)
# are recorded by record-issue1515.sh.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=tests/engine/lib.sh
source "$here/lib.sh"

out=${1:-$root/fixtures/recordings}
mkdir -p "$out"
out=$(cd "$out" && pwd)
prefix="$out/docker-20.10-inline"

engine_session # sets $work and $state; down.sh runs on any exit
engine_up "$state"

project="$work/moby-cache"
cp -a "$root/fixtures/moby-cache" "$project"

# record NAME PROJECT WANT: build, check the exit status (0 or "fail").
record() {
    local log="$prefix-$1.log" rc=0
    scenario_build "$2" "$log" || rc=$?
    if { [ "$3" = 0 ] && [ "$rc" -ne 0 ]; } || { [ "$3" = fail ] && [ "$rc" -eq 0 ]; }; then
        echo "record.sh: $1: build exited $rc, wanted $3; last lines:" >&2
        tail -n 20 "$log" >&2
        exit 1
    fi
    echo "recorded $log (exit $rc, $(wc -l <"$log") lines)"
}

# 1. Fresh engine (only the base image), empty registry.
record 01-cold "$project" 0

# 2. The #1515 rebuild.
engine_clean_state
scenario_edit "$project"
record 02-rebuild-after-edit "$project" 0

# 3. A failing step, from a clean engine state again (the registry keeps the
#    image pushed by step 2, so its inline cache is imported). The RUN prints
#    a few lines before it fails, so the log has step output and an error.
failing="$work/moby-cache-failing"
cp -a "$project" "$failing"
sed -i 's|^RUN mkdir -p public/build_ssr .*$|RUN echo "bundling assets/js/file1.js" \&\& ls assets/js \&\& false|' \
    "$failing/Dockerfile"
grep -q '^RUN echo "bundling' "$failing/Dockerfile"
engine_clean_state
record 03-failed-step "$failing" fail

echo "---- docker version (for the README) ----"
docker version
