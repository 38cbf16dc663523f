#!/usr/bin/env bash
# record-history.sh [OUT_DIR] — record a buildx builder's build history for the
# builder-history tests (fixtures/history/, README there): the #1515 project
# built with build-with-buildx.sh (cold, then after the #1515 edit of
# assets/js/file1.js, with a build argument), and a build whose RUN fails, all
# on the private engine's docker-container builder `cachelab`. Then, as buildx
# prints them:
#   ls.json                        docker buildx history ls --format json --no-trunc
#   NAME.inspect.json              docker buildx history inspect --format json REF
#   NAME.rawjson                   docker buildx history logs --progress rawjson REF
#   NAME.dockerbuild               docker buildx history export --finalize REF (with
#                                  the trace BuildKit writes once a record is finalized)
#   two-builds.dockerbuild         docker buildx history export --finalize REF1 REF2
# with NAME one of buildx-cold, buildx-rebuild, failing. The versions are
# printed at the end (for the README). Needs root; exits 77 when the engine or
# the tools cannot run here.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=tests/engine/lib.sh
source "$here/lib.sh"

out=${1:-$root/fixtures/history}
mkdir -p "$out"
out=$(cd "$out" && pwd)

"$here/buildkit-tools.sh" build >/dev/null || {
    echo "record-history.sh: BuildKit tools cannot be built here" >&2
    exit 77
}
engine_session # sets $work and $state; down.sh runs on any exit
engine_up "$state" --buildkit

project="$work/moby-cache"
cp -a "$root/fixtures/moby-cache" "$project"
export DOCKER_REPO="$CACHELAB_REGISTRY/history"
CACHELAB_BUILD_FLAGS="--network=host --build-arg RELEASE=1" "$project/build-with-buildx.sh" >"$work/cold.log" 2>&1
scenario_edit "$project"
CACHELAB_BUILD_FLAGS="--network=host --build-arg RELEASE=2" "$project/build-with-buildx.sh" >"$work/rebuild.log" 2>&1
mkdir -p "$work/failing"
printf 'FROM alpine\nRUN echo about to fail && false\n' >"$work/failing/Dockerfile"
docker buildx build --network=host --progress=plain "$work/failing" >"$work/failing.log" 2>&1 && {
    echo "record-history.sh: the failing build succeeded" >&2
    exit 1
}

docker buildx history ls --format json --no-trunc >"$out/ls.json"
# ls lists newest first.
mapfile -t refs < <(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    if line.strip():
        print(json.loads(line)["ref"].split("/")[-1])' "$out/ls.json")
[ "${#refs[@]}" -eq 3 ] || { echo "record-history.sh: ${#refs[@]} records, expected 3" >&2; exit 1; }
names=(failing buildx-rebuild buildx-cold)
for i in 0 1 2; do
    docker buildx history inspect --format json "${refs[$i]}" >"$out/${names[$i]}.inspect.json"
    docker buildx history logs --progress rawjson "${refs[$i]}" 2>"$out/${names[$i]}.rawjson"
    docker buildx history export --finalize "${refs[$i]}" -o "$out/${names[$i]}.dockerbuild"
done
docker buildx history export --finalize "${refs[2]}" "${refs[1]}" -o "$out/two-builds.dockerbuild"
for name in "${names[@]}"; do
    echo "recorded $name: $(wc -l <"$out/$name.rawjson") rawjson lines, $(stat -c %s "$out/$name.dockerbuild") bytes exported"
done

echo "---- versions (for the README) ----"
date -u +%FT%TZ
docker version --format 'engine {{.Server.Version}} (API {{.Server.APIVersion}}), client {{.Client.Version}}'
docker buildx version
docker buildx inspect "$BUILDX_BUILDER" | grep -E '^(Name|Driver|BuildKit version):' || true
