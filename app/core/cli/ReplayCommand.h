// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class QTextStream;

namespace Cachelab {

// `cachelab replay LOG [--speed N]`: prints a recorded log to stdout at the pace the build
// had (a vertex's DONE line waits for its duration / N), so that the GUI can stream a
// recording through the very QProcess path a live build takes. --speed 0: no waiting.
class ReplayCommand
{
public:
    static int run(const QStringList &arguments, QTextStream &err);
};

} // namespace Cachelab
