// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class QTextStream;

namespace Cachelab {

// `cachelab report --dockerfile F --before LOG_A --after LOG_B [--changed PATH]…
// [--script SCRIPT]… [--dag-png FILE] [--no-tools]`: the Markdown for a GitHub issue
// (IssueReport), with the stage graph of the two runs drawn to FILE. Draws with the
// widgets' scene, so it runs under a QApplication (offscreen without a display).
class ReportCommand
{
public:
    static int run(const QStringList &arguments, QTextStream &out, QTextStream &err);
};

} // namespace Cachelab
