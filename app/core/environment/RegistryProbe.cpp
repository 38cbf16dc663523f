// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/environment/RegistryProbe.h"

#include "core/registry/ImageRef.h"
#include "core/runner/SecretRedactor.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace Cachelab {

QUrl RegistryProbe::versionCheckUrl(const QString &repository, QString *error)
{
    const std::optional<ImageRef> ref = ImageRef::parse(repository, error);
    if (!ref)
        return {};
    QUrl url;
    url.setScheme(ref->isLoopback() ? QStringLiteral("http") : QStringLiteral("https"));
    url.setAuthority(ref->apiHost());
    url.setPath(QStringLiteral("/v2/"));
    return url;
}

void RegistryProbe::start(QObject *context, const QString &repository, int timeoutMs, Callback done)
{
    Result result;
    QString error;
    result.url = versionCheckUrl(repository, &error);
    if (!result.url.isValid()) {
        result.outcome = Result::BadReference;
        result.message = SecretRedactor::redact(error);
        QTimer::singleShot(0, context, [done, result] {
            done(result);
        });
        return;
    }
    auto *network = new QNetworkAccessManager(context);
    // A proxy from the environment would answer for a loopback registry that is not there.
    if (result.url.scheme() == QLatin1String("http"))
        network->setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest request(result.url);
    request.setTransferTimeout(timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = network->get(request);
    QObject::connect(reply, &QNetworkReply::finished, network, [network, reply, result, done] {
        Result answer = result;
        answer.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (answer.httpStatus == 200 || answer.httpStatus == 401) {
            answer.outcome = Result::Reachable;
        } else if (answer.httpStatus != 0) {
            answer.outcome = Result::NotARegistry;
            answer.message
                = QStringLiteral("HTTP %1 on /v2/: not a registry API").arg(answer.httpStatus);
        } else {
            answer.outcome = reply->error() == QNetworkReply::ConnectionRefusedError
                ? Result::Refused
                : Result::Unreachable;
            answer.message = reply->error() == QNetworkReply::OperationCanceledError
                ? QStringLiteral("no answer in time")
                : SecretRedactor::redact(reply->errorString());
        }
        network->deleteLater();
        done(answer);
    });
}

} // namespace Cachelab
