// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/ImageRef.h"

#include <QHostAddress>
#include <QRegularExpression>

namespace Cachelab {

namespace {

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

// distribution/reference: a first component is a domain when it has a dot or a colon or is
// `localhost`; otherwise the whole name lives on Docker Hub.
bool looksLikeDomain(const QString &component)
{
    return component.contains(QLatin1Char('.')) || component.contains(QLatin1Char(':'))
        || component == QLatin1String("localhost") || component.startsWith(QLatin1Char('['));
}

QString hostOf(const QString &domain)
{
    if (domain.startsWith(QLatin1Char('['))) {
        const int end = domain.indexOf(QLatin1Char(']'));
        return end > 0 ? domain.mid(1, end - 1) : domain;
    }
    const int colon = domain.lastIndexOf(QLatin1Char(':'));
    return colon >= 0 ? domain.left(colon) : domain;
}

} // namespace

std::optional<ImageRef> ImageRef::parse(const QString &input, QString *error)
{
    static const QRegularExpression pathComponent(
        QStringLiteral("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$"));
    static const QRegularExpression tagPattern(
        QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"));
    static const QRegularExpression digestPattern(
        QStringLiteral("^sha256:[0-9a-f]{64}$|^sha512:[0-9a-f]{128}$"));
    static const QRegularExpression domainPattern(QStringLiteral(
        "^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*"
        "[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?$"));

    QString text = input.trimmed();
    if (text.isEmpty()) {
        fail(error, QStringLiteral("empty image reference"));
        return std::nullopt;
    }
    ImageRef ref;
    const int at = text.indexOf(QLatin1Char('@'));
    if (at >= 0) {
        ref.m_digest = text.mid(at + 1);
        text = text.left(at);
        if (!digestPattern.match(ref.m_digest).hasMatch()) {
            fail(error,
                 QStringLiteral("invalid digest \"%1\" (expected sha256:<64 hex>)")
                     .arg(ref.m_digest));
            return std::nullopt;
        }
    }
    // A tag is after the last colon that has no slash after it (host:port/repo has one).
    const int slash = text.lastIndexOf(QLatin1Char('/'));
    const int colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon > slash) {
        ref.m_tag = text.mid(colon + 1);
        text = text.left(colon);
        if (!tagPattern.match(ref.m_tag).hasMatch()) {
            fail(error, QStringLiteral("invalid tag \"%1\"").arg(ref.m_tag));
            return std::nullopt;
        }
    }
    const int firstSlash = text.indexOf(QLatin1Char('/'));
    if (firstSlash > 0 && looksLikeDomain(text.left(firstSlash))) {
        ref.m_domain = text.left(firstSlash);
        ref.m_repository = text.mid(firstSlash + 1);
    } else {
        ref.m_domain = QStringLiteral("docker.io");
        ref.m_repository = text;
    }
    if (ref.m_domain == QLatin1String("index.docker.io")
        || ref.m_domain == QLatin1String("registry-1.docker.io"))
        ref.m_domain = QStringLiteral("docker.io");
    if (!domainPattern.match(ref.m_domain).hasMatch()) {
        fail(error, QStringLiteral("invalid registry host \"%1\"").arg(ref.m_domain));
        return std::nullopt;
    }
    if (ref.m_repository.isEmpty()) {
        fail(error, QStringLiteral("no repository in \"%1\"").arg(input));
        return std::nullopt;
    }
    const QStringList components = ref.m_repository.split(QLatin1Char('/'));
    for (const QString &component : components) {
        if (!pathComponent.match(component).hasMatch()) {
            fail(error,
                 QStringLiteral("invalid repository name \"%1\" (lower case letters, digits and "
                                "separators only)")
                     .arg(ref.m_repository));
            return std::nullopt;
        }
    }
    if (ref.isDockerHub() && components.size() == 1)
        ref.m_repository.prepend(QLatin1String("library/"));
    return ref;
}

QString ImageRef::apiHost() const
{
    return isDockerHub() ? QStringLiteral("registry-1.docker.io") : m_domain;
}

QString ImageRef::manifestReference() const
{
    if (!m_digest.isEmpty())
        return m_digest;
    return m_tag.isEmpty() ? QStringLiteral("latest") : m_tag;
}

QString ImageRef::credentialKey() const
{
    return isDockerHub() ? QStringLiteral("https://index.docker.io/v1/") : m_domain;
}

bool ImageRef::isLoopback() const
{
    const QString host = hostOf(m_domain);
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

QString ImageRef::toString() const
{
    QString text = m_domain + QLatin1Char('/') + m_repository;
    if (!m_tag.isEmpty())
        text += QLatin1Char(':') + m_tag;
    if (!m_digest.isEmpty())
        text += QLatin1Char('@') + m_digest;
    return text;
}

} // namespace Cachelab
