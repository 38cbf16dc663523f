// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cli/ExplainCommand.h"

#include "core/analysis/RunStepMatcher.h"
#include "core/cachekey/CacheKeyXray.h"
#include "core/cli/BuildArgs.h"
#include "core/cli/CommandLine.h"
#include "core/dockerfile/DockerfileParser.h"
#include "core/explain/RebuildExplainer.h"
#include "core/explain/RebuildPredictor.h"
#include "core/lint/CacheFlagLint.h"
#include "core/progress/ProgressStreamParser.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTextStream>

namespace Cachelab {

int ExplainCommand::run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Which steps of a build ran although nothing they use changed, and why."));
    parser.addHelpOption();
    const QCommandLineOption dockerfileOption(QStringLiteral("dockerfile"),
                                              QStringLiteral("The Dockerfile both runs built."),
                                              QStringLiteral("path"));
    const QCommandLineOption beforeOption(
        QStringLiteral("before"),
        QStringLiteral("The earlier run's log: the build whose cache the later one should use."),
        QStringLiteral("log"));
    const QCommandLineOption afterOption(
        QStringLiteral("after"), QStringLiteral("The later run's log."), QStringLiteral("log"));
    const QCommandLineOption changedOption(
        QStringLiteral("changed"),
        QStringLiteral("A context file changed between the runs, relative to the context "
                       "(repeatable)."),
        QStringLiteral("path"));
    const QCommandLineOption scriptOption(
        QStringLiteral("script"),
        QStringLiteral("A script that made the runs: its cache flags are evidence (repeatable)."),
        QStringLiteral("path"));
    const QCommandLineOption contextOption(
        QStringLiteral("context"),
        QStringLiteral("The build context, for its .dockerignore (default: the Dockerfile's "
                       "folder)."),
        QStringLiteral("dir"));
    const QCommandLineOption buildArgOption(QStringLiteral("build-arg"),
                                            QStringLiteral("A build argument (repeatable)."),
                                            QStringLiteral("name=value"));
    const QCommandLineOption targetOption(QStringLiteral("target"),
                                          QStringLiteral("The stage built (default: the last)."),
                                          QStringLiteral("stage"));
    const QCommandLineOption formatOption(QStringLiteral("format"),
                                          QStringLiteral("text, json or markdown."),
                                          QStringLiteral("format"), QStringLiteral("text"));
    const QCommandLineOption beforeDebugOption(
        QStringLiteral("before-cache-debug"),
        QStringLiteral("The builder's cache debug store after the run before (GET /debug/cache/store, JSON)."),
        QStringLiteral("file"));
    const QCommandLineOption afterDebugOption(QStringLiteral("after-cache-debug"),
                                              QStringLiteral("The same after the run explained."),
                                              QStringLiteral("file"));
    parser.addOptions({ dockerfileOption, beforeOption, afterOption, changedOption, scriptOption,
                        contextOption, buildArgOption, targetOption, formatOption, beforeDebugOption,
                        afterDebugOption });
    parser.addPositionalArgument(QStringLiteral("explain"), QStringLiteral("The verb."));

    if (const std::optional<int> status = CommandLine::parse(parser, QStringLiteral("explain"), arguments, out, err))
        return *status;
    const QString format = parser.value(formatOption);
    if (!CommandLine::isOneOf(QStringLiteral("explain"), QStringLiteral("format"), format,
                              {QStringLiteral("text"), QStringLiteral("json"), QStringLiteral("markdown")}, err))
        return 2;
    if (!parser.isSet(dockerfileOption) || !parser.isSet(afterOption)) {
        err << "cachelab explain: --dockerfile and --after are needed (try 'cachelab explain "
               "--help')"
            << Qt::endl;
        return 2;
    }

    Input input;
    input.dockerfile = parser.value(dockerfileOption);
    input.before = parser.value(beforeOption);
    input.after = parser.value(afterOption);
    input.changed = parser.values(changedOption);
    input.scripts = parser.values(scriptOption);
    input.context = parser.value(contextOption);
    input.beforeCacheDebug = parser.value(beforeDebugOption);
    input.afterCacheDebug = parser.value(afterDebugOption);
    input.buildArgs = parser.values(buildArgOption);
    input.target = parser.value(targetOption);
    Output output;
    QString error;
    int status = 1;
    if (!explain(input, &output, &error, &status)) {
        err << "cachelab explain: " << error << Qt::endl;
        return status;
    }
    for (const QString &warning : std::as_const(output.warnings))
        err << "cachelab explain: warning: " << warning << Qt::endl;
    const RebuildExplanation &explanation = output.explanation;
    if (format == QLatin1String("json"))
        out << QJsonDocument(explanation.toJson()).toJson(QJsonDocument::Indented);
    else if (format == QLatin1String("markdown"))
        out << explanation.toMarkdown();
    else
        out << explanation.toText();
    return 0;
}

bool ExplainCommand::explain(const Input &input, Output *output, QString *error, int *status)
{
    *status = 1;
    DockerfileParser::Options options;
    options.target = input.target;
    QString badArg;
    if (!BuildArgs::parse(input.buildArgs, &options.buildArgs, &badArg)) {
        *error = QStringLiteral("--build-arg wants NAME=value or NAME, got '%1'").arg(badArg);
        *status = 2;
        return false;
    }
    const auto usage = [error, status](const QString &why) {
        *error = why;
        *status = 2;
        return false;
    };
    if (!input.context.isEmpty() && !QFileInfo(input.context).isDir())
        return usage(QStringLiteral("--context '%1' is not a folder").arg(CommandLine::quoted(input.context)));
    if (!input.before.isEmpty() && QFileInfo(input.before).exists()
        && QFileInfo(input.before).canonicalFilePath() == QFileInfo(input.after).canonicalFilePath())
        return usage(QStringLiteral("--before and --after are the same log (%1): there is nothing to compare")
                         .arg(CommandLine::quoted(input.after)));
    const QString context
        = input.context.isEmpty() ? QFileInfo(input.dockerfile).absolutePath() : input.context;
    // Paths as the context sees them: "./assets/x.js" and "assets/x.js" are one file; a
    // path inside the context given absolute is made relative; one outside it is refused.
    QStringList changed;
    for (const QString &path : input.changed) {
        QString clean = QDir::cleanPath(path);
        if (QDir::isAbsolutePath(clean)) {
            const QString relative = QDir(QFileInfo(context).absoluteFilePath()).relativeFilePath(clean);
            clean = QDir::cleanPath(relative);
        }
        if (clean.isEmpty() || clean == QLatin1String("..") || clean.startsWith(QLatin1String("../"))
            || QDir::isAbsolutePath(clean))
            return usage(QStringLiteral("--changed '%1' is outside the build context %2")
                             .arg(CommandLine::quoted(path), QDir::cleanPath(QFileInfo(context).absoluteFilePath())));
        changed.append(clean);
    }
    DockerfileError dockerfileError;
    output->dockerfile = DockerfileParser::parseFile(input.dockerfile, options, &dockerfileError);
    if (!output->dockerfile) {
        *error = dockerfileError.toString();
        return false;
    }
    if (!input.before.isEmpty()) {
        output->before = ProgressStreamParser::readFile(input.before, error);
        if (!output->before)
            return false;
    }
    output->after = ProgressStreamParser::readFile(input.after, error);
    if (!output->after)
        return false;
    const RunStepMatcher matcher(*output->dockerfile);
    for (const auto &[run, path] : { std::pair(&output->before, input.before), std::pair(&output->after, input.after) }) {
        if (!*run)
            continue;
        const QString warning = RunStepMatcher::coverageWarning(matcher.coverage(**run), QFileInfo(path).fileName(),
                                                                QFileInfo(input.dockerfile).fileName());
        if (!warning.isEmpty())
            output->warnings.append(warning);
    }

    QList<CacheFlag> flags;
    QList<LintFinding> findings;
    for (const QString &script : input.scripts) {
        // Read as lint reads it: a binary or oversized file is refused, not ignored.
        const std::optional<QString> text = CacheFlagLint::readScript(script, error);
        if (!text)
            return false;
        flags += CacheFlagLint::flagsIn(*text, script);
        findings += CacheFlagLint::lint(*text, script, &*output->dockerfile);
    }

    const DockerIgnore ignore
        = DockerIgnore::fromFile(QDir(context).filePath(QStringLiteral(".dockerignore")));
    const QList<StepExpectation> expectations
        = RebuildPredictor(*output->dockerfile, ignore).predict(changed);
    output->explanation = RebuildExplainer(*output->dockerfile)
                              .explain(output->before ? &*output->before : nullptr, *output->after,
                                       expectations, changed, flags, findings);
    if (!output->before)
        return true;
    if (input.beforeCacheDebug.isEmpty() || input.afterCacheDebug.isEmpty()) {
        output->explanation.xrayProblem
            = QStringLiteral("the runs come without BuildKit's cache debug data: the X-ray needs runs through the "
                             "lab's builder (cachelab lab up, then a buildx script; --project and --bundle find it), "
                             "or --before-cache-debug and --after-cache-debug from a buildkitd started with "
                             "--save-cache-debug --debugaddr 127.0.0.1:PORT");
        return true;
    }
    std::optional<CacheDebugData> stores[2];
    const QString paths[2] = { input.beforeCacheDebug, input.afterCacheDebug };
    for (int i = 0; i < 2; ++i) {
        QFile file(paths[i]);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("%1: %2").arg(paths[i], file.errorString());
            return false;
        }
        QString why;
        stores[i] = CacheDebugData::fromStoreJson(file.readAll(), &why);
        if (!stores[i]) {
            *error = QStringLiteral("%1: %2").arg(paths[i], why);
            return false;
        }
    }
    const QList<XrayStep> steps = XrayStep::of(*output->dockerfile);
    const CacheKeyXray xray(*stores[0], *stores[1], steps);
    for (ExplainedStep &explained : output->explanation.steps) {
        if (explained.observed != VertexOutcome::Ran || explained.instruction.startsWith(QLatin1String("FROM ")))
            continue; // a FROM only resolves its image
        for (const XrayStep &step : steps) {
            if (step.ref == explained.step)
                explained.xray = xray.explain(step);
        }
    }
    return true;
}

} // namespace Cachelab
