# shellcheck shell=bash
# Shared helpers for the private engine scripts (up.sh, down.sh) and the tests
# that use them. Sourced, never run.
#
# Everything here works on ONE state folder, given by path. A process or a mount
# is only ever touched when it provably belongs to that folder: its pid was
# recorded by up.sh AND its command line still names the folder, or it is one
# of the engine's helper programs whose command line names the folder. The
# system dockerd (/var/run/docker.sock, /var/lib/docker) is never touched.

# This folder, for the scripts sourcing this file.
ENGINE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Programs whose processes may be left behind by our engine (containerd's shims
# outlive containerd by design; runc and docker-proxy are children of dockerd).
ENGINE_PROGRAMS="dockerd containerd containerd-shim containerd-shim-runc-v1 containerd-shim-runc-v2 runc docker-proxy docker-registry"

# The default runtime of an engine started with `up.sh --buildkit`: runc-capbnd.
# shellcheck disable=SC2034 # used by the scripts that source this file
ENGINE_RUNTIME_NAME=cachelab-runc

# The network guard: the environment of our dockerd and of buildkitd in the
# local moby/buildkit image. Go programs then send every HTTP request for a
# host other than a loopback one (never proxied) to a port nobody listens on,
# without resolving the name: a pull from a public registry fails at once, and
# nothing but 127.0.0.1 is ever contacted.
# shellcheck disable=SC2034,SC2054 # used by up.sh; commas inside NO_PROXY values
ENGINE_NETWORK_GUARD=(
    HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9
    http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9
    NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
)

# engine_cmdline PID: the process's command line, NULs turned into spaces;
# empty if the process is gone.
engine_cmdline() {
    { tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null || true
}

# engine_owned_pids STATE: pids of live processes that belong to STATE.
engine_owned_pids() {
    local state=$1 pid name cmd prog
    # 1. What up.sh recorded, if the pid still runs a command naming STATE
    #    (a recycled pid would not).
    if [ -f "$state/pids" ]; then
        while read -r name pid; do
            [ -n "${pid:-}" ] || continue
            cmd=$(engine_cmdline "$pid")
            case "$cmd" in *"$state/"*) echo "$pid" ;; esac
        done <"$state/pids"
    fi
    # 2. Helpers nobody recorded: shims (re-parented to init when containerd
    #    stops), runc, docker-proxy. Matched by program name AND by STATE in
    #    their arguments (a shim gets `-address STATE/ctd.sock`).
    for pid in /proc/[0-9]*; do
        pid=${pid#/proc/}
        [ "$pid" != "$$" ] || continue
        cmd=$(engine_cmdline "$pid")
        case "$cmd" in *"$state/"*) ;; *) continue ;; esac
        prog=${cmd%% *}
        prog=${prog##*/}
        case " $ENGINE_PROGRAMS " in *" $prog "*) echo "$pid" ;; esac
    done
}

# engine_descendants PIDS...: every descendant of PIDS (not PIDS themselves).
engine_descendants() {
    [ $# -gt 0 ] || return 0
    # /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and
    # parentheses, so cut at the last ") ".
    for f in /proc/[0-9]*/stat; do
        { cat "$f"; } 2>/dev/null || true
    done | awk -v roots="$*" '
        {
            pid = $1
            rest = $0
            sub(/.*\) /, "", rest)
            split(rest, f, " ")
            kids[f[2]] = kids[f[2]] " " pid
        }
        END {
            n = split(roots, queue, " ")
            for (i = 1; i <= n; i++) {
                m = split(kids[queue[i]], k, " ")
                for (j = 1; j <= m; j++) {
                    if (!(k[j] in seen)) { seen[k[j]] = 1; queue[++n] = k[j]; print k[j] }
                }
            }
        }'
}

# engine_alive PIDS...: prints those still running.
engine_alive() {
    local pid stat
    for pid in "$@"; do
        # The state letter of /proc/PID/stat, after the last ") ": a zombie (Z)
        # or a dead task (X) counts as gone. Not the command line: it reads as
        # empty while the process is in execve (setsid, then the daemon), and a
        # daemon just started would look dead.
        stat=$({ cat "/proc/$pid/stat"; } 2>/dev/null) || continue
        stat=${stat##*) }
        case ${stat%% *} in Z | X | "") ;; *) echo "$pid" ;; esac
    done
}

# engine_signal_wait SECONDS SIGNAL PIDS...: signal, then wait up to SECONDS
# for them to exit. Returns 0 when all are gone.
engine_signal_wait() {
    local secs=$1 sig=$2 i
    shift 2
    [ $# -gt 0 ] || return 0
    kill "-$sig" "$@" 2>/dev/null || true
    for ((i = 0; i < secs * 10; i++)); do
        [ -n "$(engine_alive "$@")" ] || return 0
        sleep 0.1
    done
    [ -z "$(engine_alive "$@")" ]
}

# engine_recorded_pid STATE NAME: the pid up.sh recorded under NAME, if alive
# and still ours.
engine_recorded_pid() {
    local state=$1 want=$2 name pid
    [ -f "$state/pids" ] || return 0
    while read -r name pid; do
        [ "$name" = "$want" ] || continue
        case "$(engine_cmdline "$pid")" in *"$state/"*) echo "$pid" ;; esac
    done <"$state/pids"
}

# engine_mounts STATE: mount points at or under STATE, most recent first (a
# mount made later may sit on top of, or inside, an earlier one).
engine_mounts() {
    local state=$1
    # Field 5 of mountinfo is the mount point, with space, tab, newline and
    # backslash escaped as octal (\040 ...): decode with printf %b.
    awk '{ print $5 }' /proc/self/mountinfo | tac | while read -r mp; do
        mp=$(printf '%b' "$mp")
        case "$mp" in "$state" | "$state"/*) echo "$mp" ;; esac
    done
}

# engine_stop STATE: stop every process of the engine in STATE and unmount
# everything under STATE. Leaves the folder (and its logs) in place.
engine_stop() {
    local state=$1 pids kids mp dir
    # dockerd first, gently: it stops its containers, cancels builds and
    # unmounts its layers itself when it gets the time to.
    pids=$(engine_recorded_pid "$state" dockerd)
    if [ -n "$pids" ]; then
        # shellcheck disable=SC2086
        engine_signal_wait 30 TERM $pids || engine_signal_wait 5 KILL $pids || true
    fi
    # Container processes left behind (by a dockerd that was killed, or that
    # could not stop them): children of the shims and of BuildKit's runc. A
    # container's init ignores TERM unless it handles it, and these are
    # throw-away test containers: KILL.
    pids=$(engine_owned_pids "$state" | sort -u)
    if [ -n "$pids" ]; then
        # shellcheck disable=SC2086
        kids=$(engine_descendants $pids | grep -vxF "$pids" || true)
        # shellcheck disable=SC2086
        [ -z "$kids" ] || engine_signal_wait 5 KILL $kids || true
    fi
    # Then the others: containerd, the registry, shims, stray runc.
    pids=$(engine_owned_pids "$state" | sort -u)
    if [ -n "$pids" ]; then
        # shellcheck disable=SC2086
        engine_signal_wait 15 TERM $pids || true
        pids=$(engine_owned_pids "$state" | sort -u)
        # shellcheck disable=SC2086
        [ -z "$pids" ] || engine_signal_wait 5 KILL $pids || true
    fi
    pids=$(engine_owned_pids "$state" | sort -u)
    if [ -n "$pids" ]; then
        echo "engine: processes still alive after KILL: $pids" >&2
    fi
    # Cgroups: runc removes a container's cgroup when it deletes the
    # container, but not when the engine was killed under it, and nobody
    # removes the parents (ours: see --cgroup-parent in up.sh). rmdir only
    # removes empty cgroups, deepest first.
    local parent
    parent=$(cat "$state/cgroup-parent" 2>/dev/null || true)
    case "$parent" in
    cachelab-*)
        find /sys/fs/cgroup -maxdepth 2 -type d -name "$parent" 2>/dev/null |
            while read -r dir; do
                find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null || true
            done
        ;;
    esac
    # Mounts: overlay layers, container rootfs, shm, netns bind mounts. Lazy
    # unmounts, latest first; a few passes in case one uncovers another.
    for _ in 1 2 3 4 5; do
        [ -n "$(engine_mounts "$state")" ] || break
        engine_mounts "$state" | while read -r mp; do
            umount -l "$mp" 2>/dev/null || true
        done
    done
    if [ -n "$(engine_mounts "$state")" ]; then
        echo "engine: mounts still present under $state:" >&2
        engine_mounts "$state" >&2
        return 1
    fi
}

# engine_busybox_rootfs DIR: a minimal root file system in DIR (created): the
# static /bin/busybox of busybox-static with a symlink for every applet, passwd
# and group for root and nobody. The base of `alpine:latest` (up.sh) and of the
# local `moby/buildkit:master` (buildkit-image.sh).
engine_busybox_rootfs() {
    local rootfs=$1 applet
    mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,etc,root,tmp,var/tmp,proc,sys,dev,run}
    chmod 1777 "$rootfs/tmp" "$rootfs/var/tmp"
    cp /bin/busybox "$rootfs/bin/busybox"
    /bin/busybox --list-full | while read -r applet; do
        [ -e "$rootfs/$applet" ] || [ -L "$rootfs/$applet" ] || ln -s /bin/busybox "$rootfs/$applet"
    done
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$rootfs/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
    printf 'NAME="Cachelab test base (busybox-static standing in for alpine)"\nID=cachelab-busybox\n' \
        >"$rootfs/etc/os-release"
}

# engine_tar DIR TAR: DIR's content as a reproducible tar (sorted names, fixed
# times and owners): the same files give the same layer digest on every run.
engine_tar() {
    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$1" -cf "$2" .
}

# ---------------------------------------------------------------------------
# The #1515 scenario with the engine's built-in BuildKit (shared by
# test-moby-cache-inline.sh and record.sh). All of it expects STATE/env to be
# sourced, so that `docker` is the private engine's 20.10 client.

# engine_skip_or_fail MESSAGE: the engine tests cannot run here. A skip (exit 77)
# outside CI; with CI=true a failure, since CI must run them.
engine_skip_or_fail() {
    if [ "${CI:-}" != true ]; then
        echo "SKIP: $*"
        exit 77
    fi
    echo "FAIL: $* (CI=$CI: missing tools are a failure)"
    exit 1
}

# engine_require_buildkit_tools: root, and BuildKit's own buildctl and buildx built
# (tests/engine/buildkit-tools.sh build: at once when cached; it may wait for the
# background build tools/dev.sh started). Prints the tools' folder; skips or fails
# otherwise.
engine_require_buildkit_tools() {
    [ "$(id -u)" = 0 ] || engine_skip_or_fail "not root (the private engine needs root)"
    local log
    log=$(mktemp /tmp/cachelab-tools.XXXXXX)
    if ! "$ENGINE_DIR/buildkit-tools.sh" build >"$log" 2>&1; then
        tail -n 20 "$log"
        rm -f "$log"
        engine_skip_or_fail "BuildKit tools cannot be built here (tests/engine/buildkit-tools.sh build failed)"
    fi
    echo "tools: $(tail -n 1 "$log")"
    rm -f "$log"
}

# lab_session [CACHELAB]: for the tests that use the lab as a user does: a temporary $work
# holding the test's own data folder ($work/d), HOME, XDG folders and DOCKER_CONFIG, the
# sealed private engine, and on any exit (success, failure, Ctrl-C, TERM)
# lab_leftovers_removed, then lab_session_cleanup when the test defines one, then $work
# removed. Without CACHELAB no `lab down` (a test that takes the lab down itself).
lab_session() {
    lab_exe=${1:-}
    work=$(mktemp -d /tmp/cachelab.XXXXXX)
    export XDG_DATA_HOME="$work/d" XDG_CONFIG_HOME="$work/c" XDG_CACHE_HOME="$work/k" \
        HOME="$work/h" DOCKER_CONFIG="$work/docker" CACHELAB_LAB_ENGINE=private
    unset DOCKER_HOST DOCKER_REPO BUILDX_BUILDER
    mkdir -p "$HOME"
    trap lab_session_end EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}
lab_session_end() {
    local rc=$?
    trap '' INT TERM
    lab_leftovers_removed "$lab_exe" "$work"
    ! declare -F lab_session_cleanup >/dev/null || lab_session_cleanup
    rm -rf --one-file-system "$work"
    exit "$rc"
}

# lab_leftovers_removed CACHELAB WORK: after a test of `cachelab lab` under WORK (its
# data folder WORK/d): `lab down`, then whatever a failed `lab down` left — the engine by
# its own script, the registry by its pid (only a process naming WORK).
lab_leftovers_removed() {
    local exe=$1 work=$2 pid
    [ -z "$exe" ] || "$exe" lab down >/dev/null 2>&1
    [ ! -e "$work/d/Cachelab/cachelab/lab/engine" ] || "$ENGINE_DIR/down.sh" "$work/d/Cachelab/cachelab/lab/engine"
    pid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pid"])' \
        "$work/d/Cachelab/cachelab/lab/registry.json" 2>/dev/null || true)
    if [ -n "$pid" ] && [ "$pid" != 0 ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$work/"; then
        kill "$pid" 2>/dev/null
    fi
    return 0
}

# engine_session: a short temp folder $work (the engine's unix sockets live
# under it) with the engine's state in $state, and traps so that down.sh runs
# and $work goes away on any exit: success, failure, Ctrl-C, TERM.
engine_session() {
    work=$(mktemp -d /tmp/cachelab.XXXXXX)
    state="$work/e"
    trap engine_session_end EXIT
    # A signal ends the script through the EXIT trap.
    trap 'exit 130' INT
    trap 'exit 143' TERM
}
engine_session_end() {
    local rc=$?
    # Ignored, not just untrapped: a Ctrl-C reaches the whole process group,
    # down.sh included, and an interrupted down.sh would leave the engine up.
    trap '' INT TERM
    trap - EXIT
    if "$ENGINE_DIR/down.sh" "$state"; then
        rm -rf --one-file-system "$work"
    else
        echo "WARNING: down.sh failed; $work left in place" >&2
        [ "$rc" -ne 0 ] || rc=1
    fi
    exit "$rc"
}

# engine_up STATE [--buildkit]: up.sh, mapping "cannot run here" (77) to a
# skip, or to a failure under CI (CI=true), where a missing engine must not
# pass unnoticed. Returns only when the engine is up and its env is sourced.
engine_up() {
    local state=$1 rc=0
    shift
    "$ENGINE_DIR/up.sh" "$@" "$state" >"$state.up.out" 2>"$state.up.err" || rc=$?
    if [ "$rc" -ne 0 ]; then
        cat "$state.up.err" >&2
        if [ "$rc" -eq 77 ] && [ "${CI:-}" != true ]; then
            echo "SKIP: $(grep -m1 'cannot' "$state.up.err" || echo 'engine cannot start')"
            exit 77
        fi
        echo "FAIL: tests/engine/up.sh exited $rc${CI:+ (CI=$CI: an engine that cannot start is a failure)}"
        exit 1
    fi
    rm -f "$state.up.out" "$state.up.err"
    # shellcheck disable=SC1091
    source "$state/env"
}

# engine_up_cache_debug NAME: for the recording scripts: the BuildKit tools built (else
# exit 77), then the private engine up with its docker-container builder running buildkitd
# --save-cache-debug on a free loopback port, in $debug_port.
engine_up_cache_debug() {
    "$ENGINE_DIR/buildkit-tools.sh" build >/dev/null || {
        echo "$1: BuildKit tools cannot be built here" >&2
        exit 77
    }
    debug_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    export CACHELAB_BUILDKITD_FLAGS="--save-cache-debug --debugaddr 127.0.0.1:$debug_port"
    engine_session
    engine_up "$state" --buildkit
}

# engine_clean_state: back to an engine with no build cache and no image but
# the base. The base image stays: re-importing it would give it a new image
# ID, every cache key computed from it would change, and the registry's cache
# would never match again.
engine_clean_state() {
    local base id
    docker builder prune -af >/dev/null
    base=$(docker image inspect --format '{{.Id}}' alpine:latest)
    docker image ls -aq --no-trunc | sort -u | while read -r id; do
        [ "$id" = "$base" ] || docker image rm -f "$id" >/dev/null
    done
}

# scenario_build PROJECT LOG: build-with-docker.sh as a user runs it, both
# streams into LOG (BuildKit prints its progress on stderr). Returns its exit
# status.
scenario_build() {
    local rc=0
    "$1/build-with-docker.sh" >"$2" 2>&1 || rc=$?
    return "$rc"
}

# scenario_edit PROJECT: the edit of the #1515 recipe.
scenario_edit() {
    echo "console.log('file1 edited before the rebuild');" >>"$1/assets/js/file1.js"
}

# progress_table LOG: one line per vertex of a --progress=plain log:
#   N <TAB> RESULT <TAB> NAME
# RESULT is the vertex's last terminal line: RAN (DONE), LOADED (DONE, but its
# statuses downloaded or extracted layers: taken from an imported cache),
# CACHED, ERROR, CANCELED, or UNFINISHED. A header is a `#N text` line after an
# empty line (or the first line); lines are grouped by N.
progress_table() {
    awk '
    /^#[0-9]+ / {
        sp = index($0, " ")
        n = substr($0, 2, sp - 2)
        rest = substr($0, sp + 1)
        if (NR == 1 || blank) {
            if (!(n in name)) { name[n] = rest; order[++count] = n }
        } else if (rest == "CACHED") {
            state[n] = "CACHED"
        } else if (rest ~ /^DONE( |$)/) {
            state[n] = "DONE"
        } else if (rest ~ /^ERROR/) {
            state[n] = "ERROR"
        } else if (rest == "CANCELED") {
            state[n] = "CANCELED"
        } else if (rest ~ /^(pulling|extracting) sha256:/ || rest ~ /^sha256:[0-9a-f]+ .*\//) {
            loaded[n] = 1
        }
    }
    { blank = ($0 == "") }
    END {
        for (i = 1; i <= count; i++) {
            n = order[i]
            s = (n in state) ? state[n] : "UNFINISHED"
            if (s == "DONE") s = (n in loaded) ? "LOADED" : "RAN"
            printf "%s\t%s\t%s\n", n, s, name[n]
        }
    }' "$1"
}

# step_result TABLE STEP: the RESULT of the vertex whose name starts with STEP
# (e.g. "[build-public 4/8]"), or MISSING. Several vertices of that name (never
# seen) print all results, space-separated.
step_result() {
    local got
    got=$(awk -F '\t' -v step="$2" 'index($3, step) == 1 { printf "%s%s", sep, $2; sep = " " }' "$1")
    echo "${got:-MISSING}"
}

# ---------------------------------------------------------------------------
# The #1515 report reproduced with BuildKit's own tools (test-issue1515-real.sh
# and record-issue1515.sh). Needs an engine from `up.sh --buildkit` with
# STATE/env sourced (BUILDX_BUILDER, CACHELAB_REGISTRY, DOCKER_CONFIG).

# shellcheck source=tests/engine/tool-versions.env
source "$ENGINE_DIR/tool-versions.env"

# issue1515_names: the names of the seven runs, in order, as NAME<TAB>WHAT.
# Log files are OUT/NAME.log (plain) or OUT/NAME.rawjson; the registry's cache
# after each run is OUT/NAME[.rawjson].manifest.json and .cacheconfig.json.
issue1515_names() {
    local bk="buildctl-$BUILDKIT_VERSION" bx="buildx-$BUILDX_VERSION"
    printf '%s\t%s\n' \
        "$bk-01-cold" "sequence 1: build.sh, empty registry" \
        "$bk-02-rebuild-after-edit" "sequence 1: edit, build.sh again (its mod=max cache)" \
        "$bx-03-cold" "sequence 2: build-with-buildx.sh, empty registry and builder" \
        "$bx-04-rebuild-warm" "sequence 2: edit, build-with-buildx.sh again, builder's cache kept" \
        "$bx-05-cold" "sequence 3: build-with-buildx.sh, empty registry and builder" \
        "$bx-06-rebuild-pruned" "sequence 3: edit, prune the builder, build-with-buildx.sh again" \
        "$bk-07-after-buildx" "sequence 4: edit, build.sh importing buildx's mode=max cache"
}

# issue1515_name N: the name of run N (1 to 7).
issue1515_name() {
    issue1515_names | sed -n "${1}p" | cut -f1
}

# issue1515_run OUT NAME SCRIPT PROJECT REPO FLAGS SUFFIX: one build as the
# report's user runs it — PROJECT/SCRIPT (build.sh or build-with-buildx.sh)
# unmodified, both streams into OUT/NAME SUFFIX — then the registry's
# REPO/test:cache into OUT/NAME[.rawjson].manifest.json and .cacheconfig.json
# and its summary (registry-cache.py) into OUT/NAME[.rawjson].registry.txt.
# FLAGS: CACHELAB_BUILD_FLAGS. Empty for both scripts: buildctl has no
# --network flag, and the builders' buildkitd.toml already puts RUN steps on the
# host network (buildx would accept --network=host: its builder allows the
# network.host entitlement). Returns non-zero, with the log's end on stderr,
# when the build fails.
issue1515_run() {
    local out=$1 name=$2 script=$3 project=$4 repo=$5 flags=$6 suffix=$7 rc=0 base
    DOCKER_REPO=$repo CACHELAB_BUILD_FLAGS=$flags "$project/$script" >"$out/$name$suffix" 2>&1 || rc=$?
    # Debian's docker-registry (distribution 2.8) sometimes refuses one of two concurrent
    # uploads of the same blob ("provided digest did not match uploaded content"): the
    # build is fine, the registry is not. Such a run is repeated once, with a warning (as
    # tests/engine/tst_gui_scripts.cpp does); a buildx run that should start from an empty
    # builder gets its builder pruned first, so that it is as cold as the first try.
    if [ "$rc" -ne 0 ] && grep -q 'provided digest did not match uploaded content' "$out/$name$suffix"; then
        echo "warning: $name: the registry refused a concurrent blob upload; running it once more" >&2
        if [ "$script" = build-with-buildx.sh ] && [[ "$name" != *rebuild-warm* ]]; then
            docker buildx prune --builder "$BUILDX_BUILDER" -af >/dev/null || return 1
        fi
        rc=0
        DOCKER_REPO=$repo CACHELAB_BUILD_FLAGS=$flags "$project/$script" >"$out/$name$suffix" 2>&1 || rc=$?
    fi
    if [ "$rc" -ne 0 ]; then
        echo "$name: $script exited $rc; last lines of $out/$name$suffix:" >&2
        tail -n 20 "$out/$name$suffix" >&2
        return 1
    fi
    base="$out/$name"
    [ "$suffix" = .log ] || base="$base$suffix"
    /usr/bin/python3 "$ENGINE_DIR/registry-cache.py" "${repo%%/*}" "${repo#*/}/test" cache "$base" \
        >"$base.registry.txt" || {
        echo "$name: could not fetch $repo/test:cache from the registry" >&2
        return 1
    }
}

# issue1515_sequences OUT WORK PROGRESS: the report's four sequences, on fresh
# copies of fixtures/moby-cache under WORK, each with a registry repository of
# its own (nothing cached there yet) and, for buildx, a pruned builder:
#   1. build.sh; edit assets/js/file1.js; build.sh (buildctl-daemonless.sh
#      always starts with an empty local cache);
#   2. build-with-buildx.sh; edit; build-with-buildx.sh, the builder's local
#      cache kept (what the report did);
#   3. the same, with the builder's cache pruned before the second run (a fair
#      comparison with build.sh);
#   4. on sequence 3's copy and repository: edit; build.sh, importing the
#      mode=max cache buildx wrote.
# PROGRESS: plain (logs NAME.log) or rawjson (NAME.rawjson: the same command
# lines plus --progress=rawjson, which overrides the scripts' --progress=plain;
# other repository names, so that the two passes share nothing).
issue1515_sequences() {
    local out=$1 work=$2 progress=$3 flags="" suffix=.log repo p
    local root
    root=$(cd "$ENGINE_DIR/../.." && pwd)
    if [ "$progress" = rawjson ]; then
        flags=--progress=rawjson
        suffix=.rawjson
    fi
    mkdir -p "$out"
    local reg="$CACHELAB_REGISTRY/issue1515-$progress"

    # 1. buildctl
    p="$work/seq1-$progress"
    cp -a "$root/fixtures/moby-cache" "$p" || return 1
    repo="$reg-buildctl"
    issue1515_run "$out" "$(issue1515_name 1)" build.sh "$p" "$repo" "$flags" "$suffix" || return 1
    scenario_edit "$p"
    issue1515_run "$out" "$(issue1515_name 2)" build.sh "$p" "$repo" "$flags" "$suffix" || return 1

    # 2. buildx, the builder's cache kept
    docker buildx prune --builder "$BUILDX_BUILDER" -af >/dev/null || return 1
    p="$work/seq2-$progress"
    cp -a "$root/fixtures/moby-cache" "$p" || return 1
    repo="$reg-buildx-warm"
    issue1515_run "$out" "$(issue1515_name 3)" build-with-buildx.sh "$p" "$repo" "$flags" "$suffix" || return 1
    scenario_edit "$p"
    issue1515_run "$out" "$(issue1515_name 4)" build-with-buildx.sh "$p" "$repo" "$flags" "$suffix" || return 1

    # 3. buildx, the builder's cache pruned before the rebuild
    docker buildx prune --builder "$BUILDX_BUILDER" -af >/dev/null || return 1
    p="$work/seq3-$progress"
    cp -a "$root/fixtures/moby-cache" "$p" || return 1
    repo="$reg-buildx-pruned"
    issue1515_run "$out" "$(issue1515_name 5)" build-with-buildx.sh "$p" "$repo" "$flags" "$suffix" || return 1
    scenario_edit "$p"
    docker buildx prune --builder "$BUILDX_BUILDER" -af >/dev/null || return 1
    issue1515_run "$out" "$(issue1515_name 6)" build-with-buildx.sh "$p" "$repo" "$flags" "$suffix" || return 1

    # 4. build.sh after buildx, on sequence 3's project and repository
    echo "console.log('file1 edited again, before build.sh');" >>"$p/assets/js/file1.js"
    issue1515_run "$out" "$(issue1515_name 7)" build.sh "$p" "$repo" "$flags" "$suffix" || return 1
}

# cache_export_layers LOG: the distinct layer digests that a plain log's cache
# export vertex (`exporting cache`, `exporting content cache` or `exporting
# cache to registry`, by version) reports writing, sorted.
cache_export_layers() {
    local n
    n=$(progress_table "$1" | awk -F '\t' '$3 ~ /^exporting (content )?cache( to registry)?$/ { print $1; exit }')
    [ -n "$n" ] || return 0
    sed -n "s/^#$n writing layer \\(sha256:[0-9a-f]\\{64\\}\\).*/\\1/p" "$1" | sort -u
}
