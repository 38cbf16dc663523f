// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cli/ReplayCommand.h"

#include "core/cli/CommandLine.h"
#include "core/progress/LogWrapper.h"
#include "core/progress/ProgressStreamParser.h"
#include "core/progress/RawJsonProgressParser.h"

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
    QTextStream out(stdout);
    if (const std::optional<int> status = CommandLine::parse(parser, QStringLiteral("replay"), arguments, out, err))
        return *status;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2) {
        err << "cachelab replay: usage: cachelab replay LOG [--speed N] [--max-pause S]" << Qt::endl;
        return 2;
    }
    double speed = 0;
    double maxPause = 0;
    if (!CommandLine::number(QStringLiteral("replay"), QStringLiteral("speed"), parser.value(speedOption), 0, &speed,
                             err)
        || !CommandLine::number(QStringLiteral("replay"), QStringLiteral("max-pause"), parser.value(maxPauseOption),
                                0, &maxPause, err))
        return 2;
    // What analyze would refuse is refused here too (binary, empty, not BuildKit's).
    QString error;
    if (!ProgressStreamParser::readFileRuns(positional.at(1), &error)) {
        err << "cachelab replay: " << error << Qt::endl;
        return 1;
    }
    QFile file(positional.at(1));
    if (!file.open(QIODevice::ReadOnly)) {
        err << "cachelab replay: " << positional.at(1) << ": " << file.errorString() << Qt::endl;
        return 1;
    }
    LogWrapper wrapper = ProgressStreamParser::wrapperOf(file.read(64 * 1024));
    file.seek(0);

    // The pace: a wrapper's own times (a CI log), a rawjson line's latest time, or a plain
    // log's "#N DONE 1.2s" (the step's time, before its DONE line).
    static const QRegularExpression done(QStringLiteral("^#\\d+ DONE (\\d+(?:\\.\\d+)?)s"));
    qint64 lastTime = -1;
    const auto pause = [&](double seconds) {
        if (speed > 0 && seconds > 0)
            QThread::usleep(qint64(std::min(seconds / speed, maxPause) * 1e6));
    };
    // Unbuffered writes, line by line: the reader sees each line when a build would print it.
    while (!file.atEnd()) {
        const QByteArray line = file.readLine();
        if (speed > 0) {
            QByteArrayView text(line);
            if (text.endsWith('\n'))
                text.chop(1);
            const LogWrapper::Line unwrapped = wrapper.unwrap(text);
            qint64 time = unwrapped.msecs != LogWrapper::kNoTime ? unwrapped.msecs : -1;
            if (time < 0 && unwrapped.text.startsWith('{'))
                time = RawJsonProgressParser::latestTime(unwrapped.text);
            if (time >= 0) {
                if (lastTime >= 0 && time > lastTime)
                    pause((time - lastTime) / 1000.0);
                lastTime = std::max(lastTime, time);
            } else {
                const auto match = done.match(QString::fromUtf8(unwrapped.text.first(std::min<qsizetype>(unwrapped.text.size(), 200))));
                if (match.hasMatch())
                    pause(match.captured(1).toDouble());
            }
        }
        std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
        std::fflush(stdout);
    }
    return 0;
}

} // namespace Cachelab
