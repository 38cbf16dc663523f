#!/usr/bin/env bash
# down.sh STATE_DIR — undo up.sh STATE_DIR: stop the engine's processes, unmount
# whatever it left mounted under STATE_DIR, and remove the folder.
#
# Only processes recorded by up.sh (and still naming STATE_DIR) and the
# engine's helpers whose arguments name STATE_DIR (containerd shims, runc,
# docker-proxy) are signalled: TERM, a bounded wait, then KILL. The system
# dockerd is never touched. Running it twice, or on a folder that does not
# exist, is fine.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/engine/lib.sh
source "$here/lib.sh"

if [ $# -ne 1 ] || [ -z "$1" ]; then
    echo "usage: $0 STATE_DIR" >&2
    exit 2
fi
[ -d "$1" ] || exit 0
state=$(cd "$1" && pwd -P)
case "$state" in
/ | /tmp | /var | /var/lib | /var/lib/docker | /run | /var/run | /root | /home)
    echo "down.sh: refusing to work on $state" >&2
    exit 2
    ;;
esac

if ! engine_stop "$state"; then
    # Something is still mounted: removing the folder could reach through the
    # mount, so leave it for a human.
    echo "down.sh: left $state in place" >&2
    exit 1
fi
if [ -e "$state/created-run-containerd" ]; then
    rmdir /run/containerd/s /run/containerd 2>/dev/null || true
fi
# --one-file-system: never follow into a mount we failed to see.
rm -rf --one-file-system "$state"
