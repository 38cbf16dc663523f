#!/usr/bin/env bash
# buildkit-tools.sh build|dir — BuildKit's buildkitd and buildctl and the buildx CLI
# plugin, built from their Go modules at the versions in tool-versions.env.
#
#   build  build them unless the cache already holds this version (waiting for a build
#          another process is running); print the folder
#   dir    print the folder if it is complete, else exit 1 (builds nothing)
#
# The folder, $CACHELAB_TOOLS_CACHE/buildkit-<v>-buildx-<v>/ (default /var/cache/cachelab
# for root, ~/.cache/cachelab otherwise),
# is keyed by both versions: a second run, or a second test, never rebuilds. A lock
# (flock) lets tools/dev.sh start the build in the background while a test waits for it.
#
# Why not `go install module/cmd/x@version`: buildkit's go.mod has exclude (and buildx's
# replace) directives, which `go install pkg@version` refuses. So each module's source
# is taken from the module proxy (`go mod download`) and built as the main module,
# where those directives apply, with CGO_ENABLED=0 for static binaries that also run
# inside the busybox-based moby/buildkit image.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/engine/tool-versions.env
source "$here/tool-versions.env"

if [ "$(id -u)" = 0 ]; then default_cache=/var/cache/cachelab; else default_cache=${XDG_CACHE_HOME:-$HOME/.cache}/cachelab; fi
cache_root=${CACHELAB_TOOLS_CACHE:-$default_cache}
dir="$cache_root/buildkit-$BUILDKIT_VERSION-buildx-$BUILDX_VERSION"
stamp="$dir/.complete"

complete() { [ -f "$stamp" ] && [ -x "$dir/bin/buildkitd" ] && [ -x "$dir/bin/buildctl" ] && [ -x "$dir/bin/docker-buildx" ]; }

find_go() {
    if command -v go >/dev/null; then command -v go; return; fi
    [ -x /usr/local/go/bin/go ] && { echo /usr/local/go/bin/go; return; }
    echo "buildkit-tools.sh: no Go toolchain (go on PATH or /usr/local/go/bin/go)" >&2
    return 1
}

# module_source MODULE VERSION DEST: a writable copy of the module's source.
module_source() {
    local json src
    json=$("$GO" mod download -json "$1@$2")
    src=$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("Dir") or ""); sys.exit(1 if d.get("Error") else 0)' <<<"$json") ||
        { echo "buildkit-tools.sh: cannot download $1@$2: $json" >&2; return 1; }
    rm -rf "$3"
    cp -r "$src" "$3"
    chmod -R u+w "$3"
}

build() {
    GO=$(find_go)
    local work
    work=$(mktemp -d "$cache_root/.build-XXXXXX")
    # shellcheck disable=SC2064
    trap "rm -rf '$work'" EXIT
    export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=${GOTOOLCHAIN:-local}
    echo "== building buildkitd and buildctl $BUILDKIT_VERSION, buildx $BUILDX_VERSION with $("$GO" version)" >&2
    module_source "$BUILDKIT_MODULE" "$BUILDKIT_VERSION" "$work/buildkit"
    module_source "$BUILDX_MODULE" "$BUILDX_VERSION" "$work/buildx"
    mkdir -p "$work/bin"
    local bk_ld="-s -w -X $BUILDKIT_MODULE/version.Version=$BUILDKIT_VERSION -X $BUILDKIT_MODULE/version.Package=$BUILDKIT_MODULE"
    (cd "$work/buildkit" && "$GO" build -trimpath -ldflags "$bk_ld" -o "$work/bin/buildctl" ./cmd/buildctl)
    (cd "$work/buildkit" && "$GO" build -trimpath -ldflags "$bk_ld" -o "$work/bin/buildkitd" ./cmd/buildkitd)
    (cd "$work/buildx" && "$GO" build -trimpath \
        -ldflags "-s -w -X $BUILDX_MODULE/version.Version=$BUILDX_VERSION -X $BUILDX_MODULE/version.Package=$BUILDX_MODULE" \
        -o "$work/bin/docker-buildx" ./cmd/buildx)
    rm -rf "$dir"
    mkdir -p "$dir"
    mv "$work/bin" "$dir/bin"
    {
        echo "buildkit $BUILDKIT_VERSION"
        echo "buildx $BUILDX_VERSION"
        echo "go $("$GO" env GOVERSION)"
        echo "built $(date -u +%FT%TZ)"
    } >"$stamp"
    echo "== built into $dir" >&2
}

mkdir -p "$cache_root"
case "${1:-}" in
build)
    exec 9>"$cache_root/.lock"
    # A concurrent build finishes first (then the cache is complete). Building takes
    # minutes on two cores; one that holds the lock longer than this is stuck.
    flock -w 1800 9 || { echo "buildkit-tools.sh: timed out waiting for another build" >&2; exit 1; }
    complete || build
    echo "$dir"
    ;;
dir)
    complete || { echo "buildkit-tools.sh: not built yet: $dir" >&2; exit 1; }
    echo "$dir"
    ;;
*)
    echo "usage: $0 build|dir" >&2
    exit 2
    ;;
esac
