// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dockerfile/ImageReference.h"

#include <QRegularExpression>

namespace Cachelab {

namespace {

const QString DefaultDomain = QStringLiteral("docker.io");
const QString LegacyDefaultDomain = QStringLiteral("index.docker.io");
const QString OfficialRepoPrefix = QStringLiteral("library/");
constexpr int NameTotalLengthMax = 255;

// The grammar of distribution/reference (regexp.go), anchored.
const QRegularExpression &referencePattern()
{
    static const QRegularExpression re([]() -> QString {
        const QString alphanumeric = QStringLiteral("[a-z0-9]+");
        const QString separator = QStringLiteral("(?:[._]|__|[-]+)");
        const QString pathComponent = alphanumeric + QStringLiteral("(?:") + separator
            + alphanumeric + QStringLiteral(")*");
        const QString domainComponent
            = QStringLiteral("(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])");
        const QString domainName
            = domainComponent + QStringLiteral("(?:\\.") + domainComponent + QStringLiteral(")*");
        const QString host
            = QStringLiteral("(?:") + domainName + QStringLiteral("|\\[(?:[a-fA-F0-9:]+)\\])");
        const QString domainAndPort = host + QStringLiteral("(?::[0-9]+)?");
        const QString remoteName
            = pathComponent + QStringLiteral("(?:/") + pathComponent + QStringLiteral(")*");
        const QString name
            = QStringLiteral("(?:") + domainAndPort + QStringLiteral("/)?") + remoteName;
        const QString tag = QStringLiteral("[\\w][\\w.-]{0,127}");
        const QString digest = QStringLiteral(
            "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}");
        return QStringLiteral("^(") + name + QStringLiteral(")(?::(") + tag
            + QStringLiteral("))?(?:@(") + digest + QStringLiteral("))?$");
    }());
    return re;
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

// distribution/reference's splitDockerDomain: is the first component a registry?
void splitDockerDomain(const QString &name, QString *domain, QString *remainder)
{
    const qsizetype slash = name.indexOf(QLatin1Char('/'));
    if (slash < 0) {
        *domain = DefaultDomain;
        *remainder = OfficialRepoPrefix + name;
        return;
    }
    const QString maybeDomain = name.left(slash);
    const QString maybeRemote = name.mid(slash + 1);
    if (maybeDomain == QLatin1String("localhost")) {
        *domain = maybeDomain;
        *remainder = maybeRemote;
    } else if (maybeDomain == LegacyDefaultDomain) {
        *domain = DefaultDomain;
        *remainder = maybeRemote;
    } else if (maybeDomain.contains(QLatin1Char('.')) || maybeDomain.contains(QLatin1Char(':'))
               || maybeDomain.toLower() != maybeDomain) {
        // a host name, an IP address, host:port, or (upper case is not allowed in a
        // repository) something that can only be a host
        *domain = maybeDomain;
        *remainder = maybeRemote;
    } else {
        *domain = DefaultDomain;
        *remainder = name;
    }
    if (*domain == DefaultDomain && !remainder->contains(QLatin1Char('/')))
        *remainder = OfficialRepoPrefix + *remainder;
}

} // namespace

std::optional<ImageReference> ImageReference::parse(const QString &reference, QString *error)
{
    static const QRegularExpression identifier(QStringLiteral("^[a-f0-9]{64}$"));
    if (identifier.match(reference).hasMatch()) {
        fail(error,
             QStringLiteral("invalid repository name (%1), cannot specify 64-byte "
                            "hexadecimal strings")
                 .arg(reference));
        return std::nullopt;
    }
    QString domain;
    QString remainder;
    splitDockerDomain(reference, &domain, &remainder);
    const qsizetype tagSeparator = remainder.indexOf(QLatin1Char(':'));
    const QString remote = tagSeparator < 0 ? remainder : remainder.left(tagSeparator);
    if (remote.toLower() != remote) {
        fail(error,
             QStringLiteral("invalid reference format: repository name (%1) must be "
                            "lowercase")
                 .arg(remote));
        return std::nullopt;
    }

    const QString full = domain + QLatin1Char('/') + remainder;
    const QRegularExpressionMatch match = referencePattern().match(full);
    if (!match.hasMatch()) {
        if (referencePattern().match(full.toLower()).hasMatch())
            fail(error,
                 QStringLiteral("invalid reference format: repository name must be "
                                "lowercase"));
        else
            fail(error, QStringLiteral("invalid reference format"));
        return std::nullopt;
    }
    const QString name = match.captured(1);
    if (name.size() > NameTotalLengthMax) {
        fail(error,
             QStringLiteral("repository name must not be more than %1 characters")
                 .arg(NameTotalLengthMax));
        return std::nullopt;
    }

    ImageReference result;
    // The name is domain/path; the domain is what splitDockerDomain chose.
    result.m_domain = domain;
    result.m_path = name.mid(domain.size() + 1);
    result.m_tag = match.captured(2);
    result.m_digest = match.captured(3);
    if (!result.m_digest.isEmpty()) {
        const qsizetype colon = result.m_digest.indexOf(QLatin1Char(':'));
        const QString algorithm = result.m_digest.left(colon);
        const qsizetype hexLength = result.m_digest.size() - colon - 1;
        const int expected = algorithm == QLatin1String("sha256") ? 64
            : algorithm == QLatin1String("sha384")                ? 96
            : algorithm == QLatin1String("sha512")                ? 128
                                                                  : 0;
        if (expected == 0) {
            fail(error, QStringLiteral("unsupported digest algorithm"));
            return std::nullopt;
        }
        if (hexLength != expected) {
            fail(error, QStringLiteral("invalid checksum digest length"));
            return std::nullopt;
        }
    }
    return result;
}

QString ImageReference::normalized() const
{
    QString text = m_domain + QLatin1Char('/') + m_path;
    if (!m_tag.isEmpty())
        text += QLatin1Char(':') + m_tag;
    if (!m_digest.isEmpty())
        text += QLatin1Char('@') + m_digest;
    return text;
}

QString ImageReference::withDefaultTag() const
{
    if (m_tag.isEmpty() && m_digest.isEmpty())
        return m_domain + QLatin1Char('/') + m_path + QLatin1String(":latest");
    return normalized();
}

} // namespace Cachelab
