// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace Cachelab {

// Keeps credentials out of everything Cachelab shows or saves: environment values whose
// names say they are secret, and secrets that tools print inline (URL passwords, bearer
// tokens, --password arguments, registry tokens).
namespace SecretRedactor {

inline QString mask() { return QStringLiteral("***"); }

bool isSecretName(const QString &variableName);
// "NAME=value" lines for display, secret values masked, sorted by name.
QStringList describe(const QProcessEnvironment &environment);
// The text with inline secrets masked, and the values of the secret variables of
// `environment` (if given) masked wherever they appear.
QString redact(const QString &text, const QProcessEnvironment &environment = {});
QByteArray redact(const QByteArray &bytes, const QProcessEnvironment &environment = {});

} // namespace SecretRedactor

} // namespace Cachelab
