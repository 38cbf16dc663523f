#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's two commands, for a fresh Debian 12 machine:
#   tools/dev.sh run    install what is missing, configure, build, start the GUI
#   tools/dev.sh test   install what is missing, configure, build, run every test (ctest)
# Everything the project needs is installed here, every time: machines are new each session.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${CACHELAB_BUILD_DIR:-$here/build/dev}
mode=${1:-}

# Build and GUI.
packages=(cmake ninja-build g++ pkg-config dpkg-dev file
          qt6-base-dev qt6-svg-dev libqcustomplot-dev libgraphviz-dev libarchive-dev
          libprotobuf-dev protobuf-compiler
          fonts-dejavu-core desktop-file-utils appstream)
# The real engine the tests drive: Debian's Docker engine, registry and a busybox base image.
test_packages=(docker.io docker-registry busybox-static runc containerd iproute2 python3 curl)
# The registry inspector's engine test: htpasswd (bcrypt) for docker-registry's Basic auth,
# openssl for the token service's signing key.
test_packages+=(apache2-utils openssl)
# The parsers' fuzz targets: clang with libFuzzer and the sanitizer runtimes; Graphviz's
# `dot`, the baseline of the DAG layout benchmark.
test_packages+=(clang libclang-rt-14-dev graphviz)

usage() {
    echo "usage: tools/dev.sh run|test" >&2
    exit 2
}

install_missing() {
    local wanted=("$@") missing=() p
    for p in "${wanted[@]}"; do
        dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local line="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
    if [ "$(id -u)" != 0 ]; then
        echo "Cachelab needs these Debian packages: ${missing[*]}" >&2
        echo "Run as root, then run this command again:" >&2
        echo "  sudo sh -c '$line'" >&2
        exit 1
    fi
    echo "==> Installing ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

configure_and_build() {
    echo "==> Configuring in $build_dir"
    cmake -S "$here" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCACHELAB_BUILD_TESTS=ON
    echo "==> Building"
    cmake --build "$build_dir" --parallel "$(nproc)"
}

case "$mode" in
run)
    # The lab (`cachelab lab up`): Debian's docker-registry, and for Cachelab's private
    # engine (used as root when no engine of the user's can run the scripts) Debian's
    # engine packages, unless an engine is installed already.
    lab_packages=(docker-registry)
    if [ "$(id -u)" = 0 ]; then
        lab_packages+=(busybox-static python3)
        command -v dockerd >/dev/null || lab_packages+=(docker.io containerd runc)
    fi
    install_missing "${packages[@]}" "${lab_packages[@]}"
    configure_and_build
    exe="$build_dir/app/cachelab"
    # The lab: a registry on 127.0.0.1, buildx, an engine with the builder `cachelab` and
    # moby/buildkit:master (pulled, or assembled from the BuildKit tools build, which it
    # then builds once). `cachelab lab down` takes it all away again.
    echo "==> Setting up the lab (cachelab lab up)"
    lab=0
    "$exe" lab up || lab=$?
    # The #1515 project opens as a working copy in the user's data folder
    # (~/.local/share/Cachelab/cachelab/projects/moby-cache): the scenario's edit and the
    # runs never touch this checkout.
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
        # A server without a screen: the whole scenario headless, and the window's picture.
        echo "==> No display (DISPLAY/WAYLAND_DISPLAY unset): the #1515 scenario headless"
        if [ "$lab" -ne 0 ]; then
            echo "The lab could not be set up (above): no script can run. 'cachelab lab status' says what is missing." >&2
            exit 1
        fi
        rc=0
        "$here/tools/lab-scenario.sh" "$exe" "$build_dir/lab-scenario" || rc=$?
        echo "Runs, explanations and the window: $build_dir/lab-scenario/"
        echo "On a desktop, run: $exe --example"
        exit "$rc"
    fi
    echo "==> Starting Cachelab"
    exec "$exe" --example
    ;;
test)
    install_missing "${packages[@]}" "${test_packages[@]}"
    # BuildKit's own tools take minutes to build on two cores: start now, in the
    # background, while the C++ builds. The engine tests call the same script, which
    # waits for this build (a lock) or finds the cached result at once.
    mkdir -p "$build_dir"
    tools_log="$build_dir/buildkit-tools-build.log"
    if [ "$(id -u)" = 0 ]; then # the engine tests need root anyway
        echo "==> Building BuildKit tools in the background (log: $tools_log)"
        "$here/tests/engine/buildkit-tools.sh" build >"$tools_log" 2>&1 </dev/null &
    fi
    configure_and_build
    echo "==> Testing"
    # No -j: the engine tests run serially anyway, and two cores are all there is.
    status=0
    (cd "$build_dir" && ctest --output-on-failure --timeout 1800) || status=1
    echo "==> Benchmarks of this run (ratios measured in one run; never gated)"
    awk '/Testing: bench\./ { name = $3 } name && /^<end of output>/ { name = "" }
         name && !/^(Output:|-+)$/ && !/Testing:|Test:|Command:|Directory:|start time:/ { print "   " $0 }' \
        "$build_dir/Testing/Temporary/LastTest.log" 2>/dev/null || true

    # The parsers under libFuzzer: a second, clang-built tree of the core alone.
    fuzz_dir=${CACHELAB_FUZZ_BUILD_DIR:-$here/build/fuzz}
    echo "==> Fuzzing the parsers (clang, libFuzzer) in $fuzz_dir"
    if cmake -S "$here" -B "$fuzz_dir" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCACHELAB_FUZZ=ON \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo && cmake --build "$fuzz_dir" --parallel "$(nproc)"; then
        (cd "$fuzz_dir" && ctest --output-on-failure) || status=1
    else
        echo "fuzz build failed" >&2
        status=1
    fi
    exit $status
    ;;
*) usage ;;
esac
