// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/bundle/BundleManifest.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace Cachelab {

namespace {
constexpr int kMaxPathLength = 1024;

QString key(const char *name)
{
    return QString::fromLatin1(name);
}

QJsonValue dateValue(const QDateTime &date)
{
    return date.isValid() ? QJsonValue(date.toString(Qt::ISODateWithMs)) : QJsonValue();
}

QDateTime dateFrom(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
}

QJsonObject runJson(const BundleManifest::Run &run)
{
    QJsonArray changed;
    for (const BundleManifest::ChangedFile &file : run.changedFiles)
        changed.append(QJsonObject { { key("path"), file.path }, { key("sha256"), file.sha256 } });
    QJsonObject object {
        { key("id"), run.id },
        { key("label"), run.label },
        { key("origin"), run.origin },
        { key("script"), run.script },
        { key("dockerfile"), run.dockerfile },
        { key("log"), run.log },
        { key("logFormat"), run.logFormat },
        { key("previous"), run.previous },
        { key("commandLine"), run.commandLine },
        { key("environment"), QJsonArray::fromStringList(run.environment) },
        { key("ending"), run.ending },
        { key("exitCode"), run.exitCode },
        { key("message"), run.message },
        { key("started"), dateValue(run.started) },
        { key("finished"), dateValue(run.finished) },
        { key("changedFiles"), changed },
    };
    if (run.history)
        object.insert(key("history"), run.history->toJson());
    if (!run.cacheDebug.isEmpty())
        object.insert(key("cacheDebug"), run.cacheDebug);
    if (!run.cacheManifest.isEmpty() || !run.cacheConfig.isEmpty())
        object.insert(key("cache"),
                      QJsonObject { { key("manifest"), run.cacheManifest },
                                    { key("config"), run.cacheConfig } });
    return object;
}

std::optional<LintFinding> findingFrom(const QJsonObject &object)
{
    LintFinding finding;
    finding.file = object.value(key("file")).toString();
    finding.line = object.value(key("line")).toInt();
    finding.code = object.value(key("code")).toString();
    finding.severity = object.value(key("severity")).toString();
    finding.message = object.value(key("message")).toString();
    finding.suggestion = object.value(key("suggestion")).toString();
    if (finding.code.isEmpty() || finding.message.isEmpty())
        return std::nullopt;
    return finding;
}
} // namespace

bool BundleManifest::isSafeMemberPath(const QString &path)
{
    if (path.isEmpty() || path.size() > kMaxPathLength || path.startsWith(QLatin1Char('/'))
        || path.contains(QLatin1Char('\\')) || path.contains(QChar(0)))
        return false;
    const QStringList parts = path.split(QLatin1Char('/'));
    for (const QString &part : parts) {
        if (part.isEmpty() || part == QLatin1String(".") || part == QLatin1String(".."))
            return false;
    }
    return true;
}

bool BundleManifest::isSafeRunId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$"));
    return pattern.match(id).hasMatch();
}

QStringList BundleManifest::members() const
{
    QStringList all = projectFiles;
    for (const Run &run : runs) {
        for (const QString &member : { run.log, run.cacheManifest, run.cacheConfig, run.cacheDebug }) {
            if (!member.isEmpty())
                all.append(member);
        }
    }
    all.removeDuplicates();
    return all;
}

const BundleManifest::Run *BundleManifest::run(const QString &id) const
{
    for (const Run &candidate : runs) {
        if (candidate.id == id)
            return &candidate;
    }
    return nullptr;
}

QJsonObject BundleManifest::toJson() const
{
    QJsonArray runArray;
    for (const Run &run : runs)
        runArray.append(runJson(run));
    QJsonArray findingArray;
    for (const LintFinding &finding : findings)
        findingArray.append(finding.toJson());
    return {
        { key("format"), formatName() },
        { key("formatVersion"), formatVersion },
        { key("title"), title },
        { key("createdBy"), createdBy },
        { key("created"), dateValue(created) },
        { key("project"),
          QJsonObject { { key("name"), projectName },
                        { key("dockerfile"), dockerfile },
                        { key("files"), QJsonArray::fromStringList(projectFiles) } } },
        { key("runs"), runArray },
        { key("selection"), QJsonArray::fromStringList(selection) },
        { key("lintFindings"), findingArray },
    };
}

std::optional<BundleManifest> BundleManifest::fromJson(const QJsonObject &object, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (object.value(key("format")).toString() != formatName())
        return fail(QStringLiteral("manifest.json is not a Cachelab bundle manifest"));
    BundleManifest manifest;
    manifest.formatVersion = object.value(key("formatVersion")).toInt(-1);
    if (manifest.formatVersion > FormatVersion)
        return fail(QStringLiteral("the bundle was made by a newer Cachelab (format version %1; "
                                   "this one reads up to %2)")
                        .arg(manifest.formatVersion)
                        .arg(FormatVersion));
    if (manifest.formatVersion < 1)
        return fail(QStringLiteral("manifest.json has no valid formatVersion"));
    manifest.title = object.value(key("title")).toString();
    manifest.createdBy = object.value(key("createdBy")).toString();
    manifest.created = dateFrom(object.value(key("created")));
    const QJsonObject project = object.value(key("project")).toObject();
    manifest.projectName = project.value(key("name")).toString();
    manifest.dockerfile = project.value(key("dockerfile")).toString();
    manifest.projectFiles = project.value(key("files")).toVariant().toStringList();
    if (!manifest.projectFiles.contains(manifest.dockerfile))
        return fail(QStringLiteral("manifest.json names no Dockerfile among the project's files"));

    QStringList ids;
    const QJsonArray runs = object.value(key("runs")).toArray();
    for (const QJsonValue &value : runs) {
        const QJsonObject item = value.toObject();
        Run run;
        run.id = item.value(key("id")).toString();
        if (!isSafeRunId(run.id))
            return fail(QStringLiteral("manifest.json: bad run id '%1'").arg(run.id));
        if (ids.contains(run.id))
            return fail(QStringLiteral("manifest.json: run id '%1' is given twice").arg(run.id));
        ids.append(run.id);
        run.label = item.value(key("label")).toString(run.id);
        run.origin = item.value(key("origin")).toString();
        if (const QJsonObject record = item.value(key("history")).toObject(); !record.isEmpty())
            run.history = HistoryRecord::fromJson(record);
        run.script = item.value(key("script")).toString();
        run.dockerfile = item.value(key("dockerfile")).toString(manifest.dockerfile);
        run.log = item.value(key("log")).toString();
        run.logFormat = item.value(key("logFormat")).toString();
        run.previous = item.value(key("previous")).toString();
        run.commandLine = item.value(key("commandLine")).toString();
        run.environment = item.value(key("environment")).toVariant().toStringList();
        run.ending = item.value(key("ending")).toString();
        run.exitCode = item.value(key("exitCode")).toInt(-1);
        run.message = item.value(key("message")).toString();
        run.started = dateFrom(item.value(key("started")));
        run.finished = dateFrom(item.value(key("finished")));
        const QJsonArray changed = item.value(key("changedFiles")).toArray();
        for (const QJsonValue &file : changed)
            run.changedFiles.append({ file.toObject().value(key("path")).toString(),
                                      file.toObject().value(key("sha256")).toString() });
        const QJsonObject cache = item.value(key("cache")).toObject();
        run.cacheManifest = cache.value(key("manifest")).toString();
        run.cacheConfig = cache.value(key("config")).toString();
        run.cacheDebug = item.value(key("cacheDebug")).toString();
        if (run.log.isEmpty())
            return fail(QStringLiteral("manifest.json: run %1 names no log").arg(run.id));
        if (!run.script.isEmpty() && !manifest.projectFiles.contains(run.script))
            return fail(QStringLiteral("manifest.json: run %1 names script %2, which is not "
                                       "among the project's files")
                            .arg(run.id, run.script));
        manifest.runs.append(run);
    }
    for (const Run &run : std::as_const(manifest.runs)) {
        if (!run.previous.isEmpty() && !ids.contains(run.previous))
            return fail(QStringLiteral("manifest.json: run %1 follows run %2, which the bundle "
                                       "does not hold")
                            .arg(run.id, run.previous));
    }
    const QStringList members = manifest.members();
    for (const QString &member : members) {
        if (!isSafeMemberPath(member))
            return fail(QStringLiteral("manifest.json names a path outside the bundle: %1")
                            .arg(member));
    }
    manifest.selection = object.value(key("selection")).toVariant().toStringList();
    manifest.selection.removeIf([&ids](const QString &id) { return !ids.contains(id); });
    const QJsonArray findings = object.value(key("lintFindings")).toArray();
    for (const QJsonValue &value : findings) {
        if (const auto finding = findingFrom(value.toObject()))
            manifest.findings.append(*finding);
    }
    return manifest;
}

} // namespace Cachelab
