#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-xray.sh CACHELAB: the cache-key X-ray end to end. The lab comes up (the sealed
# private engine); fixtures/projects/xray's build-with-buildx.sh runs through `cachelab
# run` on the lab's builder, once cold and then after each change below, and `cachelab
# why` names the change from the cache debug data kept with each run:
#   a file's mode (chmod 666 app.conf), a build argument (VERSION=2), an edited RUN, a
#   .dockerignore change, the base image re-pushed to the lab registry as another
#   image (a new digest behind `alpine`), and a cache mount added to a RUN.
# Everything under a temporary HOME, DOCKER_CONFIG and data folder; `lab down` at the end.
set -uo pipefail
exe=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=tests/engine/lib.sh
source "$here/lib.sh"
# shellcheck source=tests/cli/lib.sh
source "$here/../cli/lib.sh"
command -v docker >/dev/null || engine_skip_or_fail "no docker CLI"
engine_require_buildkit_tools
lab_session "$exe"
unset VERSION
! docker buildx version >/dev/null 2>&1 || engine_skip_or_fail "docker buildx is installed system-wide: nothing for the lab to install"

"$exe" lab up >"$work/up" 2>&1; rc=$?
check "lab up exits 0 (got $rc)" $rc
[ $rc = 0 ] || { tail -n 20 "$work/up"; summary test-xray.sh; exit 1; }
p="$work/xray"
cp -a "$root/fixtures/projects/xray" "$p"
chmod 644 "$p/app.conf" "$p"/src/*.txt

# build NAME: the project's script through `cachelab run` (its output kept in NAME.log).
build() {
    "$exe" run --project "$p" build-with-buildx.sh >"$work/$1.out" 2>"$work/$1.log"
}
# why STEP KIND SUBJECT-OR-TEXT: `cachelab why` of the newest run names KIND as the root cause
# of STEP (a label's start), its subject or text containing the last argument.
why() {
    "$exe" why --project "$p" --step "$1" --format json >"$work/why.json" 2>"$work/why.err" || return 1
    python3 - "$work/why.json" "$2" "$3" <<'PY'
import json, sys
steps = json.load(open(sys.argv[1]))["steps"]
assert len(steps) == 1, steps
root = steps[0]["causes"][-1]
assert root["kind"] == sys.argv[2], root
assert sys.argv[3] in (root["subject"] + " " + root["text"]), root
print(root["text"])
PY
}

build 01-cold; check "the cold build runs (exit $?)" $?
chmod 666 "$p/app.conf"
build 02-mode; check "the build after chmod 666 app.conf runs (exit $?)" $?
why '[3/6]' mode 'mode of app.conf 0644 → 0666'; check "why: [3/6] COPY app.conf ran for the mode of app.conf" $?
why '[6/6]' mode 'app.conf'; check "why: [6/6] ran for it too, through its parent steps" $?
VERSION=2 build 03-build-arg; check "the build with VERSION=2 runs (exit $?)" $?
why '[4/6]' environment 'VERSION 1 → 2'; check "why: [4/6] RUN ran for the build argument VERSION 1 → 2" $?
sed -i 's/echo "version \$VERSION"/echo "release $VERSION"/' "$p/Dockerfile"
VERSION=2 build 04-run-edited; check "the build with the RUN edited runs (exit $?)" $?
why '[4/6]' command 'release'; check "why: [4/6] ran because its command text changed" $?
echo 'src/extra.txt' >"$p/.dockerignore"
VERSION=2 build 05-dockerignore; check "the build with a .dockerignore runs (exit $?)" $?
why '[5/6]' file-removed 'src/extra.txt'; check "why: [5/6] COPY src/ ran because .dockerignore left out src/extra.txt" $?
# Another image behind `alpine` in the lab registry (the lab builder's docker.io mirror).
registry=$("$exe" lab status --format json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["registry"]["address"])')
engine_env="$work/d/Cachelab/cachelab/lab/engine/env"
rootfs="$work/moved-rootfs"
engine_busybox_rootfs "$rootfs"
printf 'NAME="Cachelab test base, moved"\nID=cachelab-moved\n' >"$rootfs/etc/os-release"
engine_tar "$rootfs" "$work/moved.tar"
(
    # shellcheck disable=SC1090
    source "$engine_env"
    docker import "$work/moved.tar" cachelab-moved:latest >/dev/null &&
        docker tag cachelab-moved:latest "$registry/library/alpine:latest" &&
        docker push "$registry/library/alpine:latest" >/dev/null
); check "alpine re-pushed to the lab registry ($registry) as another image (exit $?)" $?
VERSION=2 build 06-base-moved; check "the build on the moved base runs (exit $?)" $?
why '[2/6]' base-image 'sha256:'; check "why: [2/6] WORKDIR ran because the base image resolved to another digest" $?
# A cache mount added to the last RUN: its text is the same, its key is not.
sed -i 's|^RUN cat app.conf|RUN --mount=type=cache,target=/cache cat app.conf|' "$p/Dockerfile"
VERSION=2 build 07-cache-mount; check "the build with a cache mount runs (exit $?)" $?
why '[base 6/6]' run-setting 'cache /cache'; check "why: [base 6/6] RUN ran because a cache mount was added (its text unchanged)" $?
# Side by side: the mounts row differs, the command row does not.
"$exe" why --project "$p" --step '[base 6/6]' --inputs >"$work/inputs.txt" 2>&1
grep -q '^  \* mounts: — | bind /, cache /cache' "$work/inputs.txt" && grep -q '^    command: cat app.conf' "$work/inputs.txt"
check "why --inputs: the mounts differ, the command does not" $?
grep -h 'content of\|mode of\|VERSION\|command text\|removed\|base image\|run setting' "$work/why.json" | head -n 3

summary test-xray.sh
