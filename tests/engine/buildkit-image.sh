#!/usr/bin/env bash
# buildkit-image.sh STATE_DIR — BuildKit's own tools in a running private
# engine (up.sh --buildkit calls it; it can also be run again by hand):
#
#   1. the base image pushed to the engine's registry as library/alpine:latest,
#      so that `FROM alpine` resolves through buildkitd's docker.io mirror;
#   2. a local `moby/buildkit:master` image, since none can be pulled: the
#      busybox base, buildkitd and buildctl from buildkit-tools.sh, Debian's
#      runc with the shared libraries ldd lists for it, an
#      /etc/buildkit/buildkitd.toml (below) and our buildctl-daemonless.sh;
#      ENTRYPOINT ["buildkitd"] and VOLUME /var/lib/buildkit like the real image
#      (buildx's docker-container driver relies on both);
#   3. the buildx CLI plugin in the engine's private DOCKER_CONFIG;
#   4. a buildx builder `cachelab` (docker-container driver, that image, host
#      network, cgroups under the engine's own parent), started and selected.
# It appends BUILDX_BUILDER and CACHELAB_BUILDKIT_TOOLS to STATE_DIR/env.
#
# Needs an engine started by `up.sh --buildkit STATE_DIR` (whose default
# runtime drops the capabilities this machine cannot grant: --privileged
# containers fail without it) and the tools built by
# `tests/engine/buildkit-tools.sh build`.
# Exit codes: 0 done; 77 cannot be done here (tools not built, no such engine),
# with a one-line reason on stderr; 2 usage; anything else a bug.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/engine/lib.sh
source "$here/lib.sh"

if [ $# -ne 1 ] || [ -z "$1" ]; then
    echo "usage: $0 STATE_DIR" >&2
    exit 2
fi
cannot() {
    echo "buildkit-image.sh: BuildKit tools cannot be set up: $*" >&2
    exit 77
}
state=$(cd "$1" && pwd -P)
[ -f "$state/env" ] || cannot "no engine in $state (run up.sh --buildkit first)"
# shellcheck disable=SC1091
source "$state/env"
[ "$(docker info --format '{{.DefaultRuntime}}')" = "$ENGINE_RUNTIME_NAME" ] ||
    cannot "the engine in $state was not started with up.sh --buildkit (default runtime is not $ENGINE_RUNTIME_NAME)"
tools=$("$here/buildkit-tools.sh" dir) ||
    cannot "BuildKit tools not built (run tests/engine/buildkit-tools.sh build)"
registry=$CACHELAB_REGISTRY

# ---- 1. the base, as docker.io/library/alpine:latest through the mirror ------------
docker tag alpine:latest "$registry/library/alpine:latest"
docker push "$registry/library/alpine:latest" >/dev/null
docker image rm "$registry/library/alpine:latest" >/dev/null # the tag only

# ---- 2. moby/buildkit:master ----------------------------------------------------------
rootfs="$state/buildkit-rootfs"
rm -rf "$rootfs"
engine_busybox_rootfs "$rootfs"
mkdir -p "$rootfs/etc/buildkit" "$rootfs/var/lib/buildkit" "$rootfs/run/buildkit"
install -m 0755 "$tools/bin/buildkitd" "$tools/bin/buildctl" "$rootfs/usr/bin/"
install -m 0755 "$here/moby-buildkit/buildctl-daemonless.sh" "$rootfs/usr/bin/"
# buildkitd's OCI worker runs `runc` (or `buildkit-runc`) from PATH. Debian's is
# dynamically linked: bring the libraries and the loader, at the same paths.
install -m 0755 /usr/sbin/runc "$rootfs/usr/bin/runc"
LC_ALL=C ldd /usr/sbin/runc | awk '
    $2 == "=>" && $3 ~ /^\// { print $3 }
    $1 ~ /^\// { print $1 }' | while read -r lib; do
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
done
chroot "$rootfs" /usr/bin/runc --version >/dev/null ||
    cannot "Debian's runc does not run in the image's root file system"
# The registry is plain HTTP on 127.0.0.1, reached through host networking (the
# engine has no bridge); RUN steps use the host network too.
cat >"$rootfs/etc/buildkit/buildkitd.toml" <<EOF
# Cachelab's private engine (tests/engine/buildkit-image.sh). Nothing can be
# pulled from a public registry: docker.io is mirrored by the local registry.
[worker.oci]
  enabled = true
  snapshotter = "auto"
  networkMode = "host"

[worker.containerd]
  enabled = false

[registry."docker.io"]
  mirrors = ["$registry"]

[registry."$registry"]
  http = true
EOF
engine_tar "$rootfs" "$state/buildkit.tar"
rm -rf "$rootfs"
# The network guard (see lib.sh): a registry other than the loopback one is
# refused at once instead of being looked up.
docker import \
    --change 'ENTRYPOINT ["buildkitd"]' \
    --change 'VOLUME /var/lib/buildkit' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "ENV $(printf '%s ' "${ENGINE_NETWORK_GUARD[@]}")" \
    "$state/buildkit.tar" moby/buildkit:master >/dev/null
rm -f "$state/buildkit.tar"

# ---- 3. the buildx plugin ------------------------------------------------------------
mkdir -p "$DOCKER_CONFIG/cli-plugins"
install -m 0755 "$tools/bin/docker-buildx" "$DOCKER_CONFIG/cli-plugins/docker-buildx"
docker buildx version >/dev/null || cannot "docker buildx does not run with this docker client"

# ---- 4. the builder ------------------------------------------------------------------
# cgroup-parent: buildx's default is /docker/buildx, outside the engine's own
# parent that down.sh removes. Bootstrapped now, so that the first build's log
# does not start with the builder's creation (including its attempt to pull
# moby/buildkit:master, refused by the network guard before it uses the local
# image).
builder=cachelab
parent=$(cat "$state/cgroup-parent")
# CACHELAB_BUILDKITD_FLAGS: the lab's buildkitd flags (app/core/lab/LabEngine.cpp keeps
# them in one place); none for the tests.
docker buildx create --name "$builder" --driver docker-container \
    --driver-opt "image=moby/buildkit:master,network=host,cgroup-parent=/$parent/buildx" \
    ${CACHELAB_BUILDKITD_FLAGS:+--buildkitd-flags "$CACHELAB_BUILDKITD_FLAGS"} \
    --use --bootstrap >"$state/buildx-create.log" 2>&1 || {
    tail -n 20 "$state/buildx-create.log" >&2
    cannot "docker buildx create --bootstrap failed (log: $state/buildx-create.log)"
}

{
    printf 'export BUILDX_BUILDER=%q\n' "$builder"
    printf 'export CACHELAB_BUILDKIT_TOOLS=%q\n' "$tools"
} >>"$state/env"
