// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dockerfile/Dockerfile.h"

#include <QJsonArray>

namespace Cachelab {

QString Dockerfile::syntax() const
{
    for (const DockerfileDirective &directive : m_directives) {
        if (directive.name == QLatin1String("syntax"))
            return directive.value;
    }
    return QString();
}

QList<int> Dockerfile::neededStages() const
{
    QList<int> needed;
    for (const DockerfileStage &stage : m_stages) {
        if (stage.needed)
            needed.append(stage.index);
    }
    return needed;
}

const DockerfileStage *Dockerfile::stage(const QString &name) const
{
    const QString lower = name.toLower();
    for (const DockerfileStage &stage : m_stages) {
        if (stage.name == lower)
            return &stage;
    }
    return nullptr;
}

const DockerfileStage *Dockerfile::stage(int index) const
{
    if (index < 0 || index >= m_stages.size())
        return nullptr;
    return &m_stages.at(index);
}

const DockerfileStep *Dockerfile::step(const QString &stageName, int number) const
{
    const DockerfileStage *found = stage(stageName);
    if (!found)
        return nullptr;
    for (const DockerfileStep &step : found->steps) {
        if (step.number == number)
            return &step;
    }
    return nullptr;
}

QJsonObject Dockerfile::toJson() const
{
    QJsonArray stages;
    for (const DockerfileStage &stage : m_stages) {
        QJsonObject base { { QStringLiteral("kind"), StageBase::kindName(stage.base.kind) },
                           { QStringLiteral("ref"), stage.base.ref } };
        if (stage.base.kind == StageBase::Kind::Image)
            base.insert(QStringLiteral("resolved"), stage.base.resolved);
        if (stage.base.kind == StageBase::Kind::Stage)
            base.insert(QStringLiteral("stage"), m_stages.at(stage.base.stage).name);

        QJsonArray deps;
        for (const StageDependency &dependency : stage.dependencies) {
            QJsonObject dep;
            if (dependency.stage >= 0)
                dep.insert(QStringLiteral("stage"), m_stages.at(dependency.stage).name);
            else
                dep.insert(QStringLiteral("image"), dependency.image);
            dep.insert(QStringLiteral("via"), StageDependency::viaName(dependency.via));
            dep.insert(QStringLiteral("line"), dependency.line);
            if (dependency.onbuildTrigger)
                dep.insert(QStringLiteral("onbuild"), true);
            deps.append(dep);
        }

        QJsonArray steps;
        for (const DockerfileStep &step : stage.steps) {
            const DockerfileStage &owner
                = step.onbuildTrigger ? m_stages.at(stage.base.stage) : stage;
            QJsonObject entry { { QStringLiteral("step"), step.number },
                                { QStringLiteral("total"), step.total },
                                { QStringLiteral("line"), step.line },
                                { QStringLiteral("instruction"),
                                  owner.instructions.at(step.instruction).text },
                                { QStringLiteral("label"), step.label } };
            if (step.onbuildTrigger)
                entry.insert(QStringLiteral("onbuild"), true);
            steps.append(entry);
        }

        QJsonObject object { { QStringLiteral("index"), stage.index },
                             { QStringLiteral("name"), stage.name },
                             { QStringLiteral("named"), stage.named },
                             { QStringLiteral("base"), base },
                             { QStringLiteral("deps"), deps },
                             { QStringLiteral("steps"), stage.stepCount },
                             { QStringLiteral("needed"), stage.needed },
                             { QStringLiteral("firstLine"), stage.firstLine },
                             { QStringLiteral("lastLine"), stage.lastLine },
                             { QStringLiteral("stepList"), steps } };
        if (!stage.platform.isEmpty())
            object.insert(QStringLiteral("platform"), stage.platform);
        stages.append(object);
    }

    QJsonArray globalArgs;
    for (const DockerfileArg &arg : m_globalArgs) {
        QJsonObject object { { QStringLiteral("name"), arg.name },
                             { QStringLiteral("line"), arg.line } };
        if (arg.hasDefault)
            object.insert(QStringLiteral("default"), arg.defaultValue);
        if (arg.hasValue)
            object.insert(QStringLiteral("value"), arg.value);
        globalArgs.append(object);
    }

    QJsonArray images;
    for (const ExternalImage &image : m_externalImages)
        images.append(QJsonObject { { QStringLiteral("ref"), image.ref },
                                    { QStringLiteral("resolved"), image.resolved } });

    QJsonObject json { { QStringLiteral("path"), m_path },
                       { QStringLiteral("target"), target().name },
                       { QStringLiteral("escape"), QString(m_escapeToken) },
                       { QStringLiteral("labelsHaveStageName"), m_labelsHaveStageName },
                       { QStringLiteral("globalArgs"), globalArgs },
                       { QStringLiteral("externalImages"), images },
                       { QStringLiteral("stages"), stages } };
    if (!syntax().isEmpty())
        json.insert(QStringLiteral("syntax"), syntax());
    return json;
}

} // namespace Cachelab
