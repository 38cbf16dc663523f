#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-bad-input.sh CACHELAB SOURCE_DIR: the verbs given what a hostile or careless user
# gives them (issue "Step 5 of 5"): each gets one clear line naming what is wrong and a
# non-zero exit, or, where the input is a real log after all, its answer.
# No `set -e`: every check runs and reports, the summary decides.
set -uo pipefail
exe=$1 src=$2
# shellcheck source=tests/cli/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
work=$(mktemp -d /tmp/cachelab-bad.XXXXXX)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"
mkdir -p "$HOME"
rec="$src/fixtures/recordings"

# ---- the commands ---------------------------------------------------------------------
out=$(headless "$exe" --help 2>&1)
for verb in analyze replay explain why lint cache render report run runs bundle history lab doctor; do
    grep -qE "^  $verb +[A-Z]" <<<"$out"; check "--help lists the command $verb" $?
done
out=$(headless "$exe" frobnicate 2>&1); rc=$?
[ "$rc" = 2 ]; check "an unknown command exits 2 (got $rc)" $?
grep -qx "cachelab: unknown command 'frobnicate' (cachelab --help lists the commands)" <<<"${out%%$'\n'*}"
check "an unknown command is named as one: ${out%%$'\n'*}" $?
out=$(headless "$exe" "$src/fixtures/moby-cache" 2>&1); rc=$?
grep -q "did you mean --project" <<<"$out"; check "a bare folder suggests --project" $?

# ---- option values are named ----------------------------------------------------------
out=$(headless "$exe" replay --speed abc "$rec/buildctl-v0.34.2-01-cold.log" 2>&1); rc=$?
[ "$rc" = 2 ] && [ "$out" = "cachelab replay: --speed 'abc' is not a number of at least 0" ]
check "--speed abc is named (exit $rc: $out)" $?
out=$(headless "$exe" analyze --format yaml "$rec/buildctl-v0.34.2-01-cold.log" 2>&1); rc=$?
[ "$rc" = 2 ] && [ "$out" = "cachelab analyze: unknown --format 'yaml' (use text or json)" ]
check "--format yaml is named (exit $rc: $out)" $?
out=$(headless "$exe" cache inspect --timeout -1 127.0.0.1:1/x:y 2>&1); rc=$?
[ "$rc" = 2 ] && [ "$out" = "cachelab cache inspect: --timeout '-1' is not a number above 0" ]
check "--timeout -1 is named (exit $rc: $out)" $?
out=$(headless "$exe" doctor --timeout nan 2>&1); rc=$?
[ "$rc" = 2 ] && grep -q "^cachelab doctor: --timeout 'nan' is not a number" <<<"$out"
check "doctor --timeout nan is named (exit $rc: $out)" $?
long=$(printf 'y%.0s' $(seq 1 5000))
out=$(headless "$exe" analyze --format "$long" "$rec/buildctl-v0.34.2-01-cold.log" 2>&1)
[ "${#out}" -lt 400 ] && grep -q "(5000 characters)" <<<"$out"
check "a 5000-character value is quoted in at most ~200 characters (${#out} in all)" $?

# ---- replay reads what analyze reads --------------------------------------------------
head -c 4096 /dev/urandom >"$work/random.bin"
: >"$work/empty.log"
printf 'Hello,\nthis is a letter, not a build log.\n' >"$work/prose.txt"
for f in random.bin empty.log prose.txt; do
    out=$(headless "$exe" replay --speed 0 "$work/$f" 2>&1); rc=$?
    [ "$rc" = 1 ] && [ "$(wc -l <<<"$out")" = 1 ] && grep -q "^cachelab replay: $work/$f: " <<<"$out"
    check "replay of $f: one line, exit 1 (exit $rc: ${out:0:120})" $?
done
out=$(headless "$exe" replay --speed 0 "$rec/buildctl-v0.34.2-01-cold.log" 2>/dev/null)
cmp -s <(printf '%s\n' "$out") "$rec/buildctl-v0.34.2-01-cold.log"; check "replay --speed 0 prints a log as it is" $?

# rawjson is paced by its recorded times (the span of the build over --speed).
log="$rec/buildctl-v0.34.2-01-cold.rawjson"
span=$(python3 - "$log" <<'PY'
import json, sys, datetime
times = []
for line in open(sys.argv[1]):
    try:
        status = json.loads(line)
    except ValueError:
        continue
    for key in ("vertexes", "statuses", "logs"):
        for item in status.get(key) or []:
            for field in ("started", "completed", "timestamp"):
                value = item.get(field)
                if value and not value.startswith("0001"):
                    value = value.rstrip("Z")
                    head, _, frac = value.partition(".")
                    t = datetime.datetime.fromisoformat(head).timestamp() + float("0." + (frac or "0"))
                    times.append(t)
print(max(times) - min(times))
PY
)
speed=$(python3 -c "print(max(1.0, $span / 2.0))") # about two seconds of replay
start=$(date +%s.%N)
headless "$exe" replay --speed "$speed" --max-pause 30 "$log" >/dev/null 2>&1; rc=$?
elapsed=$(python3 -c "print($(date +%s.%N) - $start)")
python3 -c "import sys; e, s, v = $elapsed, $span, $speed; sys.exit(0 if 0.7 * s / v <= e <= s / v + 3 else 1)"
check "rawjson replay follows the recorded times ($span s at ${speed}x: ${elapsed} s, exit $rc)" $?

# ---- a NUL in one output line is a log, not binary ------------------------------------
{
    head -n 20 "$rec/buildctl-v0.34.2-01-cold.log"
    printf '#99 0.123 a\0b\n'
    tail -n +21 "$rec/buildctl-v0.34.2-01-cold.log"
} >"$work/nul.log"
out=$(headless "$exe" analyze --format json "$work/nul.log" 2>&1); rc=$?
[ "$rc" = 0 ] && grep -q '"vertices"\|"steps"' <<<"$out"
check "a NUL byte in one line: still analysed (exit $rc)" $?

# ---- files that are not what they claim ----------------------------------------------
out=$(timeout 20 "$exe" analyze --dockerfile /dev/zero "$rec/buildctl-v0.34.2-01-cold.log" 2>&1); rc=$?
[ "$rc" != 0 ] && [ "$rc" != 124 ] && [ "$rc" -lt 128 ] && grep -q "/dev/zero.*limit" <<<"$out"
check "--dockerfile /dev/zero: refused by the size cap (exit $rc: ${out:0:160})" $?
mkfifo "$work/fifo"
( head -c 20000000 /dev/zero | tr '\0' 'x' >"$work/fifo" ) 2>/dev/null &
out=$(timeout 20 "$exe" lint "$work/fifo" 2>&1); rc=$?
[ "$rc" != 0 ] && [ "$rc" != 124 ] && [ "$rc" -lt 128 ] && grep -q "fifo.*limit" <<<"$out"
check "lint of a FIFO pouring 20 MB: refused by the size cap (exit $rc: ${out:0:160})" $?
wait
out=$(headless "$exe" explain --dockerfile "$src/fixtures/moby-cache/Dockerfile" \
    --before "$rec/buildctl-v0.34.2-01-cold.log" --after "$rec/buildctl-v0.34.2-02-rebuild-after-edit.log" \
    --script "$work/random.bin" 2>&1); rc=$?
[ "$rc" != 0 ] && grep -q "random.bin: a binary file, not a build script" <<<"$out"
check "explain --script of random bytes is refused as lint refuses it (exit $rc: ${out:0:160})" $?

# ---- explain's and analyze's paths and logs --------------------------------------------
df="$src/fixtures/moby-cache/Dockerfile"
a="$rec/buildctl-v0.34.2-01-cold.log" b="$rec/buildctl-v0.34.2-02-rebuild-after-edit.log"
for changed in /etc/passwd ../../x; do
    out=$(headless "$exe" explain --dockerfile "$df" --before "$a" --after "$b" --changed "$changed" 2>&1); rc=$?
    [ "$rc" = 2 ] && grep -q "^cachelab explain: --changed '$changed' is outside the build context" <<<"$out"
    check "explain --changed $changed: outside the context (exit $rc: ${out:0:140})" $?
done
out=$(headless "$exe" explain --dockerfile "$df" --before "$a" --after "$b" --changed "$src/fixtures/moby-cache/assets/js/file1.js" 2>&1); rc=$?
[ "$rc" = 0 ]; check "explain --changed with an absolute path inside the context is taken (exit $rc)" $?
out=$(headless "$exe" explain --dockerfile "$df" --before "$a" --after "$b" --context "$work/nowhere" 2>&1); rc=$?
[ "$rc" = 2 ] && grep -q "^cachelab explain: --context '$work/nowhere' is not a folder" <<<"$out"
check "explain --context that does not exist (exit $rc: ${out:0:140})" $?
out=$(headless "$exe" explain --dockerfile "$df" --before "$a" --after "$a" 2>&1); rc=$?
[ "$rc" = 2 ] && grep -q "same log" <<<"$out"
check "explain --before equal to --after (exit $rc: ${out:0:140})" $?
other="$src/fixtures/cache-debug/bench-200/edit.plain.log"
out=$(headless "$exe" explain --dockerfile "$df" --before "$a" --after "$other" 2>&1 >/dev/null)
grep -qE "^cachelab explain: warning: [0-9]+ of [0-9]+ steps of edit.plain.log match no step of Dockerfile" <<<"$out"
check "explain of another project's log warns: ${out:0:140}" $?
out=$(headless "$exe" analyze --dockerfile "$df" "$other" 2>&1 >/dev/null)
grep -qE "^cachelab analyze: warning: 19[0-9] of 202 steps of edit.plain.log match no step of Dockerfile" <<<"$out"
check "analyze --dockerfile of another project's log warns: ${out:0:140}" $?
out=$(headless "$exe" analyze --dockerfile "$df" "$b" 2>&1 >/dev/null)
[ -z "$out" ]; check "analyze --dockerfile of its own log: no warning (${out:0:100})" $?

# --build-arg NAME takes the value from the environment, as docker build does.
printf 'ARG BASE=alpine\nFROM ${BASE} AS one\nRUN true\nFROM busybox AS two\nCOPY --from=one / /\n' >"$work/Dockerfile.args"
BASE=busybox headless "$exe" analyze --dockerfile "$work/Dockerfile.args" --build-arg BASE --format json "$b" >"$work/args.json" 2>/dev/null
python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))["dockerfile"]; sys.exit(0 if d["globalArgs"][0]["value"] == "busybox" and d["stages"][0]["base"]["ref"] == "busybox" else 1)' "$work/args.json"
check "--build-arg BASE takes BASE from the environment" $?
out=$(headless "$exe" analyze --dockerfile "$work/Dockerfile.args" --build-arg =x "$b" 2>&1); rc=$?
[ "$rc" = 2 ] && grep -q "wants NAME=value or NAME, got '=x'" <<<"$out"
check "--build-arg =x is refused (exit $rc: ${out:0:100})" $?

# ---- large pictures: bounded, in seconds, written whole or not at all --------------------
python3 - "$rec/buildctl-v0.34.2-01-cold.log" "$work/huge-name.log" <<'PY'
import sys
lines = open(sys.argv[1]).read().split("\n")
lines[12:12] = ["#99 [stage 1/1] RUN " + "x" * (50 * 1024 * 1024), "#99 DONE 0.1s"]
open(sys.argv[2], "w").write("\n".join(lines))
PY
start=$SECONDS
out=$(timeout 60 "$exe" render --view timeline --log "$work/huge-name.log" --out "$work/timeline.png" 2>&1); rc=$?
[ "$rc" = 0 ] && [ $((SECONDS - start)) -lt 30 ] && [ "$(head -c 4 "$work/timeline.png" | od -An -c | tr -d ' ')" = "211PNG" ]
check "a timeline of a log with a 50 MB step name: a PNG in $((SECONDS - start)) s (exit $rc: ${out:0:120})" $?
python3 -c "
print('FROM alpine AS s0')
for i in range(1, 10000): print(f'FROM alpine AS s{i}\nCOPY --from=s{i-1} / /')" >"$work/Dockerfile.10k"
start=$SECONDS
out=$(timeout 60 "$exe" render --dockerfile "$work/Dockerfile.10k" --out "$work/graph10k.png" 2>&1); rc=$?
[ "$rc" = 1 ] && [ $((SECONDS - start)) -lt 20 ] && grep -q "too large to lay out" <<<"$out" && [ ! -e "$work/graph10k.png" ]
check "a 10,000-stage graph: refused in $((SECONDS - start)) s with one line, no file left (exit $rc: ${out:0:140})" $?
for name in graph.xyz graph; do
    out=$(headless "$exe" render --dockerfile "$src/fixtures/moby-cache/Dockerfile" --out "$work/$name" 2>&1); rc=$?
    [ "$rc" = 1 ] && grep -q "the file name must end in .png or .svg" <<<"$out" && [ ! -e "$work/$name" ]
    check "render --out $name: the formats named (exit $rc: ${out:0:120})" $?
done

# ---- no Qt warning before a verb's output ---------------------------------------------
out=$(env -u XDG_RUNTIME_DIR -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$exe" analyze "$rec/buildctl-v0.34.2-01-cold.log" 2>&1)
! grep -q "QStandardPaths\|XDG_RUNTIME_DIR" <<<"$out"
check "analyze prints no Qt warning without XDG_RUNTIME_DIR" $?
out=$(env -u XDG_RUNTIME_DIR -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$exe" render \
    --dockerfile "$src/fixtures/moby-cache/Dockerfile" --out "$work/graph.svg" 2>&1)
[ "$out" = "$work/graph.svg" ]
check "render (a QApplication, offscreen) prints no Qt warning without XDG_RUNTIME_DIR: ${out:0:120}" $?

summary bad-input
