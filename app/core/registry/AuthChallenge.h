// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>

namespace Cachelab {

// One `WWW-Authenticate` challenge of a registry's 401: `Bearer realm="…",service="…",
// scope="repository:x:pull,push"` (token flow) or `Basic realm="…"`. Values may be quoted
// and hold commas, so this is a small tokenizer rather than a split on commas.
class AuthChallenge
{
public:
    enum class Scheme
    {
        None,
        Basic,
        Bearer,
        Other
    };

    static AuthChallenge parse(const QByteArray &header);

    Scheme scheme() const { return m_scheme; }
    QString schemeName() const { return m_schemeName; }
    QString parameter(const QString &name) const { return m_parameters.value(name.toLower()); }
    QString realm() const { return parameter(QStringLiteral("realm")); }
    QString service() const { return parameter(QStringLiteral("service")); }
    QString scope() const { return parameter(QStringLiteral("scope")); }

private:
    Scheme m_scheme = Scheme::None;
    QString m_schemeName;
    QMap<QString, QString> m_parameters;
};

} // namespace Cachelab
