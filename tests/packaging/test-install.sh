#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `cmake --install` puts the executable, desktop integration and bundled data in place,
# and the CPack DEB holds the same files.
set -euo pipefail
build_dir=$1
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
prefix=/usr
DESTDIR="$work/root" cmake --install "$build_dir" --prefix "$prefix" >/dev/null
expected=(
    usr/bin/cachelab
    usr/share/applications/io.github.cachelab.Cachelab.desktop
    usr/share/metainfo/io.github.cachelab.Cachelab.metainfo.xml
    usr/share/icons/hicolor/scalable/apps/io.github.cachelab.Cachelab.svg
    usr/share/cachelab/fixtures/moby-cache/Dockerfile
    usr/share/cachelab/fixtures/moby-cache/build.sh
    usr/share/cachelab/fixtures/recordings/README.md
    usr/share/cachelab/demo.cachelab
    usr/share/mime/packages/io.github.cachelab.Cachelab.xml
)
for f in "${expected[@]}"; do
    [ -e "$work/root/$f" ] || { echo "FAIL: cmake --install did not install $f"; exit 1; }
done
[ -x "$work/root/usr/share/cachelab/fixtures/moby-cache/build.sh" ] || { echo "FAIL: build.sh lost its executable bit"; exit 1; }
echo "PASS: cmake --install installs ${#expected[@]} expected files"

# The installed binary finds its bundled data without the source tree.
CACHELAB_DATA_DIR="$work/root/usr/share/cachelab" "$work/root/usr/bin/cachelab" --version | grep -q '^cachelab '
echo "PASS: installed cachelab runs"
# The installed demo bundle opens with the installed binary alone.
CACHELAB_DEMO_BUNDLE="$work/root/usr/share/cachelab/demo.cachelab" XDG_CACHE_HOME="$work/cache" \
    "$work/root/usr/bin/cachelab" bundle info "$work/root/usr/share/cachelab/demo.cachelab" | grep -q '^10 run(s)'
echo "PASS: the installed demo bundle reads"

(cd "$work" && cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$work/deb" >/dev/null)
deb=$(ls "$work"/deb/*.deb)
contents=$(dpkg-deb -c "$deb")
for f in "${expected[@]}"; do
    grep -q " \./$f\$" <<<"$contents" || { echo "FAIL: $deb lacks $f"; exit 1; }
done
dpkg-deb -f "$deb" Depends | grep -q 'libqt6widgets6' || { echo "FAIL: DEB does not depend on Qt Widgets"; exit 1; }
echo "PASS: $(basename "$deb") holds them and depends on $(dpkg-deb -f "$deb" Depends | tr ',' '\n' | wc -l) packages"
