#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The desktop file and AppStream metainfo validate with the distribution's own tools.
set -euo pipefail
dir=$1
desktop-file-validate "$dir/io.github.cachelab.Cachelab.desktop"
echo "PASS: desktop-file-validate"
appstreamcli validate --no-net --explain "$dir/io.github.cachelab.Cachelab.metainfo.xml"
echo "PASS: appstreamcli validate --no-net"
