#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The desktop file and AppStream metainfo validate with the distribution's own tools.
set -euo pipefail
dir=$1
desktop-file-validate "$dir/io.github.cachelab.Cachelab.desktop"
echo "PASS: desktop-file-validate"
appstreamcli validate --no-net --explain "$dir/io.github.cachelab.Cachelab.metainfo.xml"
echo "PASS: appstreamcli validate --no-net"
# The bundle MIME type: shared-mime-info's own tool compiles it, and .cachelab maps to it.
mime=$(mktemp -d); trap 'rm -rf "$mime"' EXIT
mkdir -p "$mime/packages" && cp "$dir/io.github.cachelab.Cachelab.mime.xml" "$mime/packages/"
if command -v update-mime-database >/dev/null; then
    update-mime-database "$mime"
    grep -q 'cachelab' "$mime/globs2" && grep -q 'application/x-cachelab-bundle' "$mime/globs2"
    echo "PASS: update-mime-database knows *.cachelab"
else
    python3 -c 'import sys, xml.etree.ElementTree as t; r = t.parse(sys.argv[1]).getroot(); assert any(g.get("pattern") == "*.cachelab" for g in r.iter("{http://www.freedesktop.org/standards/shared-mime-info}glob"))' \
        "$dir/io.github.cachelab.Cachelab.mime.xml"
    echo "PASS: the MIME type names *.cachelab (update-mime-database not installed)"
fi
grep -q '^MimeType=application/x-cachelab-bundle;' "$dir/io.github.cachelab.Cachelab.desktop"
echo "PASS: the desktop file opens bundles"
