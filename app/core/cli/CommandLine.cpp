// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cli/CommandLine.h"

#include <QCommandLineParser>
#include <QTextStream>

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
    err << "cachelab " << verb << ": unknown --" << option << " '" << value << "' (use " << listed << ")"
        << Qt::endl;
    return false;
}

} // namespace Cachelab
