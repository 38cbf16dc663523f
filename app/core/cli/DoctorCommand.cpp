// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cli/DoctorCommand.h"

#include "core/cli/CommandLine.h"
#include "core/environment/EnvironmentCheck.h"
#include "core/lab/Lab.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace Cachelab {

namespace {

QJsonDocument toJson(const QList<EnvironmentCheck::Item> &items, bool allOk)
{
    QJsonArray array;
    for (const EnvironmentCheck::Item &item : items)
        array.append(
            QJsonObject { { QStringLiteral("name"), item.name },
                          { QStringLiteral("status"), EnvironmentCheck::statusName(item.status) },
                          { QStringLiteral("detail"), item.detail },
                          { QStringLiteral("remedy"), item.remedy },
                          { QStringLiteral("neededBy"), item.neededBy } });
    return QJsonDocument(
        QJsonObject { { QStringLiteral("ok"), allOk }, { QStringLiteral("items"), array } });
}

void printText(const QList<EnvironmentCheck::Item> &items, QTextStream &out)
{
    for (const EnvironmentCheck::Item &item : items) {
        out << QStringLiteral("%1  %2: %3")
                   .arg(EnvironmentCheck::statusName(item.status).leftJustified(7), item.name,
                        item.detail)
            << Qt::endl;
        if (!item.remedy.isEmpty())
            out << QStringLiteral("         needed by %1; to fix: %2")
                       .arg(item.neededBy, item.remedy)
                << Qt::endl;
    }
}

} // namespace

int DoctorCommand::run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const QString usage
        = QStringLiteral("usage: cachelab doctor [--format text|json] [--timeout SECONDS]");
    QCommandLineParser parser;
    const QCommandLineOption formatOption(QStringLiteral("format"), QStringLiteral("text or json."),
                                          QStringLiteral("format"), QStringLiteral("text"));
    const QCommandLineOption timeoutOption(QStringLiteral("timeout"),
                                           QStringLiteral("Seconds each check may take."),
                                           QStringLiteral("seconds"), QStringLiteral("5"));
    const QCommandLineOption helpOption(QStringLiteral("help"), QStringLiteral("This help."));
    parser.addOptions({ formatOption, timeoutOption, helpOption });
    parser.addPositionalArgument(QStringLiteral("doctor"), QStringLiteral("The verb."));
    if (!parser.parse(arguments)) {
        err << "cachelab doctor: " << parser.errorText() << Qt::endl << usage << Qt::endl;
        return 2;
    }
    if (parser.isSet(helpOption)) {
        out << usage << Qt::endl;
        return 0;
    }
    const QString format = parser.value(formatOption);
    double seconds = 0;
    if (!CommandLine::isOneOf(QStringLiteral("doctor"), QStringLiteral("format"), format,
                              { QStringLiteral("text"), QStringLiteral("json") }, err)
        || !CommandLine::number(QStringLiteral("doctor"), QStringLiteral("timeout"), parser.value(timeoutOption), 0,
                                &seconds, err, true))
        return 2;
    if (parser.positionalArguments().size() > 1) {
        err << "cachelab doctor: unexpected argument '"
            << CommandLine::quoted(parser.positionalArguments().at(1)) << "'" << Qt::endl
            << usage << Qt::endl;
        return 2;
    }

    EnvironmentCheck check;
    check.setTimeout(int(seconds * 1000));
    QEventLoop loop;
    QObject::connect(&check, &EnvironmentCheck::finished, &loop, &QEventLoop::quit);
    // What a script would get: the lab's engine and registry, the settings over them.
    check.start(Lab::toolEnvironment());
    loop.exec();

    if (format == QLatin1String("json"))
        out << toJson(check.items(), check.allOk()).toJson(QJsonDocument::Indented);
    else
        printText(check.items(), out);
    out.flush();
    return check.allOk() ? 0 : 1;
}

} // namespace Cachelab
