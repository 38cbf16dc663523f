// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

#include <optional>

class QCommandLineParser;
class QTextStream;

namespace Cachelab {

// What every command-line verb does with its options the same way: one error style
// ("cachelab VERB: …" on one line) and the same exit statuses (0 after --help, 2 for a
// usage error).
namespace CommandLine {

// Parses `arguments`. nullopt: go on; else the exit status, after --help's text on `out`
// or the parser's error on `err`.
std::optional<int> parse(QCommandLineParser &parser, const QString &verb,
                         const QStringList &arguments, QTextStream &out, QTextStream &err);

// True when `value` is one of `choices`; else one line naming the bad value and the
// choices ("cachelab analyze: unknown --format 'yaml' (use text or json)") and false.
bool isOneOf(const QString &verb, const QString &option, const QString &value,
             const QStringList &choices, QTextStream &err);

} // namespace CommandLine

} // namespace Cachelab
