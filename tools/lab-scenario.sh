#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tools/lab-scenario.sh CACHELAB OUT — the #1515 scenario for real, headless, on the lab
# (`cachelab lab up` first): in the #1515 project's working copy in the data folder,
#   build.sh, the scenario's edit, build.sh again, then the same with
#   build-with-buildx.sh,
# each through `cachelab run` (the window's runner; each run kept in the project's run
# store), then Explain for each script's second run, and the window's screenshot of the
# compared pair (offscreen).
# OUT gets: NAME.txt (each run's summary), NAME.log (the script's output), runs.json
# (`cachelab runs`), explain-build.sh.txt, explain-build-with-buildx.sh.txt, window.png.
# tools/dev.sh run uses it without a display; tests/engine/test-lab.sh checks what it
# leaves. Exit status: 0 when every run succeeded.
set -uo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 CACHELAB OUT" >&2
    exit 2
fi
exe=$1
out=$2
mkdir -p "$out"

# run NAME SCRIPT: one run; its summary on stdout, the script's output in OUT/NAME.log.
run() {
    local name=$1 script=$2 rc=0
    "$exe" run --example "$script" >"$out/$name.txt" 2>"$out/$name.log" || rc=$?
    # Debian's docker-registry (distribution 2.8) sometimes refuses one of two concurrent
    # uploads of the same blob: the build is fine, the registry is not. Once more, said.
    if [ "$rc" -ne 0 ] && grep -q 'provided digest did not match uploaded content' "$out/$name.log"; then
        echo "   (the registry refused a concurrent blob upload; running $script once more)"
        rc=0
        "$exe" run --example "$script" >"$out/$name.txt" 2>"$out/$name.log" || rc=$?
    fi
    printf '   %-22s %s\n' "$name" "$(tail -n 1 "$out/$name.txt")"
    if [ "$rc" -ne 0 ]; then
        echo "   $script exited $rc: $(head -n 1 "$out/$name.txt"); its output: $out/$name.log"
    fi
    return "$rc"
}

# explain SCRIPT: Explain for the last run of SCRIPT against the run before it.
explain() {
    local script=$1 id
    id=$(python3 - "$out/runs.json" "$script" <<'EOF'
import json, sys
runs = [r for r in json.load(open(sys.argv[1])) if r["script"] == sys.argv[2]]
print(runs[-1]["id"] if runs else "")
EOF
)
    [ -n "$id" ] || return 1
    "$exe" explain --project "$project" --run "$id" >"$out/explain-$script.txt" 2>&1
}

status=0
for script in build.sh build-with-buildx.sh; do
    echo "==> $script, the scenario's edit, $script again"
    run "$script-1" "$script" || status=1
    "$exe" edit --example >"$out/edit-$script.txt" 2>&1 || status=1
    echo "   $(tail -n 1 "$out/edit-$script.txt")"
    run "$script-2" "$script" || status=1
done
"$exe" runs --example --format json >"$out/runs.json" || status=1
project=$(python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(r[-1]["project"] if r else "")' "$out/runs.json")
for script in build.sh build-with-buildx.sh; do
    echo "==> Explain, $script"
    if explain "$script"; then
        # The verdicts: which rebuilds were expected, which not, and why.
        grep -E '^(Unexpected rebuilds|Expected rebuilds|Why|No unexpected|Every)' "$out/explain-$script.txt" |
            sed 's/^/   /'
    else
        echo "   (no explanation: $out/explain-$script.txt)"
        status=1
    fi
done
# The window on the project, the newest run compared with the one before it.
QT_QPA_PLATFORM=offscreen "$exe" --project "$project" --runs latest --screenshot "$out/window.png" \
    --size 1600x1000 >/dev/null 2>&1 || status=1
echo "==> The window: $out/window.png"
exit "$status"
