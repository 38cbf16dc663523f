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
# Then the X-ray's scenarios on fixtures/projects/xray (docker buildx build
# --progress=rawjson, the same builder), each a change from the build before it:
#   xray-01-cold, xray-02-mode (chmod 666 app.conf), xray-03-build-arg
#   (--build-arg VERSION=2), xray-04-run-edited (the first RUN's text changed),
#   xray-05-dockerignore (.dockerignore leaves out src/extra.txt), xray-06-base-moved
#   (library/alpine re-pushed to the local registry as another image: a new digest),
#   xray-07-cache-mount (the last RUN gets --mount=type=cache), xray-08-secret-mount
#   (that mount made --mount=type=secret,id=token).
# with the build's .rawjson and the store's JSON only (.store.json).
# Needs root; exits 77 when the engine or the tools cannot run here.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=tests/engine/lib.sh
source "$here/lib.sh"

out=${1:-$root/fixtures/cache-debug}
mkdir -p "$out"
out=$(cd "$out" && pwd)

engine_up_cache_debug record-cache-debug.sh
port=$debug_port

project="$work/moby-cache"
cp -a "$root/fixtures/moby-cache" "$project"
export DOCKER_REPO="$CACHELAB_REGISTRY/cache-debug"
# dump NAME [store-only]: the endpoints' answers after a build (the scenarios keep the
# store's JSON only: what the tests read).
dump() {
    curl -fsS -H 'Accept: application/json' "http://127.0.0.1:$port/debug/cache/store" >"$out/$1.store.json"
    if [ "${2:-}" != store-only ]; then
        curl -fsS "http://127.0.0.1:$port/debug/cache/store" >"$out/$1.store.txt"
        curl -fsS -H 'Accept: application/json' "http://127.0.0.1:$port/debug/cache/all" >"$out/$1.all.json"
        curl -fsS "http://127.0.0.1:$port/debug/cache/all" >"$out/$1.all.txt"
    fi
    echo "recorded $1: $(wc -c <"$out/$1.store.json") bytes of store"
}
CACHELAB_BUILD_FLAGS="--network=host --progress=rawjson" "$project/build-with-buildx.sh" >"$out/01-cold.rawjson" 2>&1
dump 01-cold
scenario_edit "$project"
CACHELAB_BUILD_FLAGS="--network=host --progress=rawjson" "$project/build-with-buildx.sh" >"$out/02-rebuild-after-edit.rawjson" 2>&1
dump 02-rebuild-after-edit

# ---- the X-ray's scenarios -----------------------------------------------------------
xray="$work/xray"
cp -a "$root/fixtures/projects/xray" "$xray"
chmod 644 "$xray/app.conf" "$xray"/src/*.txt
xbuild() { # NAME [buildx flags…]
    local name=$1
    shift
    docker buildx build --network=host --progress=rawjson "$@" "$xray" >"$out/$name.rawjson" 2>&1
    dump "$name" store-only
}
xbuild xray-01-cold
chmod 666 "$xray/app.conf"
xbuild xray-02-mode
xbuild xray-03-build-arg --build-arg VERSION=2
sed -i 's/echo "version \$VERSION"/echo "release \$VERSION"/' "$xray/Dockerfile"
xbuild xray-04-run-edited --build-arg VERSION=2
echo 'src/extra.txt' >"$xray/.dockerignore"
xbuild xray-05-dockerignore --build-arg VERSION=2
# Another image behind the same tag: busybox-static with another os-release.
rootfs="$work/moved-rootfs"
engine_busybox_rootfs "$rootfs"
printf 'NAME="Cachelab test base, moved"\nID=cachelab-moved\n' >"$rootfs/etc/os-release"
engine_tar "$rootfs" "$work/moved.tar"
docker import "$work/moved.tar" cachelab-moved:latest >/dev/null
docker tag cachelab-moved:latest "$CACHELAB_REGISTRY/library/alpine:latest"
docker push "$CACHELAB_REGISTRY/library/alpine:latest" >/dev/null
xbuild xray-06-base-moved --build-arg VERSION=2
# A mount changes a RUN's key without changing its text: a cache mount added to the last
# RUN, then that mount replaced by a secret (whose value is no part of the key).
sed -i 's|^RUN cat app.conf|RUN --mount=type=cache,target=/cache cat app.conf|' "$xray/Dockerfile"
xbuild xray-07-cache-mount --build-arg VERSION=2
sed -i 's|--mount=type=cache,target=/cache|--mount=type=secret,id=token|' "$xray/Dockerfile"
printf 'not-a-real-token\n' >"$work/token"
xbuild xray-08-secret-mount --build-arg VERSION=2 --secret "id=token,src=$work/token"

echo "---- versions (for the README) ----"
date -u +%FT%TZ
docker buildx version
docker buildx inspect "$BUILDX_BUILDER" | grep -E '^(Name|Driver|BuildKit version|BuildKit daemon flags):' || true
