#!/bin/sh
# buildctl-daemonless.sh ARGS... — buildctl ARGS against a buildkitd of its own.
#
# Cachelab's stand-in for the script of the same name in the real
# moby/buildkit image, installed as /usr/bin/buildctl-daemonless.sh in the
# local `moby/buildkit:master` that tests/engine/buildkit-image.sh builds (no
# image can be pulled here). Like the real one, for root: start buildkitd
# (flags from $BUILDKITD_FLAGS, config /etc/buildkit/buildkitd.toml) on
# /run/buildkit/buildkitd.sock, wait until it answers, run `buildctl ARGS`,
# stop buildkitd, exit with buildctl's status. Every run starts with the
# container's empty /var/lib/buildkit: no local cache survives a `docker run
# --rm`. Busybox sh.
set -eu

addr=unix:///run/buildkit/buildkitd.sock
log=/tmp/buildkitd.log
# Seconds to wait for buildkitd to answer, and to exit once told to.
start_timeout=${BUILDKITD_START_TIMEOUT:-60}
stop_timeout=10

mkdir -p /run/buildkit
# shellcheck disable=SC2086 # BUILDKITD_FLAGS is a list of flags
buildkitd ${BUILDKITD_FLAGS:-} --addr="$addr" >"$log" 2>&1 &
pid=$!

# shellcheck disable=SC2317 # run by the EXIT trap
stop() {
    kill -TERM "$pid" 2>/dev/null || return 0
    i=0
    while kill -0 "$pid" 2>/dev/null; do
        i=$((i + 1))
        if [ "$i" -gt $((stop_timeout * 10)) ]; then
            echo "buildctl-daemonless.sh: buildkitd did not stop in ${stop_timeout}s: killed" >&2
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 0.1
    done
    wait "$pid" 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

i=0
until buildctl --addr="$addr" debug workers >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "buildctl-daemonless.sh: buildkitd exited before answering; its log:" >&2
        cat "$log" >&2
        exit 1
    fi
    i=$((i + 1))
    if [ "$i" -gt $((start_timeout * 10)) ]; then
        echo "buildctl-daemonless.sh: buildkitd did not answer on $addr in ${start_timeout}s; its log:" >&2
        cat "$log" >&2
        exit 1
    fi
    sleep 0.1
done

rc=0
buildctl --addr="$addr" "$@" || rc=$?
exit "$rc"
