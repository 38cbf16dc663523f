// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cli/CommandLine.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <cmath>

namespace Cachelab {

std::optional<int> CommandLine::parse(QCommandLineParser &parser, const QString &verb,
                                      const QStringList &arguments, QTextStream &out,
                                      QTextStream &err)
{
    if (!parser.parse(arguments)) {
        err << "cachelab " << verb << ": " << parser.errorText() << Qt::endl;
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    return std::nullopt;
}

bool CommandLine::isOneOf(const QString &verb, const QString &option, const QString &value,
                          const QStringList &choices, QTextStream &err)
{
    if (choices.contains(value))
        return true;
    QString listed = choices.join(QStringLiteral(", "));
    if (choices.size() > 1)
        listed = choices.mid(0, choices.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" or ")
            + choices.constLast();
    err << "cachelab " << verb << ": unknown --" << option << " '" << quoted(value) << "' (use " << listed << ")"
        << Qt::endl;
    return false;
}

bool CommandLine::number(const QString &verb, const QString &option, const QString &value, double minimum,
                         double *result, QTextStream &err, bool exclusive)
{
    bool ok = false;
    const double parsed = value.toDouble(&ok);
    if (ok && std::isfinite(parsed) && (exclusive ? parsed > minimum : parsed >= minimum)) {
        *result = parsed;
        return true;
    }
    err << "cachelab " << verb << ": --" << option << " '" << quoted(value) << "' is not a number "
        << (exclusive ? "above " : "of at least ") << minimum << Qt::endl;
    return false;
}

QString CommandLine::quoted(const QString &text, int limit)
{
    // An error line stays a line: control characters shown as '?', the rest cut.
    QString shown = text.left(limit);
    for (QChar &c : shown) {
        if (c.category() == QChar::Other_Control)
            c = QLatin1Char('?');
    }
    return text.size() > limit ? shown + QStringLiteral("… (%1 characters)").arg(text.size()) : shown;
}

} // namespace Cachelab
