// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/bundle/Bundle.h"
#include "core/DataLocations.h"
#include "core/dockerfile/DockerfileParser.h"
#include "core/explain/RebuildExplanation.h"
#include "core/registry/CacheInspection.h"
#include "core/session/ProjectSession.h"

#include <archive.h>
#include <archive_entry.h>
#include <QDirIterator>
#include <QRegularExpression>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Cachelab;

namespace {

QString recording(const QString &name)
{
    return DataLocations::recordingsDir() + QLatin1Char('/') + name;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A hand-made archive, member by member, to be as hostile as a stranger's file can be.
struct RawMember
{
    QByteArray path;
    QByteArray data;
    mode_t type = AE_IFREG;
    QByteArray link; // symlink target or hard link source
    qint64 declaredSize = -1; // -1: data.size()
};

bool writeRaw(const QString &file, const QList<RawMember> &members)
{
    archive *a = archive_write_new();
    archive_write_add_filter_gzip(a);
    archive_write_set_format_pax_restricted(a);
    if (archive_write_open_filename(a, QFile::encodeName(file).constData()) != ARCHIVE_OK)
        return false;
    for (const RawMember &member : members) {
        archive_entry *entry = archive_entry_new();
        archive_entry_set_pathname(entry, member.path.constData());
        if (!member.link.isEmpty() && member.type == AE_IFREG) {
            archive_entry_set_hardlink(entry, member.link.constData());
        } else {
            archive_entry_set_filetype(entry, member.type);
            if (member.type == AE_IFLNK)
                archive_entry_set_symlink(entry, member.link.constData());
        }
        archive_entry_set_perm(entry, 0644);
        archive_entry_set_size(entry, member.type == AE_IFREG && member.link.isEmpty()
                                          ? (member.declaredSize >= 0 ? member.declaredSize
                                                                      : member.data.size())
                                          : 0);
        archive_write_header(a, entry);
        if (!member.data.isEmpty())
            archive_write_data(a, member.data.constData(), size_t(member.data.size()));
        archive_entry_free(entry);
    }
    archive_write_close(a);
    archive_write_free(a);
    return true;
}

// A manifest that reads, with one run whose log is `log`.
QByteArray manifestJson(int version = BundleManifest::FormatVersion,
                        const QString &log = QStringLiteral("runs/r1/build.log"))
{
    BundleManifest manifest;
    manifest.formatVersion = version;
    manifest.projectName = QStringLiteral("p");
    manifest.dockerfile = QStringLiteral("project/Dockerfile");
    manifest.projectFiles = { manifest.dockerfile };
    BundleManifest::Run run;
    run.id = QStringLiteral("r1");
    run.label = QStringLiteral("r1");
    run.origin = QStringLiteral("imported");
    run.log = log;
    run.ending = QStringLiteral("succeeded");
    manifest.runs = { run };
    return QJsonDocument(manifest.toJson()).toJson();
}

QList<RawMember> goodMembers()
{
    return { { "manifest.json", manifestJson() },
             { "project/Dockerfile", "FROM alpine\nRUN true\n" },
             { "runs/r1/build.log", readAll(recording(QStringLiteral("buildx-v0.38.2-03-cold.log"))) } };
}

// Every file below `dir`, relative to it.
QStringList filesUnder(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(QDir(dir).relativeFilePath(it.next()));
    files.sort();
    return files;
}

} // namespace

Q_DECLARE_METATYPE(QList<RawMember>)

class TestBundle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripFromLogs()
    {
        QTemporaryDir dir;
        const QString project = DataLocations::bundledProjectDir();
        BundleSource source;
        source.title = QStringLiteral("#1515 by hand");
        source.projectName = QStringLiteral("moby-cache");
        source.dockerfile = project + QStringLiteral("/Dockerfile");
        source.dockerignore = project + QStringLiteral("/.dockerignore");
        source.scripts = { project + QStringLiteral("/build.sh") };
        StoredRun cold;
        cold.id = QStringLiteral("cold");
        cold.label = QStringLiteral("build.sh");
        cold.script = source.scripts.constFirst();
        cold.log = readAll(recording(QStringLiteral("buildctl-v0.34.2-01-cold.log")));
        cold.result.ending = RunResult::Ending::Succeeded;
        cold.result.exitCode = 0;
        // A secret that slipped into the environment and the log is masked on the way in.
        cold.environment = { QStringLiteral("REGISTRY_PASSWORD=hunter2"),
                             QStringLiteral("DOCKER_REPO=127.0.0.1:5000/x") };
        cold.log += "\n#99 [internal] login https://user:hunter2@registry.example/v2/\n";
        StoredRun rebuild = cold;
        rebuild.id = QStringLiteral("rebuild");
        rebuild.log = readAll(recording(QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.log")));
        rebuild.changedFiles = { QStringLiteral("assets/js/file1.js") };
        source.runs = { cold, rebuild };
        source.previous.insert(QStringLiteral("rebuild"), QStringLiteral("cold"));
        source.cache.insert(QStringLiteral("cold"),
                            { recording(QStringLiteral("buildctl-v0.34.2-01-cold.manifest.json")),
                              recording(QStringLiteral("buildctl-v0.34.2-01-cold.cacheconfig.json")) });
        source.selection = { QStringLiteral("rebuild") };
        const QString file = dir.filePath(QStringLiteral("x.cachelab"));
        QString error;
        QVERIFY2(BundleWriter::write(source, file, &error), qPrintable(error));

        // Standard tools read it: the members are plain paths in a tar.
        QStringList members = BundleArchive::list(file, &error);
        QCOMPARE(members.constFirst(), QStringLiteral("manifest.json"));
        QVERIFY(members.contains(QStringLiteral("project/build.sh")));
        QVERIFY(members.contains(QStringLiteral("runs/cold/cacheconfig.json")));

        const auto bundle = Bundle::open(file, dir.filePath(QStringLiteral("unpacked")), &error);
        QVERIFY2(bundle, qPrintable(error));
        QCOMPARE(bundle->title(), QStringLiteral("#1515 by hand"));
        QCOMPARE(bundle->manifest().selection, QStringList { QStringLiteral("rebuild") });
        QCOMPARE(bundle->predecessors().value(QStringLiteral("rebuild")), QStringLiteral("cold"));
        const QList<StoredRun> runs = bundle->runs();
        QCOMPARE(runs.size(), 2);
        QCOMPARE(runs.at(1).log, rebuild.log);
        QCOMPARE(runs.at(1).changedFiles, rebuild.changedFiles);
        QCOMPARE(QFileInfo(runs.at(1).script).fileName(), QStringLiteral("build.sh"));
        QVERIFY(QFileInfo(runs.at(1).script).isExecutable());
        QVERIFY(!runs.at(0).log.contains("hunter2"));
        QVERIFY(!runs.at(0).environment.join(QLatin1Char(' ')).contains(QLatin1String("hunter2")));
        QVERIFY(runs.at(0).environment.contains(QStringLiteral("DOCKER_REPO=127.0.0.1:5000/x")));
        QVERIFY(bundle->manifest().run(QStringLiteral("cold"))->cacheConfig.endsWith(QLatin1String("cacheconfig.json")));
        // The lint findings travel with it: build.sh's `mod=max`.
        const QList<LintFinding> findings = bundle->manifest().findings;
        QVERIFY(std::any_of(findings.begin(), findings.end(), [](const LintFinding &f) {
            return f.code == QLatin1String("unknown-key") && f.file == QLatin1String("build.sh");
        }));

        // Opened in a session, it explains the rebuild as the loose files do: min mode.
        ProjectSession session(dir.filePath(QStringLiteral("store")));
        QVERIFY2(session.openBundle(*bundle, &error), qPrintable(error));
        const auto explanation = session.explain(QStringLiteral("rebuild"));
        QVERIFY(explanation);
        QCOMPARE(explanation->before, QStringLiteral("build.sh"));
        QCOMPARE(explanation->cause, RebuildExplanation::Cause::MinMode);
        // Nothing went into the run store.
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("store"))));

        // Opening it again finds it unpacked (content-addressed), and a session can bundle
        // it again with the same runs.
        const auto again = Bundle::open(file, dir.filePath(QStringLiteral("unpacked")), &error);
        QCOMPARE(again->root(), bundle->root());
        const BundleSource resaved = session.bundleSource({ QStringLiteral("rebuild") });
        QCOMPARE(resaved.runs.size(), 2); // the rebuild and the run it follows
        QCOMPARE(resaved.previous.value(QStringLiteral("rebuild")), QStringLiteral("cold"));
    }

    void demoBundle()
    {
        QTemporaryDir dir;
        QString error;
        const QString demo = DataLocations::demoBundle();
        QVERIFY2(!demo.isEmpty(), "the build makes the demo bundle");
        const auto bundle = Bundle::open(demo, dir.path(), &error);
        QVERIFY2(bundle, qPrintable(error));
        QVERIFY(bundle->runs().size() >= 10);
        QCOMPARE(bundle->manifest().selection.size(), 2);
        ProjectSession session(dir.filePath(QStringLiteral("store")));
        QVERIFY(session.openBundle(*bundle, &error));
        // Today's verdict on the #1515 pair, from the bundle's facts alone.
        const auto explanation
            = session.explain(QStringLiteral("demo-buildctl-v0.34.2-02-rebuild-after-edit.log"));
        QVERIFY(explanation);
        QCOMPARE(explanation->cause, RebuildExplanation::Cause::MinMode);
        const auto buildx = session.explain(QStringLiteral("demo-buildx-v0.38.2-04-rebuild-warm.log"));
        QVERIFY(buildx);
        QCOMPARE(buildx->count(ExplainedStep::Verdict::UnexpectedRebuild), 0);
    }

    void badBundles_data()
    {
        QTest::addColumn<QList<RawMember>>("members");
        QTest::addColumn<QString>("message");
        QList<RawMember> members;

        QTest::newRow("newer format") << QList<RawMember> { { "manifest.json", manifestJson(99) },
                                                            goodMembers().at(1), goodMembers().at(2) }
                                      << QStringLiteral("newer Cachelab (format version 99");
        QTest::newRow("missing member") << QList<RawMember> { goodMembers().at(0), goodMembers().at(1) }
                                        << QStringLiteral("names runs/r1/build.log, which the bundle does not hold");
        QTest::newRow("manifest names ..")
            << QList<RawMember> { { "manifest.json", manifestJson(1, QStringLiteral("../../etc/passwd")) },
                                  goodMembers().at(1) }
            << QStringLiteral("a path outside the bundle: ../../etc/passwd");
        members = goodMembers();
        members.append(RawMember { "../escaped", "boo" });
        QTest::newRow("member with ..") << members << QStringLiteral("member ../escaped: a path outside the bundle");
        members = goodMembers();
        members.append(RawMember { "project/../../escaped", "boo" });
        QTest::newRow("member with inner ..") << members << QStringLiteral("a path outside the bundle");
        members = goodMembers();
        members.append(RawMember { "/tmp/cachelab-absolute-escape", "boo" });
        QTest::newRow("absolute member") << members << QStringLiteral("member /tmp/cachelab-absolute-escape: a path outside");
        members = goodMembers();
        members.append(RawMember { "project/link", {}, AE_IFLNK, "/etc/passwd" });
        QTest::newRow("symlink") << members << QStringLiteral("member project/link: a symbolic link");
        members = goodMembers();
        members.append(RawMember { "project/hard", {}, AE_IFREG, "project/Dockerfile" });
        QTest::newRow("hard link") << members << QStringLiteral("member project/hard: a hard link");
        members = goodMembers();
        members.append(RawMember { "project/fifo", {}, AE_IFIFO });
        QTest::newRow("fifo") << members << QStringLiteral("member project/fifo: a special file");
        members = goodMembers();
        members.append(RawMember { "runs/r1/huge.log", QByteArray(9000, 'x') });
        QTest::newRow("member over the cap") << members << QStringLiteral("member runs/r1/huge.log: 9000 bytes, over the cap of 8192");
        QTest::newRow("no manifest") << QList<RawMember> { goodMembers().at(1) } << QStringLiteral("no manifest.json");
        QTest::newRow("manifest not json") << QList<RawMember> { { "manifest.json", "{ nope" }, goodMembers().at(1) }
                                           << QStringLiteral("manifest.json is not JSON");
    }

    void badBundles()
    {
        QFETCH(QList<RawMember>, members);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("bad.cachelab"));
        QVERIFY(writeRaw(file, members));
        const QString root = dir.filePath(QStringLiteral("chosen/unpack"));
        QFile::remove(QStringLiteral("/tmp/cachelab-absolute-escape"));
        QString error;
        BundleArchive::Limits limits;
        limits.maxMemberSize = 8192; // the recorded log is ~6 KiB
        const auto bundle = Bundle::open(file, root, &error, limits);
        QVERIFY(!bundle);
        QVERIFY2(error.startsWith(QLatin1String("bad.cachelab: ")), qPrintable(error));
        QVERIFY2(error.contains(message), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1Char('\n')), "one line");
        // Nothing outside the folder chosen; and within it, no half-unpacked bundle
        // is left but what the manifest check refused (it was unpacked whole).
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("escaped"))));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("chosen/escaped"))));
        QVERIFY(!QFileInfo::exists(QStringLiteral("/tmp/cachelab-absolute-escape")));
        const QStringList outside = filesUnder(dir.path()).filter(QRegularExpression(QStringLiteral("^(?!chosen|bad\\.cachelab)")));
        QVERIFY2(outside.isEmpty(), qPrintable(outside.join(QLatin1Char(' '))));
        for (const QString &path : filesUnder(dir.filePath(QStringLiteral("chosen"))))
            QVERIFY2(!path.contains(QLatin1String(".unpacking-")), qPrintable(path));
    }

    void corruptArchives()
    {
        QTemporaryDir dir;
        QString error;
        const QString good = dir.filePath(QStringLiteral("good.cachelab"));
        QVERIFY(writeRaw(good, goodMembers()));
        QVERIFY2(Bundle::open(good, dir.filePath(QStringLiteral("u0")), &error), qPrintable(error));

        const QByteArray bytes = readAll(good);
        struct Case
        {
            const char *name;
            QByteArray data;
        };
        const Case cases[] = {
            { "truncated.cachelab", bytes.left(bytes.size() / 2) },
            { "garbage.cachelab", QByteArray(4096, '\x5a') },
            { "empty.cachelab", QByteArray() },
            { "flipped.cachelab", [&bytes] {
                  QByteArray flipped = bytes;
                  for (int i = 40; i < flipped.size() - 20; i += 7)
                      flipped[i] = char(flipped[i] ^ 0x55);
                  return flipped;
              }() },
        };
        int n = 0;
        for (const Case &c : cases) {
            const QString file = dir.filePath(QString::fromLatin1(c.name));
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(c.data);
            out.close();
            const QString root = dir.filePath(QStringLiteral("u%1").arg(++n));
            QVERIFY2(!Bundle::open(file, root, &error), c.name);
            QVERIFY2(error.startsWith(QString::fromLatin1(c.name) + QStringLiteral(": ")), qPrintable(error));
            // Nothing half-unpacked stays behind.
            QVERIFY2(filesUnder(root).isEmpty(), qPrintable(filesUnder(root).join(QLatin1Char(' '))));
        }
    }

    // A cache read back from the registry and kept with the run that wrote it travels in
    // the bundle, and reads back offline as it was: build.sh's min-mode cache, 3 layers.
    void keptCacheReadTravels()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("moby-cache"));
        QVERIFY(QDir().mkpath(project));
        for (const QString &name : { QStringLiteral("Dockerfile"), QStringLiteral("build.sh") })
            QVERIFY(QFile::copy(DataLocations::bundledProjectDir() + QLatin1Char('/') + name,
                                project + QLatin1Char('/') + name));
        RunStore store(dir.filePath(QStringLiteral("store")));
        StoredRun run;
        run.origin = StoredRun::Origin::Script;
        run.projectDir = project;
        run.script = project + QStringLiteral("/build.sh");
        run.label = QStringLiteral("build.sh");
        run.log = readAll(recording(QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.log")));
        run.result.ending = RunResult::Ending::Succeeded;
        QString error;
        QVERIFY2(store.save(run, &error), qPrintable(error));

        ProjectSession session(store.root());
        QVERIFY2(session.open(project, &error), qPrintable(error));
        const QByteArray manifest
            = readAll(recording(QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.manifest.json")));
        const QByteArray config
            = readAll(recording(QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.cacheconfig.json")));
        QVERIFY(session.keepCacheRead(QStringLiteral("elsewhere:5000/x:cache"), manifest, config, &error).isEmpty());
        const QString ref = QStringLiteral("127.0.0.1:43851/issue1515-plain-buildctl/test:cache");
        QCOMPARE(session.keepCacheRead(ref, manifest, config, &error), run.id);
        // Kept on disk: a new session finds it.
        ProjectSession again(store.root());
        QVERIFY(again.open(project));
        QVERIFY(!again.runs()->entry(0)->stored.cacheConfigFile.isEmpty());

        const QString file = dir.filePath(QStringLiteral("kept.cachelab"));
        QVERIFY2(BundleWriter::write(again.bundleSource(), file, &error), qPrintable(error));
        const auto bundle = Bundle::open(file, dir.filePath(QStringLiteral("unpacked")), &error);
        QVERIFY2(bundle, qPrintable(error));
        const StoredRun carried = bundle->runs().constFirst();
        QCOMPARE(readAll(carried.cacheManifestFile), manifest);
        QCOMPARE(readAll(carried.cacheConfigFile), config);
        const auto inspection = CacheInspection::fromFiles(ref, manifest, config, &error);
        QVERIFY2(inspection, qPrintable(error));
        QCOMPARE(inspection->layers().size(), 3);
        QCOMPARE(inspection->modeGuess().mode(), CacheModeGuess::Mode::Min);
        QVERIFY(!CacheInspection::fromFiles(ref, "{}", config, &error));
    }

    // The unpack folder is a cache of bounded size: the most recently opened bundles stay.
    void unpackedBundlesArePruned()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("unpacked"));
        QString error;
        QStringList roots;
        for (int i = 0; i < Bundle::KeptUnpacked + 4; ++i) {
            QList<RawMember> members = goodMembers();
            members.append(RawMember { "project/note", QByteArray::number(i) }); // another hash
            const QString file = dir.filePath(QStringLiteral("b%1.cachelab").arg(i));
            QVERIFY(writeRaw(file, members));
            const auto bundle = Bundle::open(file, root, &error);
            QVERIFY2(bundle, qPrintable(error));
            roots.append(bundle->root());
            QTest::qWait(5); // distinct times of use
        }
        QCOMPARE(QDir(root).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size(), Bundle::KeptUnpacked);
        QVERIFY(QFileInfo::exists(roots.constLast()));
        QVERIFY(!QFileInfo::exists(roots.constFirst()));
    }

    void writeIsAtomic()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("keep.cachelab"));
        QVERIFY(writeRaw(file, goodMembers()));
        const QByteArray before = readAll(file);
        BundleSource source;
        source.dockerfile = DataLocations::bundledProjectDir() + QStringLiteral("/Dockerfile");
        StoredRun broken;
        broken.id = QStringLiteral("../evil");
        source.runs = { broken };
        QString error;
        QVERIFY(!BundleWriter::write(source, file, &error));
        QVERIFY2(error.contains(QLatin1String("../evil")), qPrintable(error));
        QCOMPARE(readAll(file), before);
        QCOMPARE(filesUnder(dir.path()), QStringList { QStringLiteral("keep.cachelab") });
    }
};

QTEST_GUILESS_MAIN(TestBundle)
#include "tst_bundle.moc"
