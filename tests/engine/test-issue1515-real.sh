#!/usr/bin/env bash
# End-to-end: the #1515 report reproduced with BuildKit's own tools — buildctl
# in a `moby/buildkit:master` container (fixtures/moby-cache/build.sh) and
# buildx with a docker-container builder (build-with-buildx.sh), both scripts
# unmodified — on a private Docker 20.10 engine and registry (up.sh
# --buildkit). The versions are pinned in tool-versions.env.
#
# The four sequences of lib.sh's issue1515_sequences run on a fresh engine,
# each with a registry repository of its own. Then this pins, from the plain
# logs and from the registry, what these versions did:
#   1. build.sh's cache export (`mod=max`: silently min mode) holds 3 layers,
#      and the rebuild after the edit ran every step but website-ssr's (#1515);
#   2. buildx's `mode=max` export holds 16 layers (12 to 16 distinct blobs:
#      some steps can give byte-identical layers); with the builder's
#      cache kept, the rebuild ran only [build-public 4/8] to 8/8, the rest
#      CACHED;
#   3. with the builder's cache pruned, the rebuild also ran only those, and
#      loaded [build-public 3/8], [build-assets-less 4/4] and
#      [build-node-modules 6/6] from the imported cache (DONE after layer
#      downloads and extractions only: their outputs feed the steps that ran);
#   4. build.sh after buildx, importing the mode=max cache: the same as 3.
# Each cache manifest and its cacheconfig blob are fetched from the registry
# after each run; their layer counts must agree with the log's export. A change
# in BuildKit's behaviour shows up here as a failing check.
#
# Exit status: 0 pass, 77 skip (no engine or no BuildKit tools here; a FAILURE
# when CI=true), anything else fail. Every log, manifest and cacheconfig goes
# to $CACHELAB_ENGINE_LOG_DIR when set. Needs root; calls
# tests/engine/buildkit-tools.sh build (at once when the tools are cached).
# Takes about 45 seconds with the tools built.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/engine/lib.sh
source "$here/lib.sh"

failures=0
pass() { echo "PASS: $*"; }
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# ---- the tools ---------------------------------------------------------------------
engine_require_buildkit_tools

# ---- the engine --------------------------------------------------------------------
engine_session # sets $work and $state; down.sh runs on any exit
engine_up "$state" --buildkit
echo "engine up: $DOCKER_HOST, registry $CACHELAB_REGISTRY, $(tr '\n' ';' <"$state/info")"

out=${CACHELAB_ENGINE_LOG_DIR:-$work/logs}
mkdir -p "$out"
out=$(cd "$out" && pwd)
start=$SECONDS
if ! issue1515_sequences "$out" "$work" plain; then
    echo "FAIL: a build of the #1515 sequences failed (logs in $out)"
    exit 1
fi
pass "the four #1515 sequences ran, 7 builds ($((SECONDS - start)) s); logs in $out"

# ---- checks ------------------------------------------------------------------------
declare -A table log name
for i in 1 2 3 4 5 6 7; do
    name[$i]=$(issue1515_name "$i")
    log[$i]="$out/${name[$i]}.log"
    table[$i]="$work/${name[$i]}.table"
    progress_table "${log[$i]}" >"${table[$i]}"
done

# expect RUN RESULT STEP WHY: step STEP of run RUN ended as RESULT (RAN,
# CACHED, LOADED; see progress_table).
expect() {
    local run=$1 want=$2 step=$3 why=$4 got
    got=$(step_result "${table[$run]}" "$step")
    if [ "$got" = "$want" ]; then
        pass "${name[$run]}: $step $got: $why"
    else
        fail "${name[$run]}: $step is $got, expected $want: $why"
    fi
}
# expect_steps RUN RESULT STAGE FIRST LAST WHY: steps FIRST..LAST of STAGE.
expect_steps() {
    local run=$1 want=$2 stage=$3 first=$4 last=$5 why=$6 n i
    case $stage in
    build-assets-less) n=4 ;;
    build-node-modules) n=6 ;;
    build-public) n=8 ;;
    website-ssr) n=3 ;;
    esac
    for ((i = first; i <= last; i++)); do
        expect "$run" "$want" "[$stage $i/$n]" "$why"
    done
}
# The FROM and WORKDIR vertices are shared by all five stages and printed
# under one of them (its name can change from run to run): [x 1/n] and
# [x 2/n] are not checked.

# The cache import: not found on a cold build, imported on every other.
for i in 1 3 5; do
    got=$(awk -F '\t' 'index($3, "importing cache manifest from ") == 1 { print $2 }' "${table[$i]}")
    if [ "$got" = ERROR ] && grep -q '^#[0-9]* ERROR: .*test:cache: not found$' "${log[$i]}"; then
        pass "${name[$i]}: cold build, the cache import finds nothing"
    else
        fail "${name[$i]}: cache import is '${got:-MISSING}', expected ERROR …: not found"
    fi
done
for i in 2 4 6 7; do
    got=$(awk -F '\t' 'index($3, "importing cache manifest from ") == 1 { print $2 }' "${table[$i]}")
    if [ "$got" = RAN ]; then
        pass "${name[$i]}: the registry cache was imported"
    else
        fail "${name[$i]}: cache import is '${got:-MISSING}', expected DONE"
    fi
done

# Cold builds run every step.
for i in 1 3 5; do
    expect_steps "$i" RAN build-assets-less 3 4 "cold build"
    expect_steps "$i" RAN build-node-modules 3 6 "cold build"
    expect_steps "$i" RAN build-public 3 8 "cold build"
    expect_steps "$i" RAN website-ssr 2 3 "cold build"
done

# 1. build.sh's rebuild: the #1515 symptom. Its export was min mode (the
#    misspelled `mod=max` is ignored): no layers for the intermediate stages.
why="build.sh exported a min-mode cache: no layers for this stage (#1515)"
expect_steps 2 RAN build-assets-less 3 4 "$why"
expect_steps 2 RAN build-node-modules 3 6 "$why"
expect_steps 2 RAN build-public 3 3 "$why"
expect_steps 2 RAN build-public 4 8 "depends on the edited file"
expect_steps 2 CACHED website-ssr 2 3 "same content as before; layers in the min-mode cache"

# 2. buildx's rebuild with the builder's cache kept: only what the edit changes.
why="unchanged, in the builder's local cache"
expect_steps 4 CACHED build-assets-less 3 4 "$why"
expect_steps 4 CACHED build-node-modules 3 6 "$why"
expect_steps 4 CACHED build-public 3 3 "$why"
expect_steps 4 RAN build-public 4 8 "depends on the edited file"
expect_steps 4 CACHED website-ssr 2 3 "same content as before"

# 3. and 4.: the builder's cache pruned (buildx), or never there (build.sh):
#    the same steps ran; the unchanged steps whose outputs feed them were
#    loaded from the imported mode=max cache, the others printed CACHED.
for i in 6 7; do
    expect_steps "$i" RAN build-public 4 8 "depends on the edited file"
    expect_steps "$i" LOADED build-public 3 3 "its output feeds [build-public 4/8]: loaded from the mode=max cache"
    expect_steps "$i" LOADED build-assets-less 4 4 "its output feeds [build-public 6/8]: loaded from the mode=max cache"
    expect_steps "$i" LOADED build-node-modules 6 6 "its output feeds [build-public 7/8]: loaded from the mode=max cache"
    expect_steps "$i" CACHED build-assets-less 3 3 "in the mode=max cache, output not needed"
    expect_steps "$i" CACHED build-node-modules 3 5 "in the mode=max cache, output not needed"
    expect_steps "$i" CACHED website-ssr 2 3 "same content as before, in the mode=max cache"
done

# No step of any build failed or was left unfinished (vertex 0 is buildx's
# `building with … instance` line, which has no end).
for i in 1 2 3 4 5 6 7; do
    bad=$(awk -F '\t' '$1 != "0" && ($2 == "UNFINISHED" || $2 == "CANCELED" || ($2 == "ERROR" && index($3, "importing cache manifest from ") != 1))' "${table[$i]}")
    if [ -z "$bad" ]; then
        pass "${name[$i]}: every vertex finished"
    else
        fail "${name[$i]}: vertices that did not finish: $(tr '\t\n' ' ;' <<<"$bad")"
    fi
done

# ---- the cache exports: the logs and the registry ----------------------------------
# A log names each blob it writes; the manifest and the cacheconfig have one
# entry per layer of each exported chain, and two entries can share one blob.
# In these mode=max exports, a RUN that creates a folder and the later COPY
# --from of that folder into another stage can give byte-identical layers
# (same files, and folder times that fall on the same second): seen for
# [build-node-modules 6/6] and [build-public 7/8], which gives 15 blobs for 16
# layers as in the report's excerpt, and for two such pairs at once (14). There
# are four such pairs ([build-assets-less 4/4] and [build-public 6/8],
# [build-node-modules 5/6] and 8/8, 6/6 and 7/8, [build-public 5/8] and
# [website-ssr 2/3]): 12 to 16 blobs, depending on timing.
# field FILE KEY: the value of `KEY value` in a registry-cache.py summary.
field() { awk -v k="$2" '$1 == k { print $2; exit }' "$1"; }
declare -A entries blobs
for i in 1 2 3 4 5 6 7; do
    summary="$out/${name[$i]}.registry.txt"
    cache_export_layers "${log[$i]}" >"$work/$i.log-layers"
    awk '$1 == "layer" { print $2 }' "$summary" | sort -u >"$work/$i.reg-layers"
    n_log=$(wc -l <"$work/$i.log-layers")
    n_reg=$(field "$summary" layers)
    n_cfg=$(field "$summary" cacheconfig-layers)
    entries[$i]=${n_reg:-0}
    blobs[$i]=$n_log
    if [ "$n_log" -gt 0 ] && [ "$n_reg" = "$n_cfg" ] && cmp -s "$work/$i.log-layers" "$work/$i.reg-layers"; then
        pass "${name[$i]}: the log's cache export wrote $n_log blobs, the same blobs the registry's manifest ($(field "$summary" form), $(field "$summary" media-type)) names in $n_reg layers; its cacheconfig lists $n_cfg"
    else
        fail "${name[$i]}: cache export disagrees: log $n_log blobs, manifest ${n_reg:-?} layers ($(wc -l <"$work/$i.reg-layers") blobs), cacheconfig ${n_cfg:-?} layers"
    fi
done
if [ "$(progress_table "${log[1]}" | awk -F '\t' '$3 == "exporting cache to registry" { print "y" }')" = y ]; then
    pass "BuildKit $BUILDKIT_VERSION names the cache export vertex 'exporting cache to registry'"
else
    fail "no 'exporting cache to registry' vertex in ${name[1]}: BuildKit renamed it?"
fi

# expect_layers RUN LAYERS MIN_BLOBS WHY: the export of run RUN has LAYERS
# layers and at least MIN_BLOBS (at most LAYERS) distinct blobs.
expect_layers() {
    local i=$1 want=$2 min=$3 why=$4
    if [ "${entries[$i]}" -eq "$want" ] && [ "${blobs[$i]}" -ge "$min" ] && [ "${blobs[$i]}" -le "$want" ]; then
        pass "${name[$i]}: ${entries[$i]} layers exported (${blobs[$i]} blobs): $why"
    else
        fail "${name[$i]}: ${entries[$i]} layers exported (${blobs[$i]} blobs), expected $want ($min to $want blobs): $why"
    fi
}
# build.sh: min mode (the misspelled `mod=max` is ignored): the final image's 3
# layers (base, [website-ssr 2/3], [website-ssr 3/3]).
expect_layers 1 3 3 "min mode, the final image's layers"
expect_layers 2 3 3 "min mode, the final image's layers"
# buildx: mode=max, one layer per step that makes one: base, WORKDIR,
# build-assets-less 3-4, build-node-modules 3-6, build-public 3-8, website-ssr
# 2-3.
for i in 3 4 5 6; do
    expect_layers "$i" 16 12 "mode=max, every step's layer"
done
if [ "${entries[1]}" -lt "${entries[3]}" ]; then
    pass "build.sh exported fewer layers (${entries[1]}) than buildx (${entries[3]})"
else
    fail "build.sh exported ${entries[1]} layers, buildx ${entries[3]}: expected fewer"
fi
# 4. build.sh after buildx: still min mode, but the export of a build that
#    loaded results from the imported cache also holds the layer chains of
#    those results (base, WORKDIR, [build-public 3/8], [build-assets-less 3/4,
#    4/4], [build-node-modules 3/6 to 6/6]) besides the final image's own two.
expect_layers 7 11 11 "min mode, plus the chains of the results loaded from buildx's cache"

if [ "$failures" -eq 0 ]; then
    echo "PASS: test-issue1515-real ($SECONDS s in all)"
    exit 0
fi
echo "FAIL: test-issue1515-real: $failures check(s) failed"
exit 1
