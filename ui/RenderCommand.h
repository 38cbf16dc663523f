// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class QTextStream;

namespace Cachelab {

// `cachelab render --dockerfile F [--log A [--compare B]] [--build-arg K=V]… [--target S]
//  --out FILE.png|FILE.svg`: the stage graph as the window draws it, without a window.
// `--view timeline|durations|history` draws a plot of the Plots tab instead (history:
// one point per --log, repeated, oldest first).
// Needs a QApplication (main creates one on the offscreen platform when there is no
// display).
class RenderCommand
{
public:
    static int run(const QStringList &arguments, QTextStream &out, QTextStream &err);
};

} // namespace Cachelab
