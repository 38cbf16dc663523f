#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-interrupt-export.sh CACHELAB SOURCE_DIR: every verb that writes a file (render to
# PNG and SVG, report's --dag-png, bundle create) interrupted with SIGINT, as Ctrl+C
# does, at moments spread over its work. After every interrupt the output is whole or
# absent — the last whole version stays when a later write is interrupted — and nothing
# else is left in the folder (outputs go through QSaveFile: ui/dag/StageDagScene.cpp,
# ui/ReportCommand.cpp, core/bundle/BundleArchive.cpp).
# No `set -e`: every check runs and reports, the summary decides.
set -uo pipefail
exe=$1 src=$2
# shellcheck source=tests/cli/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
work=$(mktemp -d /tmp/cachelab-interrupt.XXXXXX)
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME="$work/cache" XDG_CONFIG_HOME="$work/config" HOME="$work/home"
mkdir -p "$HOME"
rec="$src/fixtures/recordings"

# Stage graphs big enough to take a while to lay out and paint: chains of stages, each
# FROM the one before (made here, not recordings): 400 for a PNG (a taller one is refused
# as too large for a raster), 3,000 for an SVG.
chain() { # N FILE
    python3 - "$1" "$2" <<'PY'
import sys
n = int(sys.argv[1])
with open(sys.argv[2], "w") as f:
    f.write("FROM alpine:3.20 AS s0\nRUN echo 0 > /0\n")
    for i in range(1, n):
        f.write("FROM s%d AS s%d\nRUN echo %d > /%d\n" % (i - 1, i, i, i))
PY
}
chain 400 "$work/png.Dockerfile"
chain 3000 "$work/svg.Dockerfile"
# A 30 MB log for the bundle: the cold recording with one step's output repeated
# (derived from fixtures/recordings/buildctl-v0.34.2-01-cold.log).
python3 - "$rec/buildctl-v0.34.2-01-cold.log" "$work/big.log" <<'PY'
import sys
lines = open(sys.argv[1]).read().split("\n")
at = next(i for i, l in enumerate(lines) if l.startswith("#10 ") and "DONE" not in l and "[" in l)
lines[at + 1:at + 1] = ["#10 0.%03d compiling unit %d of the repeated step, %s" % (i % 1000, i, "x" * (i % 40)) for i in range(500000)]
open(sys.argv[2], "w").write("\n".join(lines))
PY

# whole KIND FILE: the output is complete.
whole() {
    case $1 in
    png) python3 - "$2" <<'PY' ;;
import sys
data = open(sys.argv[1], "rb").read()
assert data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82"), len(data)
PY
    svg) python3 -c 'import sys, xml.etree.ElementTree as ET; ET.parse(sys.argv[1])' "$2" ;;
    bundle) tar tzf "$2" >/dev/null 2>&1 && headless "$exe" bundle info "$2" >/dev/null 2>&1 ;;
    esac
}

# interrupt NAME KIND OUT ARGS...: one whole run (how long it takes, and the output is
# whole), then SIGINT at 10 moments over that time.
interrupt() {
    local name=$1 kind=$2 out=$3
    shift 3
    local dir start full_ms rc
    dir=$(dirname "$out")
    rm -rf "$dir" && mkdir -p "$dir"
    start=$(date +%s%N)
    headless "$exe" "$@" >/dev/null 2>"$work/err"; rc=$?
    full_ms=$(( ($(date +%s%N) - start) / 1000000 ))
    check "$name: a whole run exits 0 in $full_ms ms (got $rc: $(head -c 300 "$work/err"))" $rc
    whole "$kind" "$out"; check "$name: its output is whole" $?
    local interrupted=0 broken=0 stray=0 i delay_ms pid
    for i in $(seq 1 10); do
        delay_ms=$(( (full_ms * i) / 11 ))
        # exec: $! is cachelab itself (env execs it), not a subshell around it.
        (exec env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$exe" "$@" >/dev/null 2>&1) &
        pid=$!
        sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
        kill -INT "$pid" 2>/dev/null && interrupted=$((interrupted + 1))
        wait "$pid" 2>/dev/null
        if [ -e "$out" ] && ! whole "$kind" "$out"; then
            broken=$((broken + 1))
            echo "info: $name: a cut output after an interrupt at $delay_ms ms ($(stat -c %s "$out") bytes)"
        fi
        # Only the output itself: no temporary file beside it.
        if [ "$(find "$dir" -mindepth 1 | wc -l)" -gt 1 ]; then
            stray=$((stray + 1))
            echo "info: $name: left beside the output: $(find "$dir" -mindepth 1 ! -path "$out" | head -3 | tr '\n' ' ')"
        fi
    done
    [ "$broken" = 0 ]; check "$name: after $interrupted interrupts the output is whole every time" $?
    [ "$stray" = 0 ]; check "$name: nothing left beside it" $?
    [ "$interrupted" -ge 5 ]; check "$name: at least 5 of 10 interrupts hit a running process ($interrupted)" $?
}

interrupt "render to PNG" png "$work/png/dag.png" render --dockerfile "$work/png.Dockerfile" --out "$work/png/dag.png"
interrupt "render to SVG" svg "$work/svg/dag.svg" render --dockerfile "$work/svg.Dockerfile" --out "$work/svg/dag.svg"
interrupt "report --dag-png" png "$work/report/dag.png" report --dockerfile "$work/png.Dockerfile" --no-tools \
    --before "$rec/buildctl-v0.34.2-01-cold.log" --after "$rec/buildctl-v0.34.2-02-rebuild-after-edit.log" \
    --dag-png "$work/report/dag.png"
interrupt "bundle create" bundle "$work/bundle/b.cachelab" bundle create --out "$work/bundle/b.cachelab" \
    --dockerfile "$src/fixtures/moby-cache/Dockerfile" --log "$rec/buildctl-v0.34.2-01-cold.log" --log "$work/big.log"

summary interrupt-export
