// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lint/CacheFlag.h"

#include "core/lint/CsvFields.h"

#include <QJsonArray>

namespace Cachelab {

QString CacheFlag::effectiveMode() const
{
    if (kind == Kind::Import)
        return QString();
    if (kind == Kind::InlineBuildArg || isInline())
        return QStringLiteral("min");
    // BuildKit's parseCacheExportMode: "max" is max, anything else (missing, "maximum",
    // "MAX") falls back to min.
    return attributes.value(QStringLiteral("mode")) == QLatin1String("max") ? QStringLiteral("max")
                                                                            : QStringLiteral("min");
}

QString CacheFlag::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Import:
        return QStringLiteral("import");
    case Kind::Export:
        return QStringLiteral("export");
    case Kind::InlineBuildArg:
        return QStringLiteral("inline-build-arg");
    }
    return QString();
}

QJsonObject CacheFlag::toJson() const
{
    QJsonObject attrs;
    for (auto it = attributes.cbegin(); it != attributes.cend(); ++it)
        attrs.insert(it.key(), it.value());
    QJsonObject object {
        { QStringLiteral("kind"), kindName(kind) }, { QStringLiteral("tool"), tool },
        { QStringLiteral("file"), file },           { QStringLiteral("line"), line },
        { QStringLiteral("flag"), flag },           { QStringLiteral("raw"), raw },
        { QStringLiteral("attributes"), attrs }
    };
    if (isExport())
        object.insert(QStringLiteral("effectiveMode"), effectiveMode());
    if (!parseError.isEmpty())
        object.insert(QStringLiteral("parseError"), parseError);
    return object;
}

QList<CacheFlag> CacheFlag::fromValue(Kind kind, const QString &raw)
{
    CacheFlag flag;
    flag.kind = kind;
    flag.raw = raw;
    if (raw.trimmed().isEmpty()) {
        flag.parseError = QStringLiteral("the value is empty");
        return { flag };
    }
    QString error;
    const QStringList fields = CsvFields::split(raw, &error);
    if (!error.isEmpty()) {
        flag.parseError = error;
        return { flag };
    }
    bool refOnly = true;
    for (const QString &field : fields)
        refOnly = refOnly && !field.contains(QLatin1Char('='));
    if (refOnly) {
        // buildx's isRefOnlyFormat (and buildctl's legacy form): each field is a registry ref.
        QList<CacheFlag> flags;
        for (const QString &field : fields) {
            CacheFlag one = flag;
            one.attributes.insert(QStringLiteral("type"), QStringLiteral("registry"));
            one.attributes.insert(QStringLiteral("ref"), field.trimmed());
            flags.append(one);
        }
        return flags;
    }
    for (const QString &field : fields) {
        const qsizetype equals = field.indexOf(QLatin1Char('='));
        if (equals < 0) {
            flag.parseError = QStringLiteral("`%1` is not key=value").arg(field);
            continue;
        }
        const QString key = field.left(equals).trimmed().toLower();
        if (flag.attributes.contains(key) && !flag.duplicateKeys.contains(key))
            flag.duplicateKeys.append(key);
        flag.attributes.insert(key, field.mid(equals + 1));
    }
    if (flag.parseError.isEmpty() && flag.type().isEmpty())
        flag.parseError = QStringLiteral("no `type=`");
    return { flag };
}

} // namespace Cachelab
