// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cli/AnalyzeCommand.h"

#include "core/progress/ProgressStreamParser.h"
#include "core/report/RunTextReport.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace Cachelab {

int AnalyzeCommand::run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Show what each BuildKit build run did: every step's "
                       "outcome and time, the cache it imported and exported."));
    parser.addHelpOption();
    const QCommandLineOption formatOption(QStringLiteral("format"),
                                          QStringLiteral("Output format: text or json."),
                                          QStringLiteral("format"), QStringLiteral("text"));
    parser.addOption(formatOption);
    parser.addPositionalArgument(QStringLiteral("analyze"), QStringLiteral("The verb."));
    parser.addPositionalArgument(QStringLiteral("LOG"),
                                 QStringLiteral("BuildKit plain or rawjson progress logs."),
                                 QStringLiteral("LOG…"));

    if (!parser.parse(arguments)) {
        err << "cachelab analyze: " << parser.errorText() << Qt::endl;
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    const QString format = parser.value(formatOption);
    if (format != QLatin1String("text") && format != QLatin1String("json")) {
        err << "cachelab analyze: unknown --format '" << format << "' (use text or json)"
            << Qt::endl;
        return 2;
    }
    QStringList logs = parser.positionalArguments();
    logs.removeFirst(); // the verb
    if (logs.isEmpty()) {
        err << "cachelab analyze: no LOG given (try 'cachelab analyze --help')" << Qt::endl;
        return 2;
    }

    int status = 0;
    QJsonArray runs;
    for (const QString &log : std::as_const(logs)) {
        QString error;
        const std::optional<BuildRun> run = ProgressStreamParser::readFile(log, &error);
        if (!run) {
            err << "cachelab analyze: " << error << Qt::endl;
            status = 1;
            continue;
        }
        if (format == QLatin1String("json"))
            runs.append(run->toJson());
        else
            out << RunTextReport::render(*run) << Qt::endl;
    }
    if (format == QLatin1String("json"))
        out << QJsonDocument(QJsonObject { { QStringLiteral("runs"), runs } })
                   .toJson(QJsonDocument::Indented);
    return status;
}

} // namespace Cachelab
