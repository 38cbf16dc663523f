// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/report/AnalysisReport.h"

#include "core/analysis/RunStepMatcher.h"
#include "core/report/RunTextReport.h"

#include <QJsonArray>
#include <QStringList>

namespace Cachelab {

namespace {
QString stepName(const Dockerfile &dockerfile, const StepRef &ref)
{
    const DockerfileStage &stage = dockerfile.stages().at(ref.stage);
    return QStringLiteral("%1 %2/%3").arg(stage.name).arg(ref.number).arg(stage.stepCount);
}

QJsonObject runJson(const Dockerfile *dockerfile, const BuildRun &run)
{
    QJsonObject object = run.toJson();
    if (!dockerfile)
        return object;

    const RunStepMatcher matcher(*dockerfile);
    QJsonArray vertices = object.value(QStringLiteral("vertices")).toArray();
    for (qsizetype i = 0; i < vertices.size(); ++i) {
        const BuildVertex &vertex = run.vertices.at(i);
        QJsonObject json = vertices.at(i).toObject();
        if (const DockerfileStep *own = matcher.labelledStep(vertex))
            json.insert(QStringLiteral("line"), own->line);
        const QList<StepRef> refs = matcher.stepsOf(vertex);
        if (refs.size() > 1 || (refs.size() == 1 && vertex.step().index == 0)) {
            QJsonArray standsFor;
            for (const StepRef &ref : refs)
                standsFor.append(stepName(*dockerfile, ref));
            json.insert(QStringLiteral("standsFor"), standsFor);
        }
        vertices[i] = json;
    }
    object.insert(QStringLiteral("vertices"), vertices);

    QJsonArray steps;
    const QList<StepResult> results = matcher.results(run);
    for (const StepResult &result : results) {
        const DockerfileStage &stage = dockerfile->stages().at(result.step.stage);
        const DockerfileStep &step = stage.steps.at(result.step.number - 1);
        QJsonObject json { { QStringLiteral("stage"), stage.name },
                           { QStringLiteral("step"), step.number },
                           { QStringLiteral("total"), step.total },
                           { QStringLiteral("line"), step.line },
                           { QStringLiteral("instruction"), step.text },
                           { QStringLiteral("status"), vertexOutcomeName(result.observed()) } };
        if (result.seen())
            json.insert(QStringLiteral("vertex"), result.vertexId);
        if (result.shared)
            json.insert(QStringLiteral("shared"), true);
        steps.append(json);
    }
    object.insert(QStringLiteral("steps"), steps);
    return object;
}
} // namespace

QJsonObject AnalysisReport::toJson(const Dockerfile *dockerfile, const QList<BuildRun> &runs)
{
    QJsonArray runArray;
    for (const BuildRun &run : runs)
        runArray.append(runJson(dockerfile, run));
    QJsonObject report { { QStringLiteral("runs"), runArray } };
    if (dockerfile)
        report.insert(QStringLiteral("dockerfile"), dockerfile->toJson());
    return report;
}

QString AnalysisReport::toText(const Dockerfile *dockerfile, const QList<BuildRun> &runs)
{
    QStringList out;
    for (const BuildRun &run : runs) {
        out << RunTextReport::render(run);
        if (!dockerfile)
            continue;
        const RunStepMatcher matcher(*dockerfile);
        out << QStringLiteral("Dockerfile steps of target %1 (%2):")
                   .arg(dockerfile->target().name, dockerfile->path());
        out << QStringLiteral("%1  %2  %3  %4")
                   .arg(QStringLiteral("line"), 4)
                   .arg(QStringLiteral("status"), -8)
                   .arg(QStringLiteral("vertex"), 6)
                   .arg(QStringLiteral("step"));
        const QList<StepResult> results = matcher.results(run);
        for (const StepResult &result : results) {
            const DockerfileStep &step
                = dockerfile->stages().at(result.step.stage).steps.at(result.step.number - 1);
            out << QStringLiteral("%1  %2  %3  %4 %5")
                       .arg(step.line, 4)
                       .arg(vertexOutcomeName(result.observed()), -8)
                       .arg(result.seen()
                                ? QStringLiteral("#%1%2")
                                      .arg(result.vertexId)
                                      .arg(result.shared ? QStringLiteral("*") : QString())
                                : QStringLiteral("-"),
                            6)
                       .arg(step.prefix, step.text);
        }
        out << QStringLiteral("(* the vertex is shared with another stage's identical step)")
            << QString();
    }
    return out.join(QLatin1Char('\n'));
}

} // namespace Cachelab
