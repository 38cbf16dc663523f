#!/usr/bin/env bash
# up.sh [--buildkit] [--registry HOST:PORT] STATE_DIR — start a private Docker
# engine and registry for the tests, or for the lab (`cachelab lab up` runs it,
# installed as share/cachelab/engine/up.sh, when no engine of the user's can
# run the build scripts).
#
# As root, with Debian's packages only (docker.io, containerd, runc,
# docker-registry, busybox-static), and without touching the system dockerd
# that may already run on /var/run/docker.sock:
#   - containerd of our own (config, root, state and socket under STATE_DIR),
#   - dockerd 20.10 with its own data root, exec root, pid file, config file
#     and socket, no bridge and no iptables (so nothing changes on the host's
#     network; builds and containers use --network=host instead),
#   - docker-registry on a free 127.0.0.1 port, storage under STATE_DIR,
#   - a base image `alpine:latest` made from busybox-static, since nothing may
#     be pulled from a public registry.
# Then it writes STATE_DIR/env (to be sourced) and prints it.
#
# --buildkit: also BuildKit's own tools, for fixtures/moby-cache/build.sh
# (buildctl in a `moby/buildkit:master` container) and build-with-buildx.sh
# (a docker-container builder): dockerd's default runtime becomes runc-capbnd
# (privileged containers fail on this machine without it), then
# buildkit-image.sh builds the image, installs the buildx plugin and creates the
# builder `cachelab`. Needs `tests/engine/buildkit-tools.sh build` first. Adds
# several seconds; without it, nothing of this is done.
# --registry HOST:PORT: a registry already running on 127.0.0.1 (the lab's own)
# instead of starting one; it is not stopped by down.sh.
# Every pid it starts is recorded in STATE_DIR/pids; down.sh STATE_DIR undoes
# it all.
#
# Exit codes: 0 up; 77 the engine cannot run here (not root, a package
# missing, no usable storage driver, a daemon that does not come up), with a
# one-line reason on stderr; 2 usage; anything else a bug.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/engine/lib.sh
source "$here/lib.sh"

buildkit=0
given_registry=""
while [ $# -gt 1 ]; do
    case "$1" in
    --buildkit) buildkit=1 ;;
    --registry)
        given_registry=${2:-}
        shift
        ;;
    *) break ;;
    esac
    shift
done
if [ $# -ne 1 ] || [ -z "$1" ]; then
    echo "usage: $0 [--buildkit] [--registry 127.0.0.1:PORT] STATE_DIR" >&2
    exit 2
fi
case "$given_registry" in
"" | 127.0.0.1:[0-9]*) ;;
*)
    echo "up.sh: --registry must be 127.0.0.1:PORT (got '$given_registry')" >&2
    exit 2
    ;;
esac

cannot() {
    echo "up.sh: engine cannot start: $*" >&2
    exit 77
}

[ "$(id -u)" = 0 ] || cannot "not root (dockerd needs root)"

mkdir -p "$1"
state=$(cd "$1" && pwd -P)
if [ -n "$(engine_owned_pids "$state")" ]; then
    echo "up.sh: an engine from $state is already running; run down.sh first" >&2
    exit 2
fi

# Sockets go straight under STATE_DIR with short names: a unix socket path is
# limited to 107 bytes, and containerd adds ".ttrpc" to its socket's name.
if [ $((${#state} + 20)) -gt 107 ]; then
    cannot "state folder path too long for unix sockets: $state"
fi

DOCKERD=/usr/sbin/dockerd
DOCKER=/usr/bin/docker # Debian's 20.10 client, not whatever is first on PATH
CONTAINERD=/usr/bin/containerd
REGISTRY=/usr/bin/docker-registry
BUSYBOX=/bin/busybox
for bin in "$DOCKERD:docker.io" "$DOCKER:docker.io" "$CONTAINERD:containerd" \
    "$REGISTRY:docker-registry" "$BUSYBOX:busybox-static"; do
    [ -x "${bin%%:*}" ] || cannot "${bin%%:*} missing (Debian package ${bin#*:})"
done
command -v runc >/dev/null || cannot "runc missing (Debian package runc)"
command -v containerd-shim-runc-v2 >/dev/null ||
    cannot "containerd-shim-runc-v2 missing (Debian package containerd)"
if [ "$buildkit" = 1 ]; then
    [ -x /usr/bin/python3 ] || cannot "/usr/bin/python3 missing (Debian package python3, for runc-capbnd)"
    "$here/buildkit-tools.sh" dir >/dev/null 2>&1 ||
        cannot "BuildKit tools not built (run tests/engine/buildkit-tools.sh build)"
fi
# The base image has nothing but busybox: it must not need a loader or libc.
ldd_out=$(LC_ALL=C ldd "$BUSYBOX" 2>&1 || true)
if ! grep -qE 'not a dynamic executable|statically linked' <<<"$ldd_out"; then
    cannot "$BUSYBOX is not statically linked (Debian package busybox-static)"
fi

# From here on, a failure stops what was started; the folder and its logs stay
# for inspection (down.sh removes them).
started=0
on_exit() {
    local rc=$?
    if [ "$rc" -ne 0 ] && [ "$started" = 1 ]; then
        engine_stop "$state" || true
    fi
    exit "$rc"
}
trap on_exit EXIT

record_pid() { echo "$1 $2" >>"$state/pids"; }

# tail_log FILE: the end of a daemon's log, for an error message.
tail_log() {
    echo "---- last lines of $1 ----" >&2
    tail -n 25 "$1" >&2 || true
    echo "----" >&2
}

# start NAME LOG COMMAND...: run a daemon in the background, in a session of
# its own (so that a Ctrl-C meant for the test goes to the test, whose trap
# then runs down.sh, and not straight to the daemons), stdin and stdout away
# from the caller (so that `$(up.sh ...)` does not wait for the daemons).
start() {
    local name=$1 log=$2
    shift 2
    setsid "$@" </dev/null >>"$log" 2>&1 &
    record_pid "$name" "$!"
    echo "$!"
}

# wait_for SECONDS PID CHECK...: poll CHECK until it succeeds; fail early if
# PID died.
wait_for() {
    local secs=$1 pid=$2 i
    shift 2
    for ((i = 0; i < secs * 5; i++)); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        [ -n "$(engine_alive "$pid")" ] || return 1
        sleep 0.2
    done
    return 1
}

: >"$state/pids"
started=1
# containerd's shims put their sockets in /run/containerd/s whatever the
# config says. Remember whether that folder is ours to remove (down.sh removes
# it only if it is empty).
[ -e /run/containerd ] || touch "$state/created-run-containerd"
mkdir -p "$state/bin" "$state/docker-config"

# ---- containerd -----------------------------------------------------------
# Our own, rather than the one dockerd would spawn: dockerd 20.10 silently
# uses /run/containerd/containerd.sock instead when that exists (a system
# containerd), and the tests must never share it. Debug and metrics sockets are
# off; `opt` would otherwise default to /opt/containerd.
mkdir -p "$state/containerd"
cat >"$state/containerd.toml" <<EOF
version = 2
root = "$state/containerd/root"
state = "$state/containerd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$state/ctd.sock"
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$state/containerd/opt"
EOF
ctd_pid=$(start containerd "$state/containerd.log" "$CONTAINERD" --config "$state/containerd.toml")
if ! wait_for 30 "$ctd_pid" test -S "$state/ctd.sock"; then
    tail_log "$state/containerd.log"
    cannot "containerd did not start (log: $state/containerd.log)"
fi

# ---- dockerd --------------------------------------------------------------
# --config-file: an empty one of ours, or dockerd reads /etc/docker/daemon.json
#   (the system engine's settings, which may name another storage driver and
#   then conflict with our flags).
# --bridge=none --iptables=false --ip-masq=false --ip-forward=false: leave the
#   host's network and sysctls alone.
# --cgroup-parent: containers and BuildKit's RUN steps get cgroups under a
#   parent named for this engine alone (default: /docker, shared with the
#   system engine), so down.sh can remove exactly ours.
# The environment: the network guard (lib.sh), so that a pull of an image we
#   do not have fails at once without leaving the machine.
# --buildkit: runc-capbnd as the default runtime (see that file).
echo '{}' >"$state/daemon.json"
docker_sock="$state/d.sock"
cgroup_parent="cachelab-$(date +%s)-$$"
echo "$cgroup_parent" >"$state/cgroup-parent"
start_dockerd() {
    local driver=$1 runtime=()
    if [ "$buildkit" = 1 ]; then
        runtime=(--add-runtime "$ENGINE_RUNTIME_NAME=$here/runc-capbnd"
            --default-runtime "$ENGINE_RUNTIME_NAME")
    fi
    start dockerd "$state/dockerd.log" env "${ENGINE_NETWORK_GUARD[@]}" "$DOCKERD" \
        --config-file "$state/daemon.json" \
        --data-root "$state/data" \
        --exec-root "$state/x" \
        --pidfile "$state/dockerd.pid" \
        -H "unix://$docker_sock" \
        --containerd "$state/ctd.sock" \
        --storage-driver "$driver" \
        --cgroup-parent "/$cgroup_parent" \
        --bridge=none --iptables=false --ip-masq=false --ip-forward=false \
        "${runtime[@]}"
}
dockerd_answers() {
    "$DOCKER" -H "unix://$docker_sock" version --format '{{.Server.Version}}'
}
driver=""
for try in overlay2 vfs; do
    echo "== starting dockerd with storage driver $try" >>"$state/dockerd.log"
    pid=$(start_dockerd "$try")
    if wait_for 60 "$pid" dockerd_answers; then
        driver=$try
        break
    fi
    # This driver does not work here (or the daemon hangs): stop it and try
    # the next one.
    engine_signal_wait 15 TERM "$pid" || engine_signal_wait 5 KILL "$pid" || true
    rm -f "$docker_sock" "$state/dockerd.pid"
done
if [ -z "$driver" ]; then
    tail_log "$state/dockerd.log"
    cannot "dockerd did not start with overlay2 nor vfs (log: $state/dockerd.log)"
fi

# `docker` for the build scripts must be Debian's 20.10 client: another one
# may come first on PATH (e.g. a Docker 28 client without buildx, which
# refuses DOCKER_BUILDKIT=1 builds).
ln -sf "$DOCKER" "$state/bin/docker"

# ---- registry -------------------------------------------------------------
# Debian's docker-registry (distribution 2.8) on 127.0.0.1 only. dockerd
# trusts 127.0.0.0/8 as an insecure (plain HTTP) registry by default.
registry_answers() (
    # Plain bash, no curl: GET /v2/ must answer 200. A subshell, so that a
    # refused connection cannot end the script.
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET /v2/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    IFS= read -r -t 5 line <&3 || true
    case "$line" in "HTTP/"*" 200"*) exit 0 ;; *) exit 1 ;; esac
)
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=""
if [ -n "$given_registry" ]; then
    registry_answers "${given_registry#127.0.0.1:}" ||
        cannot "no registry answers GET /v2/ at $given_registry"
    port=${given_registry#127.0.0.1:}
fi
for try in 1 2 3 4 5; do
    [ -z "$port" ] || break
    # A random high port that nothing listens on; if another process takes
    # it before the registry does, the registry exits and we try another.
    candidate=$((20000 + RANDOM % 40000))
    ! port_in_use "$candidate" || continue
    mkdir -p "$state/registry"
    cat >"$state/registry.yml" <<EOF
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $state/registry
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$candidate
EOF
    pid=$(start registry "$state/registry.log" "$REGISTRY" serve "$state/registry.yml")
    if wait_for 30 "$pid" registry_answers "$candidate"; then
        port=$candidate
        break
    fi
    engine_signal_wait 10 TERM "$pid" || engine_signal_wait 5 KILL "$pid" || true
done
if [ -z "$port" ]; then
    tail_log "$state/registry.log"
    cannot "docker-registry did not answer on 127.0.0.1 (log: $state/registry.log)"
fi

# ---- base image -----------------------------------------------------------
# `FROM alpine` must resolve without a registry: import a busybox rootfs as
# alpine:latest. BuildKit in dockerd 20.10 uses a local image before trying to
# pull. Import it once per engine: a new import is a new image ID, and every
# cache key built on it changes. The tar is made reproducible (sorted names,
# fixed times and owners) so the layer digest is the same on every run.
rootfs="$state/base-rootfs"
engine_busybox_rootfs "$rootfs"
engine_tar "$rootfs" "$state/base.tar"
"$DOCKER" -H "unix://$docker_sock" import --change 'CMD ["/bin/sh"]' \
    "$state/base.tar" alpine:latest >/dev/null
rm -rf "$rootfs" "$state/base.tar"

# ---- env file -------------------------------------------------------------
{
    printf 'export DOCKER_HOST=%q\n' "unix://$docker_sock"
    printf 'export DOCKER_CONFIG=%q\n' "$state/docker-config"
    printf 'export DOCKER_REPO=%q\n' "127.0.0.1:$port/moby-cache"
    printf 'export CACHELAB_REGISTRY=%q\n' "127.0.0.1:$port"
    printf 'export CACHELAB_BUILD_FLAGS=%q\n' "--network=host"
    printf 'export CACHELAB_DOCKER_RUN_FLAGS=%q\n' "--network=host"
    printf 'export CACHELAB_ENGINE_STATE=%q\n' "$state"
    # $PATH stays literal: it is the sourcing shell's PATH, with our shim first.
    # shellcheck disable=SC2016
    printf 'export PATH=%q:"$PATH"\n' "$state/bin"
} >"$state/env"
echo "storage-driver $driver" >"$state/info"

# ---- BuildKit's own tools (--buildkit) ------------------------------------
if [ "$buildkit" = 1 ]; then
    rc=0
    "$here/buildkit-image.sh" "$state" || rc=$?
    [ "$rc" -eq 0 ] || exit "$rc"
    echo "buildkit tools $("$here/buildkit-tools.sh" dir), builder cachelab" >>"$state/info"
fi
cat "$state/env"
