// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/bundle/Bundle.h"

#include "core/cachekey/CacheDebugData.h"

#include "core/BuildInfo.h"
#include "core/dockerfile/DockerfileParser.h"
#include "core/lint/CacheFlagLint.h"
#include "core/runner/SecretRedactor.h"

#include <algorithm>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>

namespace Cachelab {

namespace {
const QString kManifest = QStringLiteral("manifest.json");
const QString kProject = QStringLiteral("project");
constexpr qint64 kMaxManifestSize = 16 * 1024 * 1024;

QString contentKey(const QString &file, QString *error)
{
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(file, in.errorString());
        return {};
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&in)) {
        *error = QStringLiteral("%1: cannot be read").arg(file);
        return {};
    }
    return QString::fromLatin1(hash.result().toHex().left(20));
}

bool isExecutable(const QString &path)
{
    return QFileInfo(path).permissions() & QFileDevice::ExeOwner;
}

QString logFormatOf(const QByteArray &log)
{
    for (const char c : log) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        return c == '{' ? QStringLiteral("rawjson") : QStringLiteral("plain");
    }
    return QStringLiteral("plain");
}
// Unpacked bundles are a cache: the most recently opened are kept, the others go, and so
// do staging folders an interrupted unpack left behind.
void pruneUnpacked(const QString &unpackRoot, const QString &keep)
{
    const QDir root(unpackRoot);
    QList<QPair<QDateTime, QString>> unpacked;
    const QFileInfoList entries = root.entryInfoList(QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot);
    for (const QFileInfo &entry : entries) {
        if (entry.fileName().startsWith(QLatin1String(".unpacking-"))) {
            if (entry.lastModified().secsTo(QDateTime::currentDateTime()) > 3600)
                QDir(entry.absoluteFilePath()).removeRecursively();
            continue;
        }
        if (entry.absoluteFilePath() == QFileInfo(keep).absoluteFilePath())
            continue;
        const QFileInfo manifest(QDir(entry.absoluteFilePath()).filePath(kManifest));
        unpacked.append({ manifest.exists() ? manifest.lastModified() : entry.lastModified(),
                          entry.absoluteFilePath() });
    }
    std::sort(unpacked.begin(), unpacked.end(), [](const auto &a, const auto &b) {
        return a.first > b.first; // newest first
    });
    for (qsizetype i = Bundle::KeptUnpacked - 1; i < unpacked.size(); ++i)
        QDir(unpacked.at(i).second).removeRecursively();
}

void touch(const QString &path)
{
    QFile file(path);
    if (file.open(QIODevice::ReadWrite))
        file.setFileTime(QDateTime::currentDateTime(), QFileDevice::FileModificationTime);
}
} // namespace

QString Bundle::defaultUnpackRoot()
{
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation)
        + QStringLiteral("/bundles");
}

std::optional<Bundle> Bundle::open(const QString &file, const QString &unpackRoot,
                                   QString *error, const BundleArchive::Limits &limits)
{
    const QString name = QFileInfo(file).fileName();
    auto fail = [error, &name](const QString &message) {
        if (error)
            *error = message.startsWith(name) ? message : QStringLiteral("%1: %2").arg(name, message);
        return std::nullopt;
    };
    if (!QFileInfo(file).isFile())
        return fail(QStringLiteral("no such file"));
    QString keyError;
    const QString key = contentKey(file, &keyError);
    if (key.isEmpty())
        return fail(keyError);
    // Bundles are content-addressed: a bundle opened twice is unpacked once.
    const QString root = QDir(unpackRoot).filePath(key);
    if (!QFileInfo::exists(QDir(root).filePath(kManifest))) {
        if (QFileInfo::exists(root) && !QDir(root).removeRecursively())
            return fail(QStringLiteral("cannot clear %1").arg(root));
        QString extractError;
        if (!BundleArchive::extract(file, root, &extractError, limits))
            return fail(extractError);
    }

    QFile manifestFile(QDir(root).filePath(kManifest));
    if (!manifestFile.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("no manifest.json: not a Cachelab bundle"));
    if (manifestFile.size() > kMaxManifestSize)
        return fail(QStringLiteral("manifest.json is over %1 bytes").arg(kMaxManifestSize));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(manifestFile.readAll(), &parseError);
    if (!document.isObject())
        return fail(QStringLiteral("manifest.json is not JSON: %1").arg(parseError.errorString()));
    QString manifestError;
    std::optional<BundleManifest> manifest = BundleManifest::fromJson(document.object(), &manifestError);
    if (!manifest)
        return fail(manifestError);
    const QStringList members = manifest->members();
    for (const QString &member : members) {
        const QFileInfo info(QDir(root).filePath(member));
        if (!info.isFile() || info.isSymLink())
            return fail(QStringLiteral("the manifest names %1, which the bundle does not hold").arg(member));
    }
    if (manifest->dockerfile != kProject + QStringLiteral("/Dockerfile"))
        return fail(QStringLiteral("the project's Dockerfile must be project/Dockerfile, not %1")
                        .arg(manifest->dockerfile));
    touch(QDir(root).filePath(kManifest)); // recently used
    pruneUnpacked(unpackRoot, root);
    Bundle bundle;
    bundle.m_file = QFileInfo(file).absoluteFilePath();
    bundle.m_root = root;
    bundle.m_manifest = std::move(*manifest);
    return bundle;
}

QString Bundle::projectDir() const
{
    return QDir(m_root).filePath(kProject);
}

QString Bundle::title() const
{
    return m_manifest.title.isEmpty() ? QFileInfo(m_file).fileName() : m_manifest.title;
}

QString Bundle::memberPath(const QString &member) const
{
    return member.isEmpty() ? QString() : QDir(m_root).filePath(member);
}

QList<StoredRun> Bundle::runs() const
{
    QList<StoredRun> runs;
    for (const BundleManifest::Run &entry : m_manifest.runs) {
        StoredRun run;
        run.id = entry.id;
        run.label = entry.label;
        run.origin = StoredRun::originFromName(entry.origin);
        run.history = entry.history;
        run.projectDir = projectDir();
        run.dockerfile = memberPath(entry.dockerfile);
        run.script = memberPath(entry.script);
        run.cacheManifestFile = memberPath(entry.cacheManifest);
        run.cacheConfigFile = memberPath(entry.cacheConfig);
        run.cacheDebugFile = memberPath(entry.cacheDebug);
        run.commandLine = entry.commandLine;
        run.environment = entry.environment;
        for (const BundleManifest::ChangedFile &changed : entry.changedFiles)
            run.changedFiles.append(changed.path);
        run.result.exitCode = entry.exitCode;
        run.result.message = entry.message;
        run.result.started = entry.started;
        run.result.finished = entry.finished;
        const auto ending = RunResult::endingFromName(entry.ending);
        const bool known = ending.has_value();
        run.result.ending = ending.value_or(RunResult::Ending::Succeeded);
        QFile log(memberPath(entry.log));
        if (!known)
            run.error = QStringLiteral("unknown ending '%1'").arg(entry.ending);
        else if (log.open(QIODevice::ReadOnly))
            run.log = log.readAll();
        else
            run.error = QStringLiteral("%1: %2").arg(entry.log, log.errorString());
        runs.append(run);
    }
    return runs;
}

QHash<QString, QString> Bundle::predecessors() const
{
    QHash<QString, QString> previous;
    for (const BundleManifest::Run &run : m_manifest.runs) {
        if (!run.previous.isEmpty())
            previous.insert(run.id, run.previous);
    }
    return previous;
}

bool BundleWriter::write(const BundleSource &source, const QString &file, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (!QFileInfo(source.dockerfile).isFile())
        return fail(QStringLiteral("%1: no such Dockerfile").arg(source.dockerfile));
    BundleManifest manifest;
    manifest.title = source.title;
    manifest.createdBy = QStringLiteral("cachelab %1").arg(BuildInfo::version());
    manifest.created = QDateTime::currentDateTimeUtc();
    manifest.projectName = source.projectName;
    manifest.dockerfile = kProject + QStringLiteral("/Dockerfile");
    manifest.selection = source.selection;

    QList<BundleArchive::Member> members;
    members.append({ manifest.dockerfile, source.dockerfile, {}, false });
    manifest.projectFiles.append(manifest.dockerfile);
    if (!source.dockerignore.isEmpty() && QFileInfo(source.dockerignore).isFile()) {
        members.append({ kProject + QStringLiteral("/.dockerignore"), source.dockerignore, {}, false });
        manifest.projectFiles.append(members.last().path);
    }

    // The scripts as they are now, and the cache flag lint the window would show.
    DockerfileError dockerfileError;
    const std::optional<Dockerfile> dockerfile
        = DockerfileParser::parseFile(source.dockerfile, {}, &dockerfileError);
    QHash<QString, QString> scriptMember; // absolute path -> member
    for (const QString &script : source.scripts) {
        const QString name = QFileInfo(script).fileName();
        const QString member = kProject + QLatin1Char('/') + name;
        if (manifest.projectFiles.contains(member))
            return fail(QStringLiteral("two scripts are named %1").arg(name));
        QFile in(script);
        if (!in.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("%1: %2").arg(script, in.errorString()));
        if (in.size() > CacheFlagLint::MaxScriptSize)
            return fail(QStringLiteral("%1: over %2 bytes, not a build script")
                            .arg(script).arg(CacheFlagLint::MaxScriptSize));
        const QByteArray text = in.readAll();
        members.append({ member, {}, text, isExecutable(script) });
        manifest.projectFiles.append(member);
        scriptMember.insert(QFileInfo(script).absoluteFilePath(), member);
        manifest.findings += CacheFlagLint::lint(QString::fromUtf8(text), name,
                                                 dockerfile ? &*dockerfile : nullptr);
    }

    for (const StoredRun &run : source.runs) {
        if (!BundleManifest::isSafeRunId(run.id))
            return fail(QStringLiteral("run id '%1' cannot name a bundle member").arg(run.id));
        if (!run.error.isEmpty())
            return fail(QStringLiteral("run %1 cannot be read: %2").arg(run.id, run.error));
        BundleManifest::Run entry;
        entry.id = run.id;
        entry.label = run.label;
        entry.origin = StoredRun::originName(run.origin);
        if (run.history)
            entry.history = run.history->redacted();
        entry.script = scriptMember.value(QFileInfo(run.script).absoluteFilePath());
        entry.dockerfile = manifest.dockerfile;
        const QString folder = QStringLiteral("runs/") + run.id + QLatin1Char('/');
        entry.log = folder + QStringLiteral("build.log");
        entry.logFormat = logFormatOf(run.log);
        entry.previous = source.previous.value(run.id);
        entry.commandLine = SecretRedactor::redact(run.commandLine);
        for (const QString &variable : run.environment) {
            const QString name = variable.section(QLatin1Char('='), 0, 0);
            entry.environment.append(SecretRedactor::isSecretName(name)
                                         ? name + QLatin1Char('=') + SecretRedactor::mask()
                                         : SecretRedactor::redact(variable));
        }
        entry.ending = RunResult::endingName(run.result.ending);
        entry.exitCode = run.result.exitCode;
        entry.message = SecretRedactor::redact(run.result.message);
        entry.started = run.result.started;
        entry.finished = run.result.finished;
        for (const QString &path : run.changedFiles)
            entry.changedFiles.append({ path, run.context.hashes().value(path) });
        members.append({ entry.log, {}, SecretRedactor::redact(run.log), false });
        const BundleSource::CacheFiles cache = source.cache.value(run.id);
        if (!cache.manifest.isEmpty()) {
            entry.cacheManifest = folder + QStringLiteral("cache-manifest.json");
            members.append({ entry.cacheManifest, cache.manifest, {}, false });
        }
        if (!cache.config.isEmpty()) {
            entry.cacheConfig = folder + QStringLiteral("cacheconfig.json");
            members.append({ entry.cacheConfig, cache.config, {}, false });
        }
        if (!run.cacheDebugFile.isEmpty()) {
            // Build arguments reach a RUN's environment: secret-looking ones are masked.
            QFile debug(run.cacheDebugFile);
            if (!debug.open(QIODevice::ReadOnly))
                return fail(QStringLiteral("run %1: cannot read %2").arg(run.id, run.cacheDebugFile));
            entry.cacheDebug = folder + QStringLiteral("cache-debug.json");
            members.append({ entry.cacheDebug, {}, CacheDebugData::redactedStoreJson(debug.readAll()), false });
        }
        manifest.runs.append(entry);
    }
    for (const BundleManifest::Run &run : std::as_const(manifest.runs)) {
        if (!run.previous.isEmpty() && !manifest.run(run.previous))
            return fail(QStringLiteral("run %1 follows run %2, which is not in the bundle")
                            .arg(run.id, run.previous));
    }
    members.prepend({ kManifest, {},
                      QJsonDocument(manifest.toJson()).toJson(QJsonDocument::Indented), false });
    return BundleArchive::write(file, members, error);
}

} // namespace Cachelab
