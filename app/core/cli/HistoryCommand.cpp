// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cli/HistoryCommand.h"

#include "core/DataLocations.h"
#include "core/cli/CommandLine.h"
#include "core/history/BuilderHistory.h"
#include "core/lab/Lab.h"
#include "core/models/HistoryRecordListModel.h"
#include "core/session/ProjectSession.h"
#include "core/store/RunStore.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace Cachelab {

namespace {

QString recordLine(const HistoryRecord &record)
{
    return QStringLiteral("%1  %2  %3  %4  %5  %6/%7 cached")
        .arg(record.ref, -48)
        .arg(record.name.isEmpty() ? QStringLiteral("-") : record.name, -20)
        .arg(HistoryRecord::statusName(record.status), -9)
        .arg(record.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")))
        .arg(HistoryRecordListModel::durationText(record.durationMs()), 8)
        .arg(record.cachedSteps)
        .arg(record.totalSteps);
}

} // namespace

int HistoryCommand::run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("List a buildx builder's build records, or import them as runs."));
    parser.addHelpOption();
    const QCommandLineOption builderOption(
        QStringLiteral("builder"), QStringLiteral("The buildx builder (default: buildx's current one)."),
        QStringLiteral("name"));
    const QCommandLineOption formatOption(QStringLiteral("format"), QStringLiteral("text or json."),
                                          QStringLiteral("format"), QStringLiteral("text"));
    const QCommandLineOption projectOption(
        QStringLiteral("project"), QStringLiteral("import: the project folder (default: this folder)."),
        QStringLiteral("dir"), QDir::currentPath());
    const QCommandLineOption exampleOption(
        QStringLiteral("example"), QStringLiteral("import: into the #1515 project's working copy."));
    parser.addOptions({ builderOption, formatOption, projectOption, exampleOption });
    parser.addPositionalArgument(QStringLiteral("history"), QStringLiteral("The verb."));
    parser.addPositionalArgument(QStringLiteral("ls|import"), QStringLiteral("What to do."));
    parser.addPositionalArgument(QStringLiteral("REF|FILE"),
                                 QStringLiteral("import: record refs (as `ls` prints them) or "
                                                ".dockerbuild files."),
                                 QStringLiteral("[REF|FILE…]"));
    if (const std::optional<int> status = CommandLine::parse(parser, QStringLiteral("history"), arguments, out, err))
        return *status;
    const QString format = parser.value(formatOption);
    if (!CommandLine::isOneOf(QStringLiteral("history"), QStringLiteral("format"), format,
                              {QStringLiteral("text"), QStringLiteral("json")}, err))
        return 2;
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(1);
    const QStringList refs = positional.mid(2);
    BuilderHistory history(Lab::toolEnvironment(), parser.value(builderOption));

    if (action == QLatin1String("ls")) {
        if (!refs.isEmpty()) {
            err << "cachelab history ls: no arguments expected" << Qt::endl;
            return 2;
        }
        QString error;
        const std::optional<QList<HistoryRecord>> records = history.list(&error);
        if (!records) {
            err << "cachelab history ls: " << error << Qt::endl;
            return 1;
        }
        if (format == QLatin1String("json")) {
            QJsonArray array;
            for (const HistoryRecord &record : *records)
                array.append(record.toJson());
            out << QJsonDocument(array).toJson(QJsonDocument::Indented);
        } else if (records->isEmpty()) {
            out << "no build records" << Qt::endl;
        } else {
            for (const HistoryRecord &record : *records)
                out << recordLine(record) << Qt::endl;
        }
        return 0;
    }
    if (action != QLatin1String("import")) {
        err << "cachelab history: use 'cachelab history ls|import' (try --help)" << Qt::endl;
        return 2;
    }
    if (refs.isEmpty()) {
        err << "cachelab history import: name at least one REF (from 'cachelab history ls') or "
               ".dockerbuild file"
            << Qt::endl;
        return 2;
    }
    QString project = parser.value(projectOption);
    if (parser.isSet(exampleOption)) {
        if (parser.isSet(projectOption)) {
            err << "cachelab history import: --example and --project name two projects" << Qt::endl;
            return 2;
        }
        QString error;
        project = DataLocations::workingCopyOfBundledProject(&error);
        if (project.isEmpty()) {
            err << "cachelab history import: " << error << Qt::endl;
            return 1;
        }
    }
    ProjectSession session(RunStore::defaultRoot());
    QString error;
    if (!session.open(project, &error)) {
        err << "cachelab history import: " << error << Qt::endl;
        return 1;
    }
    int status = 0;
    QJsonArray imported;
    for (const QString &ref : refs) {
        QStringList ids;
        if (QFileInfo(ref).isFile()) {
            if (!session.importLog(ref, &error, &ids)) {
                err << "cachelab history import: " << error << Qt::endl;
                status = 1;
                continue;
            }
        } else {
            const std::optional<HistoryBuild> build = history.fetch(ref, &error);
            const QString id = build ? session.importBuild(*build, {}, &error) : QString();
            if (id.isEmpty()) {
                err << "cachelab history import: " << error << Qt::endl;
                status = 1;
                continue;
            }
            ids.append(id);
        }
        for (const QString &id : std::as_const(ids)) {
            const RunListModel::Entry *entry = session.runs()->entryById(id);
            if (!entry)
                continue;
            const QList<const BuildVertex *> steps = entry->run.stepVertices();
            const qsizetype cached = std::count_if(steps.begin(), steps.end(), [](const BuildVertex *v) {
                return v->state == VertexState::Cached;
            });
            if (format == QLatin1String("json")) {
                QJsonObject object{{QStringLiteral("id"), id},
                                   {QStringLiteral("label"), entry->stored.label},
                                   {QStringLiteral("from"), ref},
                                   {QStringLiteral("steps"), int(steps.size())},
                                   {QStringLiteral("cachedSteps"), int(cached)}};
                if (entry->stored.history)
                    object.insert(QStringLiteral("history"), entry->stored.history->toJson());
                imported.append(object);
            } else {
                out << "imported " << ref << " as run " << id << " (" << entry->stored.label << "): "
                    << steps.size() << " steps, " << cached << " cached" << Qt::endl;
            }
        }
    }
    if (format == QLatin1String("json"))
        out << QJsonDocument(imported).toJson(QJsonDocument::Indented);
    return status;
}

} // namespace Cachelab
