#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `cachelab render` with no display: the stage graph of the #1515 Dockerfile to PNG and
# SVG, coloured by real recordings; bad input refused with one clear line.
set -uo pipefail
exe=$1 source_dir=$2
rec="$source_dir/fixtures/recordings"
# shellcheck source=tests/cli/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
df="$source_dir/fixtures/moby-cache/Dockerfile"

headless "$exe" render --dockerfile "$df" --log "$rec/buildx-v0.38.2-06-rebuild-pruned.log" --out "$work/dag.png" >/dev/null 2>&1
check "render to PNG exits 0" $?
head -c 8 "$work/dag.png" | od -An -c | grep -q 'P   N   G'; check "the PNG is a PNG" $?
headless "$exe" render --dockerfile "$df" --log "$rec/docker-20.10-inline-02-rebuild-after-edit.log" \
    --compare "$rec/buildx-v0.38.2-04-rebuild-warm.log" --out "$work/dag.svg" >/dev/null 2>&1
check "render compare to SVG exits 0" $?
python3 -c "import sys,xml.etree.ElementTree as E; r=E.parse(sys.argv[1]).getroot(); assert r.tag.endswith('svg'); t=' '.join(x.text or '' for x in r.iter()); assert 'build-public' in t and 'website-ssr' in t, t[:200]" "$work/dag.svg"
check "the SVG parses and names the stages" $?

# --view: the plots of the Plots tab, from the same recordings.
headless "$exe" render --view timeline --log "$rec/buildctl-v0.34.2-02-rebuild-after-edit.rawjson" --out "$work/timeline.png" >/dev/null 2>&1
check "render --view timeline (no Dockerfile) exits 0" $?
head -c 8 "$work/timeline.png" | od -An -c | grep -q 'P   N   G'; check "the timeline is a PNG" $?
headless "$exe" render --view durations --dockerfile "$df" --log "$rec/buildctl-v0.34.2-02-rebuild-after-edit.log" \
    --compare "$rec/buildx-v0.38.2-04-rebuild-warm.log" --out "$work/durations.svg" >/dev/null 2>&1
check "render --view durations to SVG exits 0" $?
python3 -c "import sys,xml.etree.ElementTree as E; r=E.parse(sys.argv[1]).getroot(); assert r.tag.endswith('svg'); t=' '.join(x.text or '' for x in r.iter()); assert 'build-node-modules 5/6' in t and 'cached' in t, t[:300]" "$work/durations.svg"
check "the durations SVG parses and names the steps" $?
headless "$exe" render --view history --dockerfile "$df" --log "$rec/buildctl-v0.34.2-01-cold.log" \
    --log "$rec/buildctl-v0.34.2-02-rebuild-after-edit.log" --log "$rec/buildx-v0.38.2-04-rebuild-warm.log" \
    --out "$work/history.svg" >/dev/null 2>&1
check "render --view history with three logs exits 0" $?
python3 -c "import sys,xml.etree.ElementTree as E; r=E.parse(sys.argv[1]).getroot(); t=' '.join(x.text or '' for x in r.iter()); assert 'layers' in t and 'buildctl-v0.34.2-01-cold.log' in t, t[:300]" "$work/history.svg"
check "the history SVG names the runs and the layers row" $?
out=$(headless "$exe" render --view durations --dockerfile "$df" --log "$rec/buildctl-v0.34.2-01-cold.log" --out "$work/x.png" 2>&1); rc=$?
[ "$rc" = 2 ] && grep -q "compare" <<<"$out"; check "durations without --compare is a usage error ($rc)" $?
out=$(headless "$exe" render --view pie --dockerfile "$df" --out "$work/x.png" 2>&1); rc=$?
[ "$rc" = 2 ] && grep -q "pie" <<<"$out"; check "an unknown --view is a usage error ($rc)" $?
headless "$exe" render --help | grep -q "history"; check "--help documents --view history" $?

out=$(headless "$exe" render --dockerfile "$work/missing" --out "$work/x.png" 2>&1); rc=$?
[ "$rc" = 1 ] && grep -q "missing" <<<"$out"; check "a missing Dockerfile: exit 1, named ($rc)" $?
out=$(headless "$exe" render --dockerfile "$df" --log "$work/nope.log" --out "$work/x.png" 2>&1); rc=$?
[ "$rc" = 1 ] && grep -q "nope.log" <<<"$out"; check "a missing log: exit 1, named ($rc)" $?
out=$(headless "$exe" render --dockerfile "$df" 2>&1); rc=$?
[ "$rc" = 2 ]; check "no --out is a usage error ($rc)" $?

summary render
