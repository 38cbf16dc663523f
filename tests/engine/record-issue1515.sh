#!/usr/bin/env bash
# record-issue1515.sh [OUT_DIR] — record the #1515 report's four sequences with
# BuildKit's own tools (buildctl in moby/buildkit:master, buildx with a
# docker-container builder; versions in tool-versions.env), for the parser's
# golden tests and the demo mode. Writes into OUT_DIR (default
# fixtures/recordings/), for each of the seven runs of lib.sh's
# issue1515_sequences (names from issue1515_names, e.g.
# buildctl-v0.34.2-01-cold, buildx-v0.38.2-04-rebuild-warm):
#   NAME.log                    --progress=plain, stdout and stderr of the script
#   NAME.manifest.json          the registry's REPO/test:cache after that run
#   NAME.cacheconfig.json       and its cacheconfig blob
#   NAME.rawjson                the same run in a second pass of all four
#                               sequences with --progress=rawjson appended to
#                               the command line (it overrides the scripts'
#                               --progress=plain), other repositories
#   NAME.rawjson.manifest.json, NAME.rawjson.cacheconfig.json
# The tools' and engine's versions are printed at the end (for the README).
# Needs root; exits 77 when the engine or the tools cannot run here.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=tests/engine/lib.sh
source "$here/lib.sh"

out=${1:-$root/fixtures/recordings}
mkdir -p "$out"
out=$(cd "$out" && pwd)

"$here/buildkit-tools.sh" build >/dev/null || {
    echo "record-issue1515.sh: BuildKit tools cannot be built here" >&2
    exit 77
}
engine_session # sets $work and $state; down.sh runs on any exit
engine_up "$state" --buildkit

for progress in plain rawjson; do
    issue1515_sequences "$out" "$work" "$progress"
done
rm -f "$out"/*.registry.txt
issue1515_names | while IFS=$'\t' read -r name what; do
    echo "recorded $name ($what): $(wc -l <"$out/$name.log") plain lines, $(wc -l <"$out/$name.rawjson") rawjson lines"
done

echo "---- versions (for the README) ----"
date -u +%FT%TZ
docker version --format 'engine {{.Server.Version}} (API {{.Server.APIVersion}}), client {{.Client.Version}}'
docker buildx version
docker run --rm --network=host --entrypoint buildkitd moby/buildkit:master --version
docker run --rm --network=host --entrypoint buildctl moby/buildkit:master --version
docker run --rm --network=host --entrypoint runc moby/buildkit:master --version | head -n 1
docker buildx inspect "$BUILDX_BUILDER" | grep -E '^(Name|Driver|Driver Options|BuildKit version|BuildKit daemon flags):' || true
cat "$state/info"
