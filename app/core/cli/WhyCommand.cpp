// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cli/WhyCommand.h"

#include "core/bundle/Bundle.h"
#include "core/cachekey/CacheKeyXray.h"
#include "core/cli/CommandLine.h"
#include "core/DataLocations.h"
#include "core/session/ProjectSession.h"
#include "core/store/RunStore.h"

#include <QCommandLineParser>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace Cachelab {

namespace {

QString kindName(XrayCause::Kind kind)
{
    switch (kind) {
    case XrayCause::Kind::Content:
        return QStringLiteral("content");
    case XrayCause::Kind::Mode:
        return QStringLiteral("mode");
    case XrayCause::Kind::FileAdded:
        return QStringLiteral("file-added");
    case XrayCause::Kind::FileRemoved:
        return QStringLiteral("file-removed");
    case XrayCause::Kind::ParentStep:
        return QStringLiteral("parent-step");
    case XrayCause::Kind::BaseImage:
        return QStringLiteral("base-image");
    case XrayCause::Kind::Command:
        return QStringLiteral("command");
    case XrayCause::Kind::Environment:
        return QStringLiteral("environment");
    case XrayCause::Kind::RunSetting:
        return QStringLiteral("run-setting");
    case XrayCause::Kind::SameKey:
        return QStringLiteral("same-key");
    case XrayCause::Kind::NotFound:
        return QStringLiteral("not-found");
    }
    return {};
}

QString missingName(XrayCause::Missing missing)
{
    switch (missing) {
    case XrayCause::Missing::MinModeExport:
        return QStringLiteral("min-mode");
    case XrayCause::Missing::InlineCache:
        return QStringLiteral("inline-cache");
    case XrayCause::Missing::ImportFailed:
        return QStringLiteral("import-failed");
    case XrayCause::Missing::NotImported:
        return QStringLiteral("not-imported");
    case XrayCause::Missing::Unknown:
        break;
    }
    return {};
}

QString inputKindName(XrayInput::Kind kind)
{
    switch (kind) {
    case XrayInput::Kind::Operation:
        return QStringLiteral("operation");
    case XrayInput::Kind::Environment:
        return QStringLiteral("environment");
    case XrayInput::Kind::Step:
        return QStringLiteral("step");
    case XrayInput::Kind::File:
        return QStringLiteral("file");
    }
    return {};
}

} // namespace

int WhyCommand::run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Why steps of a run missed the cache: the first input of each step's cache key "
                       "that differs from the run it follows (the cache-key X-ray)."));
    parser.addHelpOption();
    const QCommandLineOption projectOption(QStringLiteral("project"),
                                           QStringLiteral("The project folder (default: this folder)."),
                                           QStringLiteral("dir"), QDir::currentPath());
    const QCommandLineOption exampleOption(QStringLiteral("example"),
                                           QStringLiteral("The #1515 project's working copy."));
    const QCommandLineOption bundleOption(QStringLiteral("bundle"),
                                          QStringLiteral("A .cachelab bundle in place of a project."),
                                          QStringLiteral("file"));
    const QCommandLineOption runOption(QStringLiteral("run"), QStringLiteral("The run (default: the newest)."),
                                       QStringLiteral("id"));
    const QCommandLineOption stepOption(QStringLiteral("step"),
                                        QStringLiteral("One step, by its label or its start (\"[build-public 4/8]\")."),
                                        QStringLiteral("label"));
    const QCommandLineOption formatOption(QStringLiteral("format"), QStringLiteral("text, json or markdown."),
                                          QStringLiteral("format"), QStringLiteral("text"));
    const QCommandLineOption inputsOption(
        QStringLiteral("inputs"),
        QStringLiteral("Also list each step's key inputs in both runs, the differing ones marked (json: always)."));
    parser.addOptions({ projectOption, exampleOption, bundleOption, runOption, stepOption, formatOption, inputsOption });
    parser.addPositionalArgument(QStringLiteral("why"), QStringLiteral("The verb."));
    if (const std::optional<int> status = CommandLine::parse(parser, QStringLiteral("why"), arguments, out, err))
        return *status;
    const QString format = parser.value(formatOption);
    if (!CommandLine::isOneOf(QStringLiteral("why"), QStringLiteral("format"), format,
                              { QStringLiteral("text"), QStringLiteral("json"), QStringLiteral("markdown") }, err))
        return 2;
    QString project = parser.value(projectOption);
    if (parser.isSet(exampleOption)) {
        QString error;
        project = DataLocations::workingCopyOfBundledProject(&error);
        if (project.isEmpty()) {
            err << "cachelab why: " << error << Qt::endl;
            return 1;
        }
    }
    ProjectSession session(RunStore::defaultRoot());
    QString error;
    if (parser.isSet(bundleOption)) {
        const std::optional<Bundle> bundle
            = Bundle::open(parser.value(bundleOption), Bundle::defaultUnpackRoot(), &error);
        if (!bundle || !session.openBundle(*bundle, &error)) {
            err << "cachelab why: " << error << Qt::endl;
            return 1;
        }
    } else if (!session.open(project, &error)) {
        err << "cachelab why: " << error << Qt::endl;
        return 1;
    }
    if (!session.dockerfile()) {
        err << "cachelab why: " << session.dockerfileError() << Qt::endl;
        return 1;
    }
    const RunListModel *runs = session.runs();
    const QString afterId = parser.isSet(runOption) ? parser.value(runOption)
        : runs->rowCount() > 0                      ? runs->entry(0)->stored.id
                                                    : QString();
    const RunListModel::Entry *after = runs->entryById(afterId);
    if (!after) {
        err << "cachelab why: " << (afterId.isEmpty() ? QStringLiteral("the project has no runs")
                                                      : QStringLiteral("no run %1").arg(afterId))
            << Qt::endl;
        return 1;
    }
    const RunListModel::Entry *before = runs->entryById(session.predecessorOf(after->stored.id));
    if (!before) {
        err << "cachelab why: run " << after->stored.id << " follows no earlier run to compare with" << Qt::endl;
        return 1;
    }
    // Said once for the whole run: without the data no step can be X-rayed.
    if (const QString problem = session.xrayProblem(after->stored.id, before->stored.id); !problem.isEmpty()) {
        err << "cachelab why: " << problem << Qt::endl;
        return 1;
    }
    QString unavailable;

    const QList<XrayStep> steps = XrayStep::of(*session.dockerfile());
    QList<const XrayStep *> asked;
    for (const XrayStep &step : steps) {
        if (parser.isSet(stepOption)) {
            if (step.label.startsWith(parser.value(stepOption)))
                asked.append(&step);
            continue;
        }
        // Every step that ran (a FROM only resolves its image: not a rebuild).
        if (step.kind == XrayStep::Kind::From || !after->analysis)
            continue;
        if (after->analysis->result(step.ref).observed() == VertexOutcome::Ran)
            asked.append(&step);
    }
    if (parser.isSet(stepOption) && asked.isEmpty()) {
        err << "cachelab why: no step of the target starts with '" << parser.value(stepOption).left(200) << "'"
            << Qt::endl;
        return 1;
    }

    QJsonArray array;
    if (format == QLatin1String("markdown"))
        out << "### Cache-key X-ray of run " << after->stored.id << " against " << before->stored.id << Qt::endl
            << Qt::endl;
    for (const XrayStep *step : std::as_const(asked)) {
        const QList<XrayCause> causes = session.xray(after->stored.id, before->stored.id, step->ref, &unavailable);
        const QList<XrayInput> inputs = format == QLatin1String("json") || parser.isSet(inputsOption)
            ? session.xrayInputs(after->stored.id, before->stored.id, step->ref, nullptr)
            : QList<XrayInput>();
        if (format == QLatin1String("json")) {
            QJsonArray list;
            for (const XrayCause &cause : causes) {
                QJsonObject object{ { QStringLiteral("kind"), kindName(cause.kind) },
                                    { QStringLiteral("step"), cause.step },
                                    { QStringLiteral("subject"), cause.subject },
                                    { QStringLiteral("before"), cause.before },
                                    { QStringLiteral("after"), cause.after },
                                    { QStringLiteral("text"), cause.toText() } };
                if (cause.missing != XrayCause::Missing::Unknown)
                    object.insert(QStringLiteral("missing"), missingName(cause.missing));
                list.append(object);
            }
            QJsonArray rows;
            for (const XrayInput &input : inputs)
                rows.append(QJsonObject{ { QStringLiteral("kind"), inputKindName(input.kind) },
                                         { QStringLiteral("name"), input.name },
                                         { QStringLiteral("before"), input.before },
                                         { QStringLiteral("after"), input.after },
                                         { QStringLiteral("differs"), input.differs() } });
            array.append(QJsonObject{ { QStringLiteral("step"), step->label },
                                      { QStringLiteral("causes"), list },
                                      { QStringLiteral("inputs"), rows } });
        } else if (format == QLatin1String("markdown")) {
            // For a GitHub issue: the step, then its causes to the root (in bold).
            out << "- `" << step->label << "`" << Qt::endl;
            for (qsizetype i = 0; i < causes.size(); ++i)
                out << "  - " << (i + 1 == causes.size() ? QStringLiteral("**%1**") : QStringLiteral("%1")).arg(causes.at(i).toText())
                    << Qt::endl;
            if (!inputs.isEmpty()) {
                const auto cell = [](QString value) {
                    return value.isEmpty() ? QStringLiteral("—") : value.replace(QLatin1Char('|'), QLatin1String("\\|")).left(200);
                };
                out << Qt::endl
                    << "  | Key input | Run " << before->stored.id << " | Run " << after->stored.id << " |" << Qt::endl
                    << "  |---|---|---|" << Qt::endl;
                for (const XrayInput &input : inputs)
                    out << "  | " << (input.differs() ? QStringLiteral("**%1**").arg(cell(input.name)) : cell(input.name))
                        << " | " << cell(input.before) << " | " << cell(input.after) << " |" << Qt::endl;
                out << Qt::endl;
            }
        } else {
            out << step->label << Qt::endl;
            for (const XrayCause &cause : causes)
                out << "  " << cause.toText() << Qt::endl;
            for (const XrayInput &input : inputs)
                out << (input.differs() ? "  * " : "    ") << input.name << ": "
                    << (input.before.isEmpty() ? QStringLiteral("—") : input.before.left(200)) << " | "
                    << (input.after.isEmpty() ? QStringLiteral("—") : input.after.left(200)) << Qt::endl;
        }
    }
    if (format == QLatin1String("json"))
        out << QJsonDocument(QJsonObject{ { QStringLiteral("run"), after->stored.id },
                                          { QStringLiteral("comparedWith"), before->stored.id },
                                          { QStringLiteral("steps"), array } })
                   .toJson(QJsonDocument::Indented);
    else if (asked.isEmpty())
        out << "no step of run " << after->stored.id << " ran: nothing to explain" << Qt::endl;
    return 0;
}

} // namespace Cachelab
