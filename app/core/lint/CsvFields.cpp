// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lint/CsvFields.h"

namespace Cachelab {

QStringList CsvFields::split(const QString &record, QString *error)
{
    QStringList fields;
    QString field;
    qsizetype i = 0;
    const qsizetype n = record.size();
    while (true) {
        field.clear();
        if (i < n && record.at(i) == QLatin1Char('"')) {
            ++i;
            bool closed = false;
            while (i < n) {
                const QChar c = record.at(i);
                if (c == QLatin1Char('"')) {
                    if (i + 1 < n && record.at(i + 1) == QLatin1Char('"')) {
                        field.append(c);
                        i += 2;
                        continue;
                    }
                    closed = true;
                    ++i;
                    break;
                }
                field.append(c);
                ++i;
            }
            if (!closed || (i < n && record.at(i) != QLatin1Char(','))) {
                if (error)
                    *error = QStringLiteral("a quoted field is not closed properly");
                return {};
            }
        } else {
            while (i < n && record.at(i) != QLatin1Char(',')) {
                if (record.at(i) == QLatin1Char('"')) {
                    if (error)
                        *error = QStringLiteral("a bare `\"` in a field (quote the whole field)");
                    return {};
                }
                field.append(record.at(i));
                ++i;
            }
        }
        fields.append(field);
        if (i >= n)
            break;
        ++i; // the comma
    }
    return fields;
}

} // namespace Cachelab
