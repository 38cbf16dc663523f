// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/report/ToolVersions.h"

#include "core/environment/ToolLookup.h"

#include <QProcess>

namespace Cachelab {

QList<ToolVersions::Tool> ToolVersions::probe(const QProcessEnvironment &environment, int timeoutMs)
{
    const QList<QStringList> commands {
        { QStringLiteral("docker"), QStringLiteral("version"), QStringLiteral("--format"),
          QStringLiteral("client {{.Client.Version}} ({{.Client.Os}}/{{.Client.Arch}}), "
                         "engine {{.Server.Version}}") },
        { QStringLiteral("docker"), QStringLiteral("buildx"), QStringLiteral("version") },
        { QStringLiteral("buildctl"), QStringLiteral("--version") },
    };
    QList<Tool> tools;
    for (const QStringList &command : commands) {
        Tool tool;
        tool.command = command
                           .mid(0,
                                command.first() == QLatin1String("docker")
                                        && command.at(1) == QLatin1String("version")
                                    ? 2
                                    : command.size())
                           .join(QLatin1Char(' '));
        const QString program = ToolLookup::find(command.first(), environment);
        if (program.isEmpty()) {
            tool.problem = QStringLiteral("not found");
            tools.append(tool);
            continue;
        }
        QProcess process;
        process.setProcessEnvironment(environment);
        process.setProgram(program);
        process.setArguments(command.mid(1));
        process.start();
        if (!process.waitForFinished(timeoutMs)) {
            process.kill();
            process.waitForFinished(1000);
            tool.problem = QStringLiteral("no answer in %1 s").arg(timeoutMs / 1000);
            tools.append(tool);
            continue;
        }
        const QString output
            = ToolLookup::displayText(process.readAllStandardOutput(), environment);
        if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
            const QString error
                = ToolLookup::displayText(process.readAllStandardError(), environment);
            // docker version prints the client half even when the engine does not answer.
            tool.version = output.section(QLatin1Char('\n'), 0, 1);
            tool.problem = QStringLiteral("exit status %1: %2")
                               .arg(process.exitCode())
                               .arg(error.section(QLatin1Char('\n'), 0, 0));
        } else {
            tool.version = output.section(QLatin1Char('\n'), 0, 1);
        }
        tools.append(tool);
    }
    return tools;
}

QString ToolVersions::toMarkdown(const QList<Tool> &tools)
{
    QString out;
    for (const Tool &tool : tools) {
        out += QStringLiteral("- `%1`: ").arg(tool.command);
        if (!tool.version.isEmpty())
            out += QStringLiteral("`%1`").arg(
                QString(tool.version).replace(QLatin1Char('\n'), QStringLiteral("; ")));
        if (!tool.problem.isEmpty())
            out += tool.version.isEmpty() ? tool.problem
                                          : QStringLiteral(" (%1)").arg(tool.problem);
        out += QLatin1Char('\n');
    }
    return out;
}

} // namespace Cachelab
