// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cli/LabCommand.h"

#include "core/cli/DoctorCommand.h"
#include "core/lab/LabBuildx.h"
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

    LabRegistry registry;
    LabBuildx buildx(LabRegistry::defaultRoot());
    QStringList steps;
    QString error;
    bool ok = true;
    QJsonObject document;
    // Each piece on its own: one that fails says why and leaves the others as they are.
    auto step = [&](bool done, const QString &failure) {
        if (!done) {
            ok = false;
            error += (error.isEmpty() ? QString() : QStringLiteral("; ")) + failure;
        }
    };
    if (action == QLatin1String("up")) {
        QString failure;
        step(registry.start(&steps, &failure), failure);
        failure.clear();
        step(buildx.install(&steps, &failure), failure);
    } else if (action == QLatin1String("down")) {
        QString failure;
        step(buildx.remove(&steps, &failure), failure);
        failure.clear();
        step(registry.stop(&steps, &failure), failure);
    }
    const QString address = registry.address();
    const QJsonObject registryJson {
        { QStringLiteral("state"), address.isEmpty() ? QStringLiteral("missing") : QStringLiteral("present") },
        { QStringLiteral("address"), address },
        { QStringLiteral("pid"), double(registry.pid()) },
        { QStringLiteral("storage"), registry.storageDir() },
        { QStringLiteral("remedy"), address.isEmpty() ? QStringLiteral("cachelab lab up") : QString() },
    };
    document.insert(QStringLiteral("registry"), registryJson);
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
        for (const QString &step : std::as_const(steps))
            out << step << "\n";
        out << "registry: "
            << (address.isEmpty() ? QStringLiteral("missing — run 'cachelab lab up'")
                                  : QStringLiteral("present, %1 (scripts get DOCKER_REPO=%1/<project> "
                                                   "when none is set)")
                                        .arg(address))
            << "\n";
        out << doctorText;
        out.flush();
    }
    if (!ok)
        err << "cachelab lab " << action << ": " << error << Qt::endl;
    return status;
}

} // namespace Cachelab
