# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# Shared by the command-line tests: every check runs and reports, a summary line decides.
failures=0 passes=0
check() { # NAME STATUS
    if [ "$2" = 0 ]; then echo "PASS: $1"; passes=$((passes + 1)); else echo "FAIL: $1"; failures=$((failures + 1)); fi
}
# Run with no display at all: these commands must work on a server.
headless() { env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$@"; }
# summary NAME: the closing line, and the exit status.
summary() {
    echo "$1: $passes passed, $failures failed"
    [ "$failures" = 0 ]
}
