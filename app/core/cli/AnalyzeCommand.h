// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class QTextStream;

namespace Cachelab {

// `cachelab analyze [--dockerfile PATH] [--build-arg K=V]… [--target NAME]
//  [--format text|json] LOG…`: what each build run did, for people or for scripts.
// Runs without a display. Exit status: 0 when every log was read, 1 when a log or the
// Dockerfile could not be read (one clear line on stderr each), 2 for bad usage.
class AnalyzeCommand
{
public:
    // `arguments` starts with the program name, then "analyze".
    static int run(const QStringList &arguments, QTextStream &out, QTextStream &err);
};

} // namespace Cachelab
