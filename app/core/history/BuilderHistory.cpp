// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/history/BuilderHistory.h"

#include "core/environment/ToolLookup.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QElapsedTimer>
#include <QProcess>

namespace Cachelab {

BuilderHistory::BuilderHistory(const QProcessEnvironment &environment, const QString &builder,
                               int timeoutMs)
    : m_environment(environment)
    , m_builder(builder)
    , m_timeoutMs(timeoutMs)
{
}

QStringList BuilderHistory::command(const QStringList &arguments) const
{
    QStringList command{QStringLiteral("docker"), QStringLiteral("buildx")};
    if (!m_builder.isEmpty())
        command << QStringLiteral("--builder") << m_builder;
    command << QStringLiteral("history") << arguments;
    return command;
}

std::optional<QByteArray> BuilderHistory::run(const QStringList &arguments, QString *error,
                                              Channel channel) const
{
    const QStringList words = command(arguments);
    auto fail = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(words.mid(0, 4 + (m_builder.isEmpty() ? 0 : 2)).join(QLatin1Char(' ')), why);
        return std::nullopt;
    };
    const QString docker = ToolLookup::find(QStringLiteral("docker"), m_environment);
    if (docker.isEmpty())
        return fail(QStringLiteral("docker is not installed (run `cachelab lab up`, or install docker and buildx)"));
    QProcess process;
    process.setProcessEnvironment(m_environment);
    process.setProgram(docker);
    process.setArguments(words.mid(1));
    process.start();
    if (!process.waitForStarted(m_timeoutMs))
        return fail(process.errorString());
    // Logs of a long build run to many megabytes: read as they come, not at the end, so
    // that the pipe never fills while we wait.
    QByteArray output;
    QElapsedTimer clock;
    clock.start();
    while (process.state() != QProcess::NotRunning) {
        const qint64 left = m_timeoutMs - clock.elapsed();
        if (left <= 0) {
            process.kill();
            process.waitForFinished(2000);
            return fail(QStringLiteral("no answer within %1 s").arg(m_timeoutMs / 1000));
        }
        process.waitForReadyRead(int(qMin<qint64>(left, 1000)));
        output += channel == Channel::Stdout ? process.readAllStandardOutput()
                                             : process.readAllStandardError();
    }
    output += channel == Channel::Stdout ? process.readAllStandardOutput()
                                         : process.readAllStandardError();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        // buildx says why on stderr; where stderr is the output (logs), on its last line.
        QByteArray said = channel == Channel::Stdout ? process.readAllStandardError() : output;
        if (channel == Channel::Stderr) {
            const QList<QByteArray> lines = said.trimmed().split('\n');
            said = lines.isEmpty() ? QByteArray() : lines.last();
        }
        const QString message = ToolLookup::displayText(said, m_environment, 1);
        return fail(message.isEmpty() ? QStringLiteral("exit code %1").arg(process.exitCode())
                                      : message);
    }
    return output;
}

std::optional<QList<HistoryRecord>> BuilderHistory::list(QString *error)
{
    std::optional<QByteArray> output
        = run({QStringLiteral("ls"), QStringLiteral("--format"), QStringLiteral("json"),
               QStringLiteral("--no-trunc")},
              error);
    if (!output)
        return std::nullopt;
    QList<HistoryRecord> records;
    int lineNumber = 0;
    for (const QByteArray &line : output->split('\n')) {
        ++lineNumber;
        if (line.trimmed().isEmpty())
            continue;
        const QJsonDocument document = QJsonDocument::fromJson(line);
        QString recordError = QStringLiteral("not a JSON object");
        std::optional<HistoryRecord> record
            = document.isObject() ? HistoryRecord::fromListJson(document.object(), &recordError)
                                  : std::nullopt;
        if (!record) {
            if (error)
                *error = QStringLiteral("docker buildx history ls, line %1: %2")
                             .arg(lineNumber)
                             .arg(recordError);
            return std::nullopt;
        }
        records.append(*record);
    }
    return records;
}

std::optional<HistoryRecord> BuilderHistory::inspect(const QString &ref, QString *error)
{
    // `ls` names a record builder/node/id; the other verbs take the id, on that builder.
    const QStringList parts = ref.split(QLatin1Char('/'));
    if (parts.size() == 3 && m_builder.isEmpty())
        return BuilderHistory(m_environment, parts.first(), m_timeoutMs).inspect(ref, error);
    std::optional<QByteArray> inspected = run(
        {QStringLiteral("inspect"), QStringLiteral("--format"), QStringLiteral("json"), parts.last()},
        error);
    if (!inspected)
        return std::nullopt;
    const QJsonDocument document = QJsonDocument::fromJson(*inspected);
    if (!document.isObject()) {
        if (error)
            *error = QStringLiteral("docker buildx history inspect %1: not a JSON object").arg(ref);
        return std::nullopt;
    }
    HistoryRecord record;
    record.ref = ref;
    record.addInspectJson(document.object());
    return record;
}

std::optional<HistoryBuild> BuilderHistory::fetch(const QString &ref, QString *error)
{
    const QStringList parts = ref.split(QLatin1Char('/'));
    if (parts.size() == 3 && m_builder.isEmpty())
        return BuilderHistory(m_environment, parts.first(), m_timeoutMs).fetch(ref, error);
    std::optional<HistoryRecord> record = inspect(ref, error);
    if (!record)
        return std::nullopt;
    std::optional<QByteArray> log
        = run({QStringLiteral("logs"), QStringLiteral("--progress"), QStringLiteral("rawjson"), parts.last()},
              error, Channel::Stderr); // buildx prints progress to stderr, as a build does
    if (!log)
        return std::nullopt;
    return HistoryBuild{*record, std::move(*log)};
}

} // namespace Cachelab
