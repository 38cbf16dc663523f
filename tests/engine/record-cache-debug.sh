#!/usr/bin/env bash
# record-cache-debug.sh [OUT_DIR] — record what BuildKit's cache debug endpoints serve
# (buildkitd --save-cache-debug --debugaddr 127.0.0.1:PORT) around the #1515 scenario, for
# the cache-key X-ray's tests and docs/cache-debug.md. On the private engine's
# docker-container builder `cachelab` (up.sh --buildkit, host network, so the debug address
# is the host's loopback), fixtures/moby-cache/build-with-buildx.sh runs cold, then after
# the #1515 edit of assets/js/file1.js. After each run NN-WHAT:
#   NN-WHAT.rawjson       the build's --progress=rawjson output, as printed live
#   NN-WHAT.store.json    GET /debug/cache/store with Accept: application/json
#   NN-WHAT.store.txt     GET /debug/cache/store (its text form)
#   NN-WHAT.all.json      GET /debug/cache/all with Accept: application/json
#   NN-WHAT.all.txt       GET /debug/cache/all (its text form)
# The store accumulates: the second run's files hold the first run's records too.
# Needs root; exits 77 when the engine or the tools cannot run here.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=tests/engine/lib.sh
source "$here/lib.sh"

out=${1:-$root/fixtures/cache-debug}
mkdir -p "$out"
out=$(cd "$out" && pwd)

"$here/buildkit-tools.sh" build >/dev/null || {
    echo "record-cache-debug.sh: BuildKit tools cannot be built here" >&2
    exit 77
}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export CACHELAB_BUILDKITD_FLAGS="--save-cache-debug --debugaddr 127.0.0.1:$port"
engine_session
engine_up "$state" --buildkit

project="$work/moby-cache"
cp -a "$root/fixtures/moby-cache" "$project"
export DOCKER_REPO="$CACHELAB_REGISTRY/cache-debug"
dump() {
    curl -fsS -H 'Accept: application/json' "http://127.0.0.1:$port/debug/cache/store" >"$out/$1.store.json"
    curl -fsS "http://127.0.0.1:$port/debug/cache/store" >"$out/$1.store.txt"
    curl -fsS -H 'Accept: application/json' "http://127.0.0.1:$port/debug/cache/all" >"$out/$1.all.json"
    curl -fsS "http://127.0.0.1:$port/debug/cache/all" >"$out/$1.all.txt"
    echo "recorded $1: $(wc -c <"$out/$1.store.json") bytes of store, $(wc -c <"$out/$1.all.json") of plain texts"
}
CACHELAB_BUILD_FLAGS="--network=host --progress=rawjson" "$project/build-with-buildx.sh" >"$out/01-cold.rawjson" 2>&1
dump 01-cold
scenario_edit "$project"
CACHELAB_BUILD_FLAGS="--network=host --progress=rawjson" "$project/build-with-buildx.sh" >"$out/02-rebuild-after-edit.rawjson" 2>&1
dump 02-rebuild-after-edit

echo "---- versions (for the README) ----"
date -u +%FT%TZ
docker buildx version
docker buildx inspect "$BUILDX_BUILDER" | grep -E '^(Name|Driver|BuildKit version|BuildKit daemon flags):' || true
