#!/usr/bin/env bash
# record-varied.sh [OUT_DIR] — record real BuildKit progress logs of the small
# Dockerfile projects in fixtures/projects/ (unnamed stages, ARG in FROM,
# mounts, heredocs, --target, a failing RUN, a one-stage Dockerfile, two
# platforms), for the progress and Dockerfile parsers' tests. Writes into OUT_DIR (default
# fixtures/recordings/varied/):
#   docker-20.10-PROJECT-NN-WHAT.log        DOCKER_BUILDKIT=1 docker build
#                                           --progress=plain (the engine's
#                                           BuildKit v0.8; not the heredoc
#                                           project, which its frontend cannot
#                                           parse, nor the platforms one)
#   buildctl-vX-PROJECT-NN-WHAT.log         buildctl build --frontend
#                                           dockerfile.v0 --progress=plain,
#                                           against a buildkitd container
#                                           (moby/buildkit:master) that stays up
#                                           for the whole recording
#   buildx-vX-PROJECT-NN-WHAT.log           docker buildx build --progress=plain
#                                           --load with the `cachelab` builder
#                                           (up.sh --buildkit)
#   *.rawjson                               the same buildctl and buildx runs
#                                           again, in a second pass, with
#                                           --progress=rawjson
# Each log is what a user sees: the command's stdout and stderr. Every project's
# sequence starts from an empty build cache (each tool's prune) and a fresh copy
# of the project (edits happen on that copy). The sequences, per tool:
#   single-stage    01-cold; edit app.sh; 02-rebuild-after-edit
#   unnamed-stages  01-cold; 02-build-arg-busybox (--build-arg BASE=busybox)
#   mounts          01-cold; edit src/version.txt; 02-rebuild-after-edit
#   pipeline        01-target-deps (--target deps); 02-full;
#                   prune; 03-failed-test (--build-arg FAIL_TESTS=1, exits 1)
#   heredoc         01-cold (buildctl and buildx only)
#   platforms       01-two-platforms (--platform linux/amd64,linux/arm64;
#                   buildctl and buildx only: Docker 20.10 builds one platform)
#   onbuild         01-cold; edit app.txt; 02-rebuild-after-edit
# CACHELAB_RECORD_PROJECTS="onbuild …": record only these projects' sequences,
# leaving the other recordings in OUT_DIR as they are.
# `busybox:latest` is a second base made like up.sh's `alpine:latest` (the same
# busybox-static, another /etc/os-release): imported into the engine and pushed
# to the local registry as library/busybox:latest for buildkitd's docker.io
# mirror. Nothing but 127.0.0.1 is contacted.
# Starts its own engine (up.sh --buildkit) and stops it on any exit (down.sh),
# then checks that no process, mount or cgroup of it is left. The tools' and
# engine's versions are printed at the end (for the README).
# Needs root; exits 77 when the engine or the tools cannot run here.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=tests/engine/lib.sh
source "$here/lib.sh"
# shellcheck source=tests/engine/tool-versions.env
source "$here/tool-versions.env"

out=${1:-$root/fixtures/recordings/varied}
mkdir -p "$out"
out=$(cd "$out" && pwd)
projects="$root/fixtures/projects"

"$here/buildkit-tools.sh" build >/dev/null || {
    echo "record-varied.sh: BuildKit tools cannot be built here" >&2
    exit 77
}

# The buildkitd container buildctl talks to (through `docker exec`, buildctl's
# docker-container:// connection helper).
BUILDKITD_NAME=cachelab-varied-buildkitd
BUILDKITD_ADDR="docker-container://$BUILDKITD_NAME"

# ---- session: engine_session (lib.sh), plus a check for leftovers ----------
engine_session # sets $work and $state
cgroup_parent=""
varied_end() {
    local rc=$? left=""
    trap '' INT TERM
    trap - EXIT
    if "$ENGINE_DIR/down.sh" "$state"; then
        rm -rf --one-file-system "$work"
    else
        echo "WARNING: down.sh failed; $work left in place" >&2
        [ "$rc" -ne 0 ] || rc=1
    fi
    # Nothing of this engine may survive it: no process naming the folder or
    # living in the engine's cgroups, no mount under the folder, no cgroup.
    local pid
    for pid in /proc/[0-9]*; do
        pid=${pid#/proc/}
        case "$(engine_cmdline "$pid")" in *"$work/"*) left="$left process $pid;" ;; esac
        if [ -n "$cgroup_parent" ] && grep -qF "/$cgroup_parent/" "/proc/$pid/cgroup" 2>/dev/null; then
            left="$left process $pid (cgroup);"
        fi
    done
    if [ -n "$(engine_mounts "$work")" ]; then
        left="$left mounts: $(engine_mounts "$work" | tr '\n' ' ');"
    fi
    if [ -n "$cgroup_parent" ] && [ -n "$(find /sys/fs/cgroup -maxdepth 2 -name "$cgroup_parent" 2>/dev/null)" ]; then
        left="$left cgroups $cgroup_parent;"
    fi
    if [ -n "$left" ]; then
        echo "record-varied.sh: LEFTOVERS:$left" >&2
        [ "$rc" -ne 0 ] || rc=1
    else
        echo "no leftovers: no process, mount or cgroup of the engine remains"
    fi
    exit "$rc"
}
trap varied_end EXIT

engine_up "$state" --buildkit
cgroup_parent=$(cat "$state/cgroup-parent")
docker_version=$(docker version --format '{{.Server.Version}}' | cut -d. -f1,2)

# ---- the second base, busybox:latest -----------------------------------------
rootfs="$work/busybox-rootfs"
engine_busybox_rootfs "$rootfs"
printf 'NAME="Cachelab second test base (busybox-static standing in for busybox)"\nID=cachelab-busybox-2\n' \
    >"$rootfs/etc/os-release"
engine_tar "$rootfs" "$work/busybox.tar"
docker import --change 'CMD ["sh"]' "$work/busybox.tar" busybox:latest >/dev/null
rm -rf "$rootfs" "$work/busybox.tar"
docker tag busybox:latest "$CACHELAB_REGISTRY/library/busybox:latest"
docker push "$CACHELAB_REGISTRY/library/busybox:latest" >/dev/null
docker image rm "$CACHELAB_REGISTRY/library/busybox:latest" >/dev/null # the tag only

# ---- buildctl: a buildkitd of its own, `buildctl` on PATH ------------------------
ln -sf "$CACHELAB_BUILDKIT_TOOLS/bin/buildctl" "$state/bin/buildctl"
docker run -d --name "$BUILDKITD_NAME" --privileged --network=host moby/buildkit:master >/dev/null
for _ in $(seq 1 100); do
    buildctl --addr "$BUILDKITD_ADDR" debug workers >/dev/null 2>&1 && break
    sleep 0.2
done
buildctl --addr "$BUILDKITD_ADDR" debug workers >/dev/null

# ---- one build --------------------------------------------------------------------
# build TOOL PROGRESS DIR NAME WANT [target=STAGE] [arg=KEY=VALUE]
#       [platform=P1,P2]...: run DIR's build the way a user of TOOL (docker,
# buildctl, buildx) types it, stdout and stderr into OUT/NAME.log (plain) or
# OUT/NAME.rawjson; WANT is 0 or fail. The image is varied/PROJECT:NN: docker
# builds it into the engine, buildctl into buildkitd's image store, buildx loads
# it into the engine (--load; a multi-platform image stays in the builder:
# --output type=image, since Docker 20.10 cannot load an image list).
build() {
    local tool=$1 progress=$2 dir=$3 name=$4 want=$5 rc=0 file opt project nn tag
    shift 5
    local flags=() output=(--load)
    # The image: varied/PROJECT:NN.
    project=$(basename "$dir")
    nn=${name##*-"$project"-}
    tag="varied/$project:${nn%%-*}"
    for opt in "$@"; do
        case "$tool:$opt" in
        buildctl:target=*) flags+=(--opt "target=${opt#target=}") ;;
        buildctl:arg=*) flags+=(--opt "build-arg:${opt#arg=}") ;;
        *:target=*) flags+=(--target "${opt#target=}") ;;
        *:arg=*) flags+=(--build-arg "${opt#arg=}") ;;
        buildctl:platform=*) flags+=(--opt "$opt") ;;
        buildx:platform=*)
            flags+=(--platform "${opt#platform=}")
            output=(--output "type=image,name=docker.io/$tag")
            ;;
        *) echo "record-varied.sh: $tool cannot do $opt" >&2; exit 1 ;;
        esac
    done
    if [ "$progress" = plain ]; then file="$out/$name.log"; else file="$out/$name.rawjson"; fi
    case "$tool" in
    docker)
        (cd "$dir" && DOCKER_BUILDKIT=1 docker build --progress=plain --network=host \
            -t "$tag" "${flags[@]}" .) >"$file" 2>&1 || rc=$?
        ;;
    buildctl)
        (cd "$dir" && buildctl --addr "$BUILDKITD_ADDR" build --frontend dockerfile.v0 \
            --local context=. --local dockerfile=. \
            --output "type=image,name=docker.io/$tag" \
            --progress="$progress" "${flags[@]}") >"$file" 2>&1 || rc=$?
        ;;
    buildx)
        (cd "$dir" && docker buildx build --progress="$progress" "${output[@]}" \
            -t "$tag" "${flags[@]}" .) >"$file" 2>&1 || rc=$?
        ;;
    esac
    if { [ "$want" = 0 ] && [ "$rc" -ne 0 ]; } || { [ "$want" = fail ] && [ "$rc" -eq 0 ]; }; then
        echo "record-varied.sh: $name: $tool exited $rc, wanted $want; last lines of $file:" >&2
        tail -n 20 "$file" >&2
        exit 1
    fi
    echo "recorded $(basename "$file") (exit $rc, $(wc -l <"$file") lines)"
}

# reset TOOL: an empty build cache for TOOL (cache mounts included), and no
# image of ours in the engine.
reset() {
    case "$1" in
    docker)
        docker builder prune -af >/dev/null
        docker image ls -q --filter 'reference=varied/*' | sort -u | xargs -r docker image rm -f >/dev/null
        ;;
    buildctl) buildctl --addr "$BUILDKITD_ADDR" prune --all >/dev/null ;;
    buildx) docker buildx prune --builder "$BUILDX_BUILDER" -af >/dev/null ;;
    esac
}

# fresh TOOL PROGRESS PROJECT: a new copy of fixtures/projects/PROJECT; prints it.
fresh() {
    local dir="$work/$1-$2/$3"
    rm -rf "$dir"
    mkdir -p "$(dirname "$dir")"
    cp -a "$projects/$3" "$dir"
    echo "$dir"
}

# wanted PROJECT: PROJECT is to be recorded (CACHELAB_RECORD_PROJECTS, default all).
wanted() {
    [ -z "${CACHELAB_RECORD_PROJECTS:-}" ] || [[ " $CACHELAB_RECORD_PROJECTS " == *" $1 "* ]]
}

# sequences TOOL PROGRESS: every project's sequence (see the top of this file).
sequences() {
    local tool=$1 progress=$2 label d
    case "$tool" in
    docker) label="docker-$docker_version" ;;
    buildctl) label="buildctl-$BUILDKIT_VERSION" ;;
    buildx) label="buildx-$BUILDX_VERSION" ;;
    esac

    if wanted single-stage; then
        reset "$tool"
        d=$(fresh "$tool" "$progress" single-stage)
        build "$tool" "$progress" "$d" "$label-single-stage-01-cold" 0
        echo 'echo "app.sh: edited before the rebuild"' >>"$d/app.sh"
        build "$tool" "$progress" "$d" "$label-single-stage-02-rebuild-after-edit" 0
    fi

    if wanted unnamed-stages; then
        reset "$tool"
        d=$(fresh "$tool" "$progress" unnamed-stages)
        build "$tool" "$progress" "$d" "$label-unnamed-stages-01-cold" 0
        build "$tool" "$progress" "$d" "$label-unnamed-stages-02-build-arg-busybox" 0 arg=BASE=busybox
    fi

    if wanted mounts; then
        reset "$tool"
        d=$(fresh "$tool" "$progress" mounts)
        build "$tool" "$progress" "$d" "$label-mounts-01-cold" 0
        echo 2 >"$d/src/version.txt"
        build "$tool" "$progress" "$d" "$label-mounts-02-rebuild-after-edit" 0
    fi

    if wanted pipeline; then
        reset "$tool"
        d=$(fresh "$tool" "$progress" pipeline)
        build "$tool" "$progress" "$d" "$label-pipeline-01-target-deps" 0 target=deps
        build "$tool" "$progress" "$d" "$label-pipeline-02-full" 0
        reset "$tool"
        build "$tool" "$progress" "$d" "$label-pipeline-03-failed-test" fail arg=FAIL_TESTS=1
    fi

    if [ "$tool" != docker ] && wanted heredoc; then
        reset "$tool"
        d=$(fresh "$tool" "$progress" heredoc)
        build "$tool" "$progress" "$d" "$label-heredoc-01-cold" 0
    fi

    if [ "$tool" != docker ] && wanted platforms; then
        reset "$tool"
        d=$(fresh "$tool" "$progress" platforms)
        build "$tool" "$progress" "$d" "$label-platforms-01-two-platforms" 0 \
            platform=linux/amd64,linux/arm64
    fi

    if wanted onbuild; then
        reset "$tool"
        d=$(fresh "$tool" "$progress" onbuild)
        build "$tool" "$progress" "$d" "$label-onbuild-01-cold" 0
        echo "app.txt: edited before the rebuild" >>"$d/app.txt"
        build "$tool" "$progress" "$d" "$label-onbuild-02-rebuild-after-edit" 0
    fi
}

# Old recordings of these tools go first, so that a renamed run leaves none behind (all
# of them only when every project is recorded again).
if [ -z "${CACHELAB_RECORD_PROJECTS:-}" ]; then
    rm -f "$out"/docker-*.log "$out"/buildctl-*.log "$out"/buildctl-*.rawjson \
        "$out"/buildx-*.log "$out"/buildx-*.rawjson
fi

sequences docker plain
for progress in plain rawjson; do
    sequences buildctl "$progress"
    sequences buildx "$progress"
done

echo "---- versions (for the README) ----"
date -u +%FT%TZ
docker version --format 'engine {{.Server.Version}} (API {{.Server.APIVersion}}), client {{.Client.Version}}'
docker buildx version
buildctl --version
buildctl --addr "$BUILDKITD_ADDR" debug info 2>/dev/null || true
docker buildx inspect "$BUILDX_BUILDER" | grep -E '^(Name|Driver|BuildKit version):' || true
cat "$state/info"

docker rm -f "$BUILDKITD_NAME" >/dev/null
