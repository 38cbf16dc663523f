// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/runner/SecretRedactor.h"

#include <algorithm>
#include <cstring>
#include <string.h>
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

namespace {

QByteArray asciiLower(QByteArrayView bytes)
{
    QByteArray lower(bytes.size(), Qt::Uninitialized);
    std::transform(bytes.begin(), bytes.end(), lower.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? char(c + ('a' - 'A')) : c;
    });
    return lower;
}

// Whether `lower` (ASCII-lowercased text) holds what one of redact()'s patterns needs
// to match. A superset of the patterns' triggers, cheap to test: a build's output
// mostly holds none, and then needs no regular expression at all.
bool mayHoldSecret(QByteArrayView lower)
{
    // JSON keys end in '":' (token, auth, password, secret, access_token, ...).
    static const char *const triggers[]
        = { "://", "bearer", "basic", "password", "login", "\":", "\" :", "ghp_", "gho_",
            "ghs_", "ghu_", "github_pat_", "glpat_", "dckr_pat_" };
    for (const char *trigger : triggers) {
        // glibc's memmem: many times faster than a generic substring search here, and
        // this runs over every byte a build prints.
        if (::memmem(lower.data(), size_t(lower.size()), trigger, std::strlen(trigger)))
            return true;
    }
    return false;
}

} // namespace

QByteArray SecretRedactor::redact(const QByteArray &bytes, const QProcessEnvironment &environment)
{
    QList<QByteArray> secretValues;
    const QStringList keys = environment.keys();
    for (const QString &key : keys) {
        const QString value = environment.value(key);
        if (isSecretName(key) && value.size() >= 6)
            secretValues.append(value.toUtf8());
    }
    const auto needsWork = [&secretValues](QByteArrayView text) {
        for (const QByteArray &value : std::as_const(secretValues)) {
            if (text.contains(value))
                return true;
        }
        return mayHoldSecret(asciiLower(text));
    };
    if (!needsWork(bytes))
        return bytes; // the common case: shared, not converted

    // Only the lines that may hold a secret go through the expressions.
    QByteArray out;
    out.reserve(bytes.size());
    qsizetype start = 0;
    while (start < bytes.size()) {
        qsizetype end = bytes.indexOf('\n', start);
        end = end < 0 ? bytes.size() : end + 1;
        const QByteArrayView line = QByteArrayView(bytes).sliced(start, end - start);
        if (needsWork(line))
            out += redact(QString::fromUtf8(line), environment).toUtf8();
        else
            out += line;
        start = end;
    }
    return out;
}

} // namespace Cachelab
