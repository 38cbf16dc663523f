// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dockerfile/RunMount.h"

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

bool RunMount::isKnownType(const QString &type)
{
    return type == QLatin1String("bind") || type == QLatin1String("cache")
        || type == QLatin1String("tmpfs") || type == QLatin1String("secret")
        || type == QLatin1String("ssh");
}

} // namespace Cachelab
