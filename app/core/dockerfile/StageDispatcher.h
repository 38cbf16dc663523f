// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/dockerfile/ArgExpander.h"
#include "core/dockerfile/DockerfileError.h"
#include "core/dockerfile/DockerfileStage.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QString>

namespace Cachelab {

// Walks each stage's instructions the way dockerfile2llb dispatches them, without
// building anything: ENV and ARG values as they accumulate, the working directory, and
// from those the steps BuildKit counts and the names it prints for them.
//
// What is not in the Dockerfile is not known: the ENV and WORKDIR of base images
// (only PATH is assumed, as BuildKit sets it when the image has none). A COPY that
// names a variable set only by the base image therefore gets a different name here.
//
// Errors BuildKit raises while dispatching (a variable that cannot be expanded, a stage
// used before it is defined, an unknown mount type) are reported for stages the target
// needs only: BuildKit never dispatches the others.
class StageDispatcher
{
public:
    StageDispatcher(QList<DockerfileStage> &stages, const ArgExpander::Environment &globalArgs,
                    const QMap<QString, QString> &buildArgs, QChar escapeToken,
                    bool labelsHaveStageName);

    bool run(DockerfileError *error);

    // BuildKit sets PATH when the image does not (system.DefaultPathEnv("linux")).
    static const QString DefaultPath;

private:
    struct State
    {
        ArgExpander::Environment env; // what expansion sees: ENV and ARG values
        ArgExpander::Environment imageEnv; // ENV only: what the image config keeps
        QString workdir = QStringLiteral("/");
    };
    struct Command
    {
        const DockerfileInstruction *instruction = nullptr;
        int index = -1; // in the stage's instructions, or the base stage's for a trigger
        bool trigger = false;
    };

    int stepTotal(const DockerfileStage &stage) const; // n
    bool dispatch(DockerfileStage &stage, State &state, DockerfileError *error);
    QString runName(const DockerfileInstruction &instruction, const State &state) const;
    QString fileOperationName(const DockerfileInstruction &instruction, const State &state) const;
    bool expandArguments(const DockerfileInstruction &instruction, const State &state,
                         QString *error) const;

    QList<DockerfileStage> &m_stages;
    const ArgExpander::Environment &m_globalArgs;
    const QMap<QString, QString> &m_buildArgs;
    QChar m_escape;
    bool m_labelsHaveStageName;
    ArgExpander m_expander; // values: quotes removed, unset variables empty
    QList<State> m_finalStates; // per stage, for stages built FROM it
    QHash<QString, int> m_namedStages; // lower-case AS name to index
    QList<QList<int>> m_onbuilds; // per stage, the indexes of its ONBUILD instructions
};

} // namespace Cachelab
