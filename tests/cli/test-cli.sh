#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The cachelab executable as a user runs it. --version and --help must work with no
# display at all (no DISPLAY, no WAYLAND_DISPLAY, no QT_QPA_PLATFORM): they run on servers.
# No `set -e`: every check runs and reports, the summary decides.
set -uo pipefail
exe=$1 source_dir=$2 version=$3
# shellcheck source=tests/cli/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

out=$(headless "$exe" --version 2>&1); rc=$?
check "--version exits 0 without a display" $rc
grep -qx "cachelab $version" <<<"$out"; check "--version prints 'cachelab $version'" $?
grep -q '^Qt 6\.' <<<"$out"; check "--version names the Qt version" $?

out=$(headless "$exe" --help 2>&1); rc=$?
check "--help exits 0 without a display" $rc
for option in --project --version --screenshot; do
    grep -q -- "$option" <<<"$out"; check "--help lists $option" $?
done

out=$(headless "$exe" --no-such-option 2>&1); rc=$?
[ "$rc" = 2 ]; check "an unknown option exits 2 (got $rc)" $?
grep -q "Unknown option 'no-such-option'" <<<"$out"; check "an unknown option is named" $?

# Qt's own GUI options do not break the display-less path.
out=$(headless "$exe" -platform offscreen --version 2>&1); rc=$?
check "-platform offscreen --version exits 0" $rc

# The GUI on the offscreen platform: opens the bundled project and saves a screenshot.
shot=$(mktemp --suffix=.png); trap 'rm -f "$shot"' EXIT
QT_QPA_PLATFORM=offscreen timeout 60 "$exe" --project "$source_dir/fixtures/moby-cache" \
    --size 1280x800 --screenshot "$shot"; rc=$?
check "GUI starts, opens the project and saves a screenshot (exit $rc)" $rc
head -c 8 "$shot" | od -An -c | grep -q 'P   N   G'; check "the screenshot is a PNG" $?

summary cli
