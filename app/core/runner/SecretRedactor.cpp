// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runner/SecretRedactor.h"

#include <QRegularExpression>

namespace Cachelab {

bool SecretRedactor::isSecretName(const QString &variableName)
{
    static const QRegularExpression secret(
        QStringLiteral("(TOKEN|SECRET|PASSWORD|PASSWD|PASS$|_PASS_|API_?KEY|PRIVATE_?KEY|ACCESS_?"
                       "KEY|CREDENTIAL|AUTH)"),
        QRegularExpression::CaseInsensitiveOption);
    return secret.match(variableName).hasMatch();
}

QStringList SecretRedactor::describe(const QProcessEnvironment &environment)
{
    QStringList lines;
    const QStringList keys = environment.keys();
    for (const QString &key : keys)
        lines.append(key + QLatin1Char('=')
                     + (isSecretName(key) ? mask() : environment.value(key)));
    lines.sort();
    return lines;
}

QString SecretRedactor::redact(const QString &text, const QProcessEnvironment &environment)
{
    QString out = text;
    // Values of secret variables, wherever a tool echoes them. Short values would mask
    // ordinary words; real secrets are longer.
    const QStringList keys = environment.keys();
    for (const QString &key : keys) {
        const QString value = environment.value(key);
        if (isSecretName(key) && value.size() >= 6)
            out.replace(value, mask());
    }
    static const QList<QPair<QRegularExpression, QString>> patterns {
        // https://user:password@host
        { QRegularExpression(QStringLiteral("(\\b[a-z][a-z0-9+.-]*://[^/\\s:@]+:)[^@\\s/]+(@)"),
                             QRegularExpression::CaseInsensitiveOption),
          QStringLiteral("\\1***\\2") },
        // Authorization: Bearer xyz / Basic xyz
        { QRegularExpression(QStringLiteral("\\b(Bearer|Basic)\\s+[A-Za-z0-9._~+/=-]{8,}"),
                             QRegularExpression::CaseInsensitiveOption),
          QStringLiteral("\\1 ***") },
        // --password xyz, --password=xyz, -p xyz after "login"
        { QRegularExpression(QStringLiteral("(--password(?:-stdin)?[= ])\\S+")),
          QStringLiteral("\\1***") },
        { QRegularExpression(QStringLiteral("(\\blogin\\b.*\\s-p\\s+)\\S+")),
          QStringLiteral("\\1***") },
        // "token": "…", "access_token":"…", "auth": "…" in JSON (docker config, token answers)
        { QRegularExpression(QStringLiteral("(\"(?:access_token|token|auth|identitytoken|password|"
                                            "Secret)\"\\s*:\\s*\")[^\"]+(\")"),
                             QRegularExpression::CaseInsensitiveOption),
          QStringLiteral("\\1***\\2") },
        // GitHub and similar personal tokens
        { QRegularExpression(
              QStringLiteral("\\b(ghp|gho|ghs|ghu|github_pat|glpat|dckr_pat)_[A-Za-z0-9_]{10,}")),
          QStringLiteral("\\1_***") },
    };
    for (const auto &[pattern, replacement] : patterns)
        out.replace(pattern, replacement);
    return out;
}

QByteArray SecretRedactor::redact(const QByteArray &bytes, const QProcessEnvironment &environment)
{
    return redact(QString::fromUtf8(bytes), environment).toUtf8();
}

} // namespace Cachelab
