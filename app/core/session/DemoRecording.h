// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace Cachelab {

// What is known of a bundled recording beyond its log: the script that made it, the
// context files changed just before it, and the recording whose cache it built on, as
// the recording scripts (tests/engine/lib.sh, issue1515_sequences) ran them. So the demo
// can explain its rebuilds as it would a run of the user's.
struct DemoRecording
{
    QString fileName; // e.g. "buildctl-v0.34.2-02-rebuild-after-edit.log"
    QString script; // relative to the project: "build.sh"
    QStringList changedFiles; // since the previous build of its sequence
    QString previous; // file name of that build; empty for a cold build

    // nullopt-like: an empty fileName when the name is not a bundled recording.
    static DemoRecording of(const QString &fileName);
};

} // namespace Cachelab
