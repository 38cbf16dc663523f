// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cli/CacheInspectCommand.h"

#include "core/cli/CommandLine.h"
#include "core/registry/CacheInspector.h"
#include "core/registry/DockerCredentials.h"
#include "core/registry/ImageRef.h"
#include "core/registry/RegistryClient.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonDocument>
#include <QTextStream>

namespace Cachelab {

int CacheInspectCommand::run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const QString usage = QStringLiteral(
        "usage: cachelab cache inspect REF [--image IMAGE_REF] [--insecure] [--format text|json] "
        "[--timeout S]");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Read a BuildKit registry cache."));
    const QCommandLineOption insecureOption(
        QStringLiteral("insecure"),
        QStringLiteral("Plain HTTP to a registry that is not on a loopback address."));
    const QCommandLineOption formatOption(QStringLiteral("format"), QStringLiteral("text or json."),
                                          QStringLiteral("format"), QStringLiteral("text"));
    const QCommandLineOption timeoutOption(
        QStringLiteral("timeout"),
        QStringLiteral("Seconds without progress before a request fails."),
        QStringLiteral("seconds"), QStringLiteral("30"));
    const QCommandLineOption imageOption(
        QStringLiteral("image"),
        QStringLiteral("The image the build pushed: names the cache's layers after its steps."),
        QStringLiteral("ref"));
    const QCommandLineOption helpOption(QStringLiteral("help"), QStringLiteral("This help."));
    parser.addOptions({ insecureOption, formatOption, timeoutOption, imageOption, helpOption });
    parser.addPositionalArgument(QStringLiteral("cache"), QStringLiteral("The verb."));
    parser.addPositionalArgument(QStringLiteral("inspect"), QStringLiteral("The subcommand."));
    parser.addPositionalArgument(QStringLiteral("REF"),
                                 QStringLiteral("host[:port]/repo:tag or @sha256:…"));
    if (!parser.parse(arguments)) {
        err << "cachelab cache: " << parser.errorText() << Qt::endl << usage << Qt::endl;
        return 2;
    }
    const QStringList positional = parser.positionalArguments();
    if (parser.isSet(helpOption)) {
        out << usage << Qt::endl;
        return 0;
    }
    if (positional.size() != 3 || positional.at(1) != QLatin1String("inspect")) {
        err << "cachelab cache: " << usage << Qt::endl;
        return 2;
    }
    const QString format = parser.value(formatOption);
    double timeout = 0;
    if (!CommandLine::isOneOf(QStringLiteral("cache inspect"), QStringLiteral("format"), format,
                              { QStringLiteral("text"), QStringLiteral("json") }, err)
        || !CommandLine::number(QStringLiteral("cache inspect"), QStringLiteral("timeout"),
                                parser.value(timeoutOption), 0, &timeout, err, true))
        return 2;
    QString error;
    const auto ref = ImageRef::parse(positional.at(2), &error);
    if (!ref) {
        err << "cachelab cache inspect: " << positional.at(2) << ": " << error << Qt::endl;
        return 2;
    }

    std::optional<ImageRef> imageRef;
    if (parser.isSet(imageOption)) {
        imageRef = ImageRef::parse(parser.value(imageOption), &error);
        if (!imageRef) {
            err << "cachelab cache inspect: --image " << parser.value(imageOption) << ": " << error
                << Qt::endl;
            return 2;
        }
    }

    const DockerCredentials credentials = DockerCredentials::fromEnvironment();
    if (!credentials.loadError().isEmpty()) {
        err << "cachelab cache inspect: " << credentials.loadError() << Qt::endl;
        return 1;
    }
    // One client per registry: each has its own credentials and tokens.
    const auto makeClient = [&](const ImageRef &forRef) -> std::unique_ptr<RegistryClient> {
        auto client = std::make_unique<RegistryClient>(forRef);
        client->setInsecure(parser.isSet(insecureOption));
        client->setTimeout(int(timeout * 1000));
        QString lookupError;
        client->setCredentials(credentials.lookup(forRef.credentialKey(), &lookupError));
        if (!lookupError.isEmpty()) {
            err << "cachelab cache inspect: " << client->redact(lookupError) << Qt::endl;
            return nullptr;
        }
        return client;
    };
    const std::unique_ptr<RegistryClient> cacheClient = makeClient(*ref);
    if (!cacheClient)
        return 1;
    std::unique_ptr<RegistryClient> imageClient;
    if (imageRef) {
        imageClient = makeClient(*imageRef);
        if (!imageClient)
            return 1;
    }
    // Messages may come from either client: mask both's secrets.
    const auto redact = [&](const QString &text) {
        return imageClient ? imageClient->redact(cacheClient->redact(text))
                           : cacheClient->redact(text);
    };

    CacheInspector inspector(cacheClient.get());
    inspector.setImageClient(imageClient.get());
    QEventLoop loop;
    int status = 1;
    inspector.inspect([&](const CacheInspection &inspection, const RegistryError &registryError) {
        if (registryError.isError()) {
            err << "cachelab cache inspect: " << redact(registryError.message) << Qt::endl;
            status = 1;
        } else {
            if (format == QLatin1String("json"))
                out << redact(QString::fromUtf8(
                    QJsonDocument(inspection.toJson()).toJson(QJsonDocument::Indented)));
            else
                out << redact(inspection.toText());
            out.flush();
            status = 0;
        }
        loop.quit();
    });
    loop.exec();
    return status;
}

} // namespace Cachelab
