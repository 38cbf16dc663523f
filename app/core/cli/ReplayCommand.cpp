// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cli/ReplayCommand.h"

#include <cstdio>
#include <QCommandLineParser>
#include <QFile>
#include <QRegularExpression>
#include <QTextStream>
#include <QThread>

namespace Cachelab {

int ReplayCommand::run(const QStringList &arguments, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Print a recorded BuildKit log at the pace of the build."));
    parser.addHelpOption();
    const QCommandLineOption speedOption(
        QStringLiteral("speed"),
        QStringLiteral("How many times faster than real time (0: at once)."),
        QStringLiteral("factor"), QStringLiteral("1"));
    const QCommandLineOption maxPauseOption(
        QStringLiteral("max-pause"), QStringLiteral("Longest pause for one step, in seconds."),
        QStringLiteral("seconds"), QStringLiteral("5"));
    parser.addOptions({ speedOption, maxPauseOption });
    parser.addPositionalArgument(QStringLiteral("replay"), QStringLiteral("The verb."));
    parser.addPositionalArgument(QStringLiteral("LOG"),
                                 QStringLiteral("A recorded plain or rawjson log."));
    if (!parser.parse(arguments)) {
        err << "cachelab replay: " << parser.errorText() << Qt::endl;
        return 2;
    }
    const QStringList positional = parser.positionalArguments();
    bool speedOk = false;
    bool pauseOk = false;
    const double speed = parser.value(speedOption).toDouble(&speedOk);
    const double maxPause = parser.value(maxPauseOption).toDouble(&pauseOk);
    if (positional.size() != 2 || !speedOk || speed < 0 || !pauseOk || maxPause < 0) {
        err << "cachelab replay: usage: cachelab replay LOG [--speed N] [--max-pause S]"
            << Qt::endl;
        return 2;
    }
    QFile file(positional.at(1));
    if (!file.open(QIODevice::ReadOnly)) {
        err << "cachelab replay: " << positional.at(1) << ": " << file.errorString() << Qt::endl;
        return 1;
    }

    static const QRegularExpression done(QStringLiteral("^#\\d+ DONE (\\d+(?:\\.\\d+)?)s"));
    // Unbuffered writes, line by line: the reader sees each line when a build would print it.
    while (!file.atEnd()) {
        const QByteArray line = file.readLine();
        if (speed > 0) {
            const auto match = done.match(QString::fromLatin1(line));
            if (match.hasMatch()) {
                const double pause = std::min(match.captured(1).toDouble() / speed, maxPause);
                QThread::usleep(qint64(pause * 1e6));
            }
        }
        std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
        std::fflush(stdout);
    }
    return 0;
}

} // namespace Cachelab
