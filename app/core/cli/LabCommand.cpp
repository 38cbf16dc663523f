// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cli/LabCommand.h"

#include "core/cli/DoctorCommand.h"
#include "core/lab/Lab.h"
#include "core/lab/LabRegistry.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace Cachelab {

int LabCommand::run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Set up, check or take down what the build scripts need."));
    parser.addHelpOption();
    const QCommandLineOption formatOption(QStringLiteral("format"), QStringLiteral("text or json."),
                                          QStringLiteral("format"), QStringLiteral("text"));
    parser.addOption(formatOption);
    parser.addPositionalArgument(QStringLiteral("lab"), QStringLiteral("The verb."));
    parser.addPositionalArgument(QStringLiteral("up|status|down"), QStringLiteral("What to do."));
    if (!parser.parse(arguments)) {
        err << "cachelab lab: " << parser.errorText() << Qt::endl;
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    const QString format = parser.value(formatOption);
    const QString action = parser.positionalArguments().value(1);
    static const QStringList actions { QStringLiteral("up"), QStringLiteral("status"),
                                       QStringLiteral("down") };
    if (parser.positionalArguments().size() != 2 || !actions.contains(action)
        || (format != QLatin1String("text") && format != QLatin1String("json"))) {
        err << "cachelab lab: use 'cachelab lab up|status|down [--format text|json]'" << Qt::endl;
        return 2;
    }

    const QString root = LabRegistry::defaultRoot();
    LabRegistry registry(root);
    LabEngine engine(root);
    QStringList steps;
    QString error;
    bool ok = true;
    QJsonObject document;
    // Each step as it happens (the engine's take minutes on a first start); JSON at the end.
    const Lab::Progress progress = [&](const QString &line) {
        steps.append(line);
        if (format == QLatin1String("text"))
            out << line << Qt::endl;
    };
    if (action == QLatin1String("up"))
        ok = Lab::up(root, progress, &error);
    else if (action == QLatin1String("down"))
        ok = Lab::down(root, progress, &error);
    const QString address = registry.address();
    const QJsonObject registryJson {
        { QStringLiteral("state"), address.isEmpty() ? QStringLiteral("missing") : QStringLiteral("present") },
        { QStringLiteral("address"), address },
        { QStringLiteral("pid"), double(registry.pid()) },
        { QStringLiteral("storage"), registry.storageDir() },
        { QStringLiteral("remedy"), address.isEmpty() ? QStringLiteral("cachelab lab up") : QString() },
    };
    document.insert(QStringLiteral("registry"), registryJson);
    const LabEngine::Kind engineKind = engine.kind();
    document.insert(QStringLiteral("engine"),
                    QJsonObject { { QStringLiteral("kind"), LabEngine::kindName(engineKind) },
                                  { QStringLiteral("state"), engineKind == LabEngine::Kind::None
                                                                 ? QStringLiteral("missing")
                                                                 : QStringLiteral("present") },
                                  { QStringLiteral("description"), engine.describe() },
                                  { QStringLiteral("cacheDebug"), engine.cacheDebugAddress() },
                                  { QStringLiteral("remedy"), engineKind == LabEngine::Kind::None
                                                                  ? QStringLiteral("cachelab lab up")
                                                                  : QString() } });
    document.insert(QStringLiteral("steps"), QJsonArray::fromStringList(steps));
    if (!ok)
        document.insert(QStringLiteral("error"), error);

    int status = ok ? 0 : 1;
    QString doctorText;
    if (action == QLatin1String("status")) {
        if (address.isEmpty())
            status = 1;
        // The engine, buildx, the builder, the image: the environment check's own probes.
        QTextStream doctorOut(&doctorText);
        QString doctorErrors;
        QTextStream doctorErr(&doctorErrors);
        const int doctor = DoctorCommand::run({ arguments.value(0), QStringLiteral("doctor"),
                                                QStringLiteral("--format"), format },
                                              doctorOut, doctorErr);
        doctorOut.flush();
        if (doctor != 0)
            status = 1;
        if (format == QLatin1String("json"))
            document.insert(QStringLiteral("checks"), QJsonDocument::fromJson(doctorText.toUtf8()).object());
    }
    if (format == QLatin1String("json")) {
        out << QJsonDocument(document).toJson(QJsonDocument::Indented);
    } else {
        out << "registry: "
            << (address.isEmpty() ? QStringLiteral("missing — run 'cachelab lab up'")
                                  : QStringLiteral("present, %1 (scripts get DOCKER_REPO=%1/<project>/<script> "
                                                   "when none is set)")
                                        .arg(address))
            << "\n";
        out << "engine: " << engine.describe() << "\n";
        if (!engine.cacheDebugAddress().isEmpty())
            out << "cache debug data: http://" << engine.cacheDebugAddress()
                << "/debug/cache/store (buildkitd --save-cache-debug)\n";
        out << doctorText;
        out.flush();
    }
    if (!ok)
        err << "cachelab lab " << action << ": " << error << Qt::endl;
    return status;
}

} // namespace Cachelab
