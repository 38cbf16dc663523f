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

// True, with the value in *result, when `value` is a finite number >= `minimum` (> with
// `exclusive`); else one line naming the bad value ("cachelab replay: --speed 'abc' is not
// a number of at least 0") and false.
bool number(const QString &verb, const QString &option, const QString &value, double minimum, double *result,
            QTextStream &err, bool exclusive = false);

// A piece of the user's input for an error line: at most `limit` characters (then how
// long it was), control characters made visible.
QString quoted(const QString &text, int limit = 200);

} // namespace CommandLine

} // namespace Cachelab
