// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dockerfile/RunMount.h"

#include "core/text/EditDistance.h"

#include <QStringList>

namespace Cachelab {

namespace {

// encoding/csv rules for one record: a field that starts with " runs to the closing ",
// with "" for a quote inside.
bool splitCsvRecord(const QString &record, QStringList *fields, QString *error)
{
    QString field;
    qsizetype i = 0;
    for (;;) {
        field.clear();
        if (i < record.size() && record.at(i) == QLatin1Char('"')) {
            ++i;
            for (;;) {
                if (i >= record.size()) {
                    *error = QStringLiteral("extraneous or missing \" in quoted-field");
                    return false;
                }
                const QChar ch = record.at(i++);
                if (ch != QLatin1Char('"')) {
                    field += ch;
                } else if (i < record.size() && record.at(i) == QLatin1Char('"')) {
                    field += QLatin1Char('"');
                    ++i;
                } else {
                    break;
                }
            }
            if (i < record.size() && record.at(i) != QLatin1Char(',')) {
                *error = QStringLiteral("extraneous or missing \" in quoted-field");
                return false;
            }
        } else {
            while (i < record.size() && record.at(i) != QLatin1Char(',')) {
                if (record.at(i) == QLatin1Char('"')) {
                    *error = QStringLiteral("bare \" in non-quoted-field");
                    return false;
                }
                field += record.at(i++);
            }
        }
        fields->append(field);
        if (i >= record.size())
            return true;
        ++i; // the comma
    }
}

} // namespace

std::optional<RunMount> RunMount::parse(const QString &flagValue, QString *error)
{
    QStringList fields;
    QString csvError;
    if (!splitCsvRecord(flagValue, &fields, &csvError)) {
        *error = QStringLiteral("failed to parse csv mounts: %1").arg(csvError);
        return std::nullopt;
    }
    RunMount mount;
    for (const QString &field : std::as_const(fields)) {
        const qsizetype equals = field.indexOf(QLatin1Char('='));
        if (equals < 0)
            continue; // ro, rw, required: flags without a value
        const QString key = field.left(equals).toLower();
        const QString value = field.mid(equals + 1);
        if (key == QLatin1String("type")) {
            mount.type = value.toLower();
        } else if (key == QLatin1String("from")) {
            // BuildKit resolves from= before any variable is known
            const qsizetype dollar = value.indexOf(QLatin1Char('$'));
            if (dollar >= 0 && dollar != value.size() - 1) {
                *error = QStringLiteral(
                    "'from' doesn't support variable expansion, define alias stage instead");
                return std::nullopt;
            }
            mount.from = value;
        } else if (key == QLatin1String("source") || key == QLatin1String("src")) {
            mount.source = value;
        } else if (key == QLatin1String("target") || key == QLatin1String("dst")
                   || key == QLatin1String("destination")) {
            mount.target = value;
        }
    }
    return mount;
}

bool RunMount::check(const QString &flagValue, const Expand &expand, QString *error)
{
    // commands_runmount.go's parseMount with an expander: every field in order, values
    // expanded, then the rules between fields.
    QStringList fields;
    QString csvError;
    if (!splitCsvRecord(flagValue, &fields, &csvError)) {
        *error = QStringLiteral("failed to parse csv mounts: %1").arg(csvError);
        return false;
    }
    auto fail = [error](const QString &message) {
        *error = message;
        return false;
    };
    auto isBool = [](const QString &value) {
        static const QStringList values { QStringLiteral("1"),     QStringLiteral("t"),
                                          QStringLiteral("T"),     QStringLiteral("TRUE"),
                                          QStringLiteral("true"),  QStringLiteral("True"),
                                          QStringLiteral("0"),     QStringLiteral("f"),
                                          QStringLiteral("F"),     QStringLiteral("FALSE"),
                                          QStringLiteral("false"), QStringLiteral("False") };
        return values.contains(value);
    };
    auto isUnsigned = [](const QString &value, int base) {
        bool ok = false;
        const qulonglong number = value.toULongLong(&ok, base);
        return ok && !value.startsWith(QLatin1Char('+')) && !value.trimmed().isEmpty()
            && value.trimmed() == value && number <= 0xFFFFFFFFull;
    };
    QString type = QStringLiteral("bind");
    bool hasFrom = false;
    bool hasSource = false;
    bool hasTarget = false;
    bool hasId = false;
    bool hasSharing = false;
    QStringList fileInfo; // mode, uid, gid given
    for (const QString &field : std::as_const(fields)) {
        const qsizetype equals = field.indexOf(QLatin1Char('='));
        const QString key = (equals < 0 ? field : field.left(equals)).toLower();
        const bool secretOrSsh = type == QLatin1String("secret") || type == QLatin1String("ssh");
        if (equals < 0) {
            if (key == QLatin1String("readonly") || key == QLatin1String("ro")
                || key == QLatin1String("readwrite") || key == QLatin1String("rw"))
                continue;
            if (key == QLatin1String("required")) {
                if (secretOrSsh)
                    continue;
                return fail(
                    QStringLiteral("unexpected key '%1' for mount type '%2'").arg(key, type));
            }
            return fail(QStringLiteral("invalid field '%1' must be a key=value pair").arg(field));
        }
        QString value = field.mid(equals + 1);
        if (!expand(&value, error))
            return false;
        if (key == QLatin1String("type")) {
            type = value.toLower();
            if (!isKnownType(type)) {
                *error = QStringLiteral("unsupported mount type \"%1\"").arg(value);
                const QString match = EditDistance::buildKitSuggestion(
                    value,
                    { QStringLiteral("bind"), QStringLiteral("cache"), QStringLiteral("tmpfs"),
                      QStringLiteral("secret"), QStringLiteral("ssh") },
                    true);
                if (!match.isEmpty())
                    *error += QStringLiteral(" (did you mean %1?)").arg(match);
                return false;
            }
        } else if (key == QLatin1String("from")) {
            hasFrom = !value.isEmpty();
        } else if (key == QLatin1String("source") || key == QLatin1String("src")) {
            hasSource = !value.isEmpty();
        } else if (key == QLatin1String("target") || key == QLatin1String("dst")
                   || key == QLatin1String("destination")) {
            hasTarget = !value.isEmpty();
        } else if (key == QLatin1String("readonly") || key == QLatin1String("ro")
                   || key == QLatin1String("readwrite") || key == QLatin1String("rw")) {
            if (!isBool(value))
                return fail(QStringLiteral("invalid value for %1: %2").arg(key, value));
        } else if (key == QLatin1String("required")) {
            if (!secretOrSsh)
                return fail(
                    QStringLiteral("unexpected key '%1' for mount type '%2'").arg(key, type));
            if (!isBool(value))
                return fail(QStringLiteral("invalid value for %1: %2").arg(key, value));
        } else if (key == QLatin1String("size")) {
            if (type != QLatin1String("tmpfs"))
                return fail(
                    QStringLiteral("unexpected key '%1' for mount type '%2'").arg(key, type));
        } else if (key == QLatin1String("id")) {
            hasId = !value.isEmpty();
        } else if (key == QLatin1String("sharing")) {
            const QString mode = value.toLower();
            if (mode != QLatin1String("shared") && mode != QLatin1String("private")
                && mode != QLatin1String("locked"))
                return fail(QStringLiteral("unsupported sharing value \"%1\"").arg(value));
            hasSharing = true;
        } else if (key == QLatin1String("mode") || key == QLatin1String("uid")
                   || key == QLatin1String("gid")) {
            if (!isUnsigned(value, key == QLatin1String("mode") ? 8 : 10))
                return fail(QStringLiteral("invalid value %1 for %2").arg(value, key));
            fileInfo.append(key);
        } else if (key != QLatin1String("env")) {
            return fail(QStringLiteral("unexpected key '%1' in '%2'").arg(key, field));
        }
    }
    const bool fileInfoAllowed = type == QLatin1String("secret") || type == QLatin1String("ssh")
        || type == QLatin1String("cache");
    if (!fileInfoAllowed) {
        for (const char *key : { "mode", "uid", "gid" }) {
            if (fileInfo.contains(QLatin1String(key)))
                return fail(QStringLiteral("%1 not allowed for \"%2\" type mounts")
                                .arg(QLatin1String(key), type));
        }
    }
    if (type == QLatin1String("secret")) {
        if (hasFrom)
            return fail(QStringLiteral("secret mount should not have a from"));
        if (hasSharing)
            return fail(QStringLiteral("secret mount should not define sharing"));
        if (!hasSource && !hasTarget && !hasId)
            return fail(QStringLiteral("invalid secret mount. one of source, target required"));
        if (hasSource && hasId)
            return fail(QStringLiteral("both source and id can't be set"));
    }
    if (hasSharing && type != QLatin1String("cache"))
        return fail(QStringLiteral("invalid cache sharing set for %1 mount").arg(type));
    return true;
}

bool RunMount::isKnownType(const QString &type)
{
    return type == QLatin1String("bind") || type == QLatin1String("cache")
        || type == QLatin1String("tmpfs") || type == QLatin1String("secret")
        || type == QLatin1String("ssh");
}

} // namespace Cachelab
