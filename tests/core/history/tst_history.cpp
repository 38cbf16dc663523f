// SPDX-License-Identifier: GPL-3.0-or-later
// Builder history (core/history) on what buildx printed for real (fixtures/history/,
// README there): a .dockerbuild file's logs blob, decoded with libprotobuf, gives the run
// `docker buildx history logs --progress rawjson` printed for the same record, vertex for
// vertex and to the nanosecond; the records of `ls`, `inspect` and the file agree; broken
// files are refused with one line; imported builds are kept as runs with their record.
#include "core/bundle/BundleArchive.h"
#include "core/history/DockerBuildFile.h"
#include "core/history/HistoryRecord.h"
#include "core/history/StatusBlob.h"
#include "core/history/TraceSpans.h"
#include "history/buildkit_status.pb.h" // generated from app/core/history/buildkit_status.proto
#include "core/models/RunListModel.h"
#include "core/progress/ProgressStreamParser.h"
#include "core/progress/RawJsonProgressParser.h"
#include "core/session/ProjectSession.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Cachelab;

namespace {

QString fixture(const QString &name)
{
    return QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/history/") + name;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// ls.json's records, newest first: failing, buildx-rebuild, buildx-cold.
QList<QJsonObject> listed()
{
    QList<QJsonObject> objects;
    for (const QByteArray &line : readAll(fixture(QStringLiteral("ls.json"))).split('\n')) {
        if (!line.trimmed().isEmpty())
            objects.append(QJsonDocument::fromJson(line).object());
    }
    return objects;
}

QString idOf(const QJsonObject &listedRecord)
{
    return listedRecord.value(QLatin1String("ref")).toString().section(QLatin1Char('/'), -1);
}

void compareRuns(const BuildRun &actual, const BuildRun &expected)
{
    QCOMPARE(actual.vertices.size(), expected.vertices.size());
    for (qsizetype i = 0; i < expected.vertices.size(); ++i) {
        const BuildVertex &a = actual.vertices.at(i);
        const BuildVertex &e = expected.vertices.at(i);
        QCOMPARE(a.name(), e.name());
        QCOMPARE(a.digest, e.digest);
        QCOMPARE(a.state, e.state);
        QCOMPARE(a.started, e.started);
        QCOMPARE(a.completed, e.completed);
        QCOMPARE(a.logLineCount, e.logLineCount);
        QCOMPARE(a.statuses().size(), e.statuses().size());
        QCOMPARE(a.errorMessage(), e.errorMessage());
    }
    QCOMPARE(actual.failed(), expected.failed());
}

// The members of a real .dockerbuild, to make broken ones from.
QHash<QString, QByteArray> membersOf(const QString &path)
{
    QString error;
    auto files = BundleArchive::readFiles(path, [](const QString &) { return true; }, &error);
    return files ? *files : QHash<QString, QByteArray>();
}

QString writeArchive(const QTemporaryDir &dir, const QString &name, const QHash<QString, QByteArray> &files)
{
    QList<BundleArchive::Member> members;
    for (auto it = files.begin(); it != files.end(); ++it)
        members.append({it.key(), {}, it.value(), false});
    const QString path = dir.filePath(name);
    QString error;
    return BundleArchive::write(path, members, &error) ? path : QString();
}

QString copyProject(const QTemporaryDir &dir)
{
    const QString project = dir.filePath(QStringLiteral("moby-cache"));
    QDir().mkpath(project);
    QFile::copy(QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/moby-cache/Dockerfile"),
                QDir(project).filePath(QStringLiteral("Dockerfile")));
    return project;
}

} // namespace

class TestHistory : public QObject
{
    Q_OBJECT

private slots:
    // Each exported record's logs blob, decoded, is the run `history logs --progress
    // rawjson` printed for the same record: every vertex, state, time and output line.
    void exportedLogsAreWhatBuildxPrints_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("cachedSteps");
        QTest::newRow("cold") << QStringLiteral("buildx-cold") << 0;
        QTest::newRow("rebuild") << QStringLiteral("buildx-rebuild") << 10;
        QTest::newRow("failing") << QStringLiteral("failing") << 1;
    }
    void exportedLogsAreWhatBuildxPrints()
    {
        QFETCH(QString, name);
        QFETCH(int, cachedSteps);
        QString error;
        const auto builds = DockerBuildFile::read(fixture(name + QStringLiteral(".dockerbuild")), &error);
        QVERIFY2(builds, qPrintable(error));
        QCOMPARE(builds->size(), 1);
        const BuildRun fromFile = RawJsonProgressParser::parse(builds->constFirst().log);
        const BuildRun printed = RawJsonProgressParser::parse(readAll(fixture(name + QStringLiteral(".rawjson"))));
        QVERIFY(printed.vertices.size() >= 5);
        compareRuns(fromFile, printed);
        QCOMPARE(builds->constFirst().record.cachedSteps, cachedSteps);
        // The same through the log reader every verb uses (analyze, explain, the window).
        const auto runs = ProgressStreamParser::readFileRuns(fixture(name + QStringLiteral(".dockerbuild")), &error);
        QVERIFY2(runs, qPrintable(error));
        QCOMPARE(runs->size(), 1);
        compareRuns(runs->constFirst(), printed);
    }

    // The record in the file, ls's line and inspect's answer tell the same build.
    void recordsAgree_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("listedRow");
        QTest::addColumn<QString>("release");
        QTest::newRow("cold") << QStringLiteral("buildx-cold") << 2 << QStringLiteral("1");
        QTest::newRow("rebuild") << QStringLiteral("buildx-rebuild") << 1 << QStringLiteral("2");
    }
    void recordsAgree()
    {
        QFETCH(QString, name);
        QFETCH(int, listedRow);
        QFETCH(QString, release);
        QString error;
        const auto builds = DockerBuildFile::read(fixture(name + QStringLiteral(".dockerbuild")), &error);
        QVERIFY2(builds, qPrintable(error));
        const HistoryRecord &file = builds->constFirst().record;
        const QJsonObject line = listed().at(listedRow);
        const auto fromList = HistoryRecord::fromListJson(line, &error);
        QVERIFY2(fromList, qPrintable(error));
        HistoryRecord inspected = *fromList;
        inspected.addInspectJson(QJsonDocument::fromJson(readAll(fixture(name + QStringLiteral(".inspect.json")))).object());

        QCOMPARE(file.id(), idOf(line));
        QCOMPARE(fromList->builder(), QStringLiteral("cachelab"));
        for (const HistoryRecord *record : std::initializer_list<const HistoryRecord *>{&file, &*fromList, &inspected}) {
            QCOMPARE(record->status, HistoryRecord::Status::Completed);
            QCOMPARE(record->totalSteps, line.value(QLatin1String("total_steps")).toInt());
            QCOMPARE(record->cachedSteps, line.value(QLatin1String("cached_steps")).toInt());
            QVERIFY(record->durationMs() > 0);
        }
        // ls and inspect print nanoseconds; the file's record holds them as a Timestamp.
        QCOMPARE(file.createdAt, fromList->createdAt);
        QCOMPARE(file.completedAt, inspected.completedAt);
        QCOMPARE(fromList->name, QStringLiteral("moby-cache"));
        for (const HistoryRecord *record : std::initializer_list<const HistoryRecord *>{&file, &inspected}) {
            QCOMPARE(record->buildArgs, (QList<QPair<QString, QString>>{{QStringLiteral("RELEASE"), release}}));
            QCOMPARE(record->cacheImports.size(), 1);
            QVERIFY2(record->cacheImports.constFirst().startsWith(QLatin1String("type=registry,ref=127.0.0.1:")),
                     qPrintable(record->cacheImports.constFirst()));
            QVERIFY(record->cacheImports.constFirst().endsWith(QLatin1String("/history/test:cache")));
            QVERIFY(record->context.endsWith(QLatin1String("/moby-cache")));
        }
        QCOMPARE(HistoryRecord::fromJson(inspected.toJson()).toJson(), inspected.toJson());
    }

    void aFailedBuild()
    {
        QString error;
        const auto builds = DockerBuildFile::read(fixture(QStringLiteral("failing.dockerbuild")), &error);
        QVERIFY2(builds, qPrintable(error));
        const HistoryRecord &record = builds->constFirst().record;
        QCOMPARE(record.status, HistoryRecord::Status::Failed);
        QVERIFY2(record.error.contains(QLatin1String("did not complete successfully")), qPrintable(record.error));
        const auto fromList = HistoryRecord::fromListJson(listed().at(0), &error);
        QCOMPARE(fromList->status, HistoryRecord::Status::Failed);
        HistoryRecord inspected = *fromList;
        inspected.addInspectJson(QJsonDocument::fromJson(readAll(fixture(QStringLiteral("failing.inspect.json")))).object());
        QCOMPARE(inspected.status, HistoryRecord::Status::Failed);
        QCOMPARE(inspected.error, record.error);
        const BuildRun run = RawJsonProgressParser::parse(builds->constFirst().log);
        QVERIFY(run.failed());
    }

    // `history export REF1 REF2`: an index of two records, in the order given.
    void twoBuildsInOneFile()
    {
        QString error;
        const auto builds = DockerBuildFile::read(fixture(QStringLiteral("two-builds.dockerbuild")), &error);
        QVERIFY2(builds, qPrintable(error));
        QCOMPARE(builds->size(), 2);
        QCOMPARE(builds->at(0).record.id(), idOf(listed().at(2)));
        QCOMPARE(builds->at(1).record.id(), idOf(listed().at(1)));
        compareRuns(RawJsonProgressParser::parse(builds->at(1).log),
                    RawJsonProgressParser::parse(readAll(fixture(QStringLiteral("buildx-rebuild.rawjson")))));
        const auto runs = ProgressStreamParser::readFileRuns(fixture(QStringLiteral("two-builds.dockerbuild")), &error);
        QCOMPARE(runs->size(), 2);
        QVERIFY(runs->at(1).source.contains(builds->at(1).record.id()));
    }

    // Broken blobs and files: one line that says where, nothing kept.
    void brokenLogsBlob_data()
    {
        QTest::addColumn<QByteArray>("blob");
        QTest::addColumn<QString>("said");
        QTest::newRow("short size") << QByteArray("\x05\x00", 2) << QStringLiteral("message 1 at byte 0: 2 bytes left");
        QTest::newRow("size past the end") << QByteArray("\xff\x00\x00\x00{}", 6) << QStringLiteral("message 1 at byte 0: size 255 runs past");
        QTest::newRow("not protobuf") << QByteArray("\x04\x00\x00\x00\xff\xff\xff\xff", 8) << QStringLiteral("not a BuildKit StatusResponse");
    }
    void brokenLogsBlob()
    {
        QFETCH(QByteArray, blob);
        QFETCH(QString, said);
        QString error;
        QVERIFY(!StatusBlob::toRawJson(blob, &error));
        QVERIFY2(error.contains(said), qPrintable(error));
        // After a good message, the place of the bad one is said.
        const QByteArray good("\x00\x00\x00\x00", 4); // an empty StatusResponse
        QVERIFY(!StatusBlob::toRawJson(QByteArray(good + blob), &error));
        QVERIFY2(error.contains(QString(said).replace(QLatin1String("message 1 at byte 0"),
                                                      QLatin1String("message 2 at byte 4"))),
                 qPrintable(error));
    }

    void brokenFiles()
    {
        QTemporaryDir dir;
        QString error;
        // Not an archive at all.
        QFile text(dir.filePath(QStringLiteral("notes.dockerbuild")));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("just text\n");
        text.close();
        QVERIFY(!DockerBuildFile::read(text.fileName(), &error));
        QVERIFY2(error.startsWith(QLatin1String("notes.dockerbuild: ")), qPrintable(error));
        QVERIFY(!ProgressStreamParser::readFileRuns(text.fileName(), &error));
        QVERIFY2(error.startsWith(QLatin1String("notes.dockerbuild: ")), qPrintable(error));

        QHash<QString, QByteArray> members = membersOf(fixture(QStringLiteral("buildx-rebuild.dockerbuild")));
        QVERIFY(members.contains(QStringLiteral("index.json")));
        // A blob the index names is missing.
        const QJsonObject index = QJsonDocument::fromJson(members.value(QStringLiteral("index.json"))).object();
        const QString manifest = index.value(QLatin1String("manifests")).toArray().at(0).toObject().value(QLatin1String("digest")).toString();
        QHash<QString, QByteArray> missing = members;
        QVERIFY(missing.remove(QStringLiteral("blobs/sha256/") + manifest.mid(7)) == 1);
        QVERIFY(!DockerBuildFile::read(writeArchive(dir, QStringLiteral("missing.dockerbuild"), missing), &error));
        QVERIFY2(error.contains(QLatin1String("blob ") + manifest + QLatin1String(" is missing")), qPrintable(error));
        // A logs blob cut short.
        const QJsonObject manifestJson = QJsonDocument::fromJson(members.value(QStringLiteral("blobs/sha256/") + manifest.mid(7))).object();
        QString logsDigest;
        for (const QJsonValue &layer : manifestJson.value(QLatin1String("layers")).toArray()) {
            if (layer.toObject().value(QLatin1String("mediaType")).toString() == StatusBlob::mediaType())
                logsDigest = layer.toObject().value(QLatin1String("digest")).toString();
        }
        QVERIFY(!logsDigest.isEmpty());
        QHash<QString, QByteArray> cut = members;
        QByteArray &logs = cut[QStringLiteral("blobs/sha256/") + logsDigest.mid(7)];
        logs.chop(logs.size() / 2);
        QVERIFY(!DockerBuildFile::read(writeArchive(dir, QStringLiteral("cut.dockerbuild"), cut), &error));
        QVERIFY2(error.startsWith(QLatin1String("cut.dockerbuild: the logs of build ")) && error.contains(QLatin1String("runs past the end")),
                 qPrintable(error));
        // An index naming itself ends, with a line, rather than recursing forever.
        QHash<QString, QByteArray> loop = members;
        const QByteArray self = R"({"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"sha256:aaaa","size":1}]})";
        loop[QStringLiteral("index.json")] = self;
        loop[QStringLiteral("blobs/sha256/aaaa")] = self;
        QVERIFY(!DockerBuildFile::read(writeArchive(dir, QStringLiteral("loop.dockerbuild"), loop), &error));
        QVERIFY2(error.contains(QLatin1String("nested too deep")), qPrintable(error));
        // A digest that would name a path outside blobs/ is never looked up.
        QHash<QString, QByteArray> escape = members;
        escape[QStringLiteral("index.json")] = R"({"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:../../index.json"}]})";
        QVERIFY(!DockerBuildFile::read(writeArchive(dir, QStringLiteral("escape.dockerbuild"), escape), &error));
        QVERIFY2(error.contains(QLatin1String("is missing")), qPrintable(error));
    }

    // Imported into a project: one run per build, kept with its record; the same record
    // twice is one run; the store reads them back as they were.
    void importedAsRuns()
    {
        QTemporaryDir dir;
        const QString project = copyProject(dir);
        QString error;
        QStringList ids;
        {
            ProjectSession session(dir.filePath(QStringLiteral("store")));
            QVERIFY(session.open(project));
            QVERIFY2(session.importLog(fixture(QStringLiteral("two-builds.dockerbuild")), &error, &ids), qPrintable(error));
            QCOMPARE(ids.size(), 2);
            QStringList again;
            QVERIFY(session.importLog(fixture(QStringLiteral("buildx-rebuild.dockerbuild")), &error, &again));
            QCOMPARE(again, QStringList{ids.at(1)});
            QCOMPARE(session.runs()->rowCount(), 2);
        }
        ProjectSession session(dir.filePath(QStringLiteral("store")));
        QVERIFY(session.open(project));
        QCOMPARE(session.runs()->rowCount(), 2);
        const RunListModel::Entry *rebuild = session.runs()->entryById(ids.at(1));
        QVERIFY(rebuild);
        QCOMPARE(rebuild->stored.origin, StoredRun::Origin::BuilderHistory);
        QVERIFY(rebuild->stored.history);
        QCOMPARE(rebuild->stored.history->buildArgs.value(0).second, QStringLiteral("2"));
        QVERIFY(rebuild->stored.label.contains(QLatin1String("two-builds.dockerbuild")));
        QCOMPARE(rebuild->stored.result.ending, RunResult::Ending::Succeeded);
        compareRuns(rebuild->run, RawJsonProgressParser::parse(readAll(fixture(QStringLiteral("buildx-rebuild.rawjson")))));
        // The rebuild follows the cold run: Explain compares the pair.
        QCOMPARE(session.predecessorOf(ids.at(1)), ids.at(0));
    }

    // The trace's vertex spans agree with the logs blob's times (BuildKit v0.34.2: within
    // 10 µs, fixtures/history/README.md); a cached vertex has none.
    void traceAgreesWithTheLogs()
    {
        const QHash<QString, QByteArray> members = membersOf(fixture(QStringLiteral("buildx-rebuild.dockerbuild")));
        QByteArray trace;
        for (auto it = members.begin(); it != members.end(); ++it) {
            if (it.value().startsWith("{\n  \"Name\""))
                trace = it.value();
        }
        QVERIFY(!trace.isEmpty());
        const auto spans = TraceSpans::byVertex(trace);
        const BuildRun run = RawJsonProgressParser::parse(readAll(fixture(QStringLiteral("buildx-rebuild.rawjson"))));
        int agreed = 0;
        for (const BuildVertex &vertex : run.vertices) {
            const QList<TraceSpans::Span> own = spans.value(vertex.digest);
            const auto span = std::find_if(own.begin(), own.end(), [&](const TraceSpans::Span &s) { return s.name == vertex.name(); });
            if (vertex.state == VertexState::Cached) {
                QVERIFY2(span == own.end(), qPrintable(vertex.name()));
                continue;
            }
            if (span == own.end())
                continue;
            const QDateTime started = QDateTime::fromString(span->started, Qt::ISODateWithMs);
            const QDateTime completed = QDateTime::fromString(span->completed, Qt::ISODateWithMs);
            QVERIFY2(qAbs(started.msecsTo(vertex.started)) <= 1 && qAbs(completed.msecsTo(vertex.completed)) <= 1,
                     qPrintable(vertex.name()));
            ++agreed;
        }
        QVERIFY2(agreed >= 8, qPrintable(QString::number(agreed)));
    }

    // A step the logs leave without its times (a log cut short) gets them from the trace:
    // the real file with [build-public 4/8]'s times taken out of every logs message.
    void timesFromTheTrace()
    {
        QTemporaryDir dir;
        QHash<QString, QByteArray> members = membersOf(fixture(QStringLiteral("buildx-rebuild.dockerbuild")));
        const QString name = QStringLiteral("[build-public 4/8] COPY assets assets");
        int cleared = 0;
        for (auto it = members.begin(); it != members.end(); ++it) {
            if (!StatusBlob::toRawJson(it.value(), nullptr) || !it.key().startsWith(QLatin1String("blobs/")))
                continue;
            QByteArray rewritten;
            qsizetype offset = 0;
            const QByteArray &blob = it.value();
            while (offset + 4 <= blob.size()) {
                const auto *size = reinterpret_cast<const unsigned char *>(blob.constData() + offset);
                const int length = int(size[0] | size[1] << 8 | size[2] << 16 | size[3] << 24);
                cachelab::buildkit::StatusResponse message;
                QVERIFY(message.ParseFromArray(blob.constData() + offset + 4, length));
                for (cachelab::buildkit::Vertex &vertex : *message.mutable_vertexes()) {
                    if (QString::fromStdString(vertex.name()) == name) {
                        vertex.clear_started();
                        vertex.clear_completed();
                        ++cleared;
                    }
                }
                const std::string bytes = message.SerializeAsString();
                const quint32 n = quint32(bytes.size());
                const char header[4] = {char(n & 0xff), char(n >> 8 & 0xff), char(n >> 16 & 0xff), char(n >> 24 & 0xff)};
                rewritten.append(header, 4).append(bytes.data(), qsizetype(bytes.size()));
                offset += 4 + length;
            }
            if (blob.size() > 100 && cleared > 0) {
                it.value() = rewritten;
                break;
            }
        }
        QVERIFY(cleared > 0);
        QString error;
        QVERIFY(DockerBuildFile::read(fixture(QStringLiteral("buildx-rebuild.dockerbuild")), &error));
        const auto builds = DockerBuildFile::read(writeArchive(dir, QStringLiteral("cut.dockerbuild"), members), &error);
        QVERIFY2(builds, qPrintable(error));
        const BuildRun run = RawJsonProgressParser::parse(builds->constFirst().log);
        const BuildRun original = RawJsonProgressParser::parse(readAll(fixture(QStringLiteral("buildx-rebuild.rawjson"))));
        const auto find = [&name](const BuildRun &r) {
            return std::find_if(r.vertices.begin(), r.vertices.end(), [&name](const BuildVertex &v) { return v.name() == name; });
        };
        const auto step = find(run);
        QVERIFY(step != run.vertices.end());
        QCOMPARE(step->state, VertexState::Done);
        QVERIFY(qAbs(step->started.msecsTo(find(original)->started)) <= 1);
        QVERIFY(qAbs(step->completed.msecsTo(find(original)->completed)) <= 1);
    }

    // A secret-looking build argument is masked in what is kept.
    void secretsMasked()
    {
        HistoryRecord record;
        record.buildArgs = {{QStringLiteral("NPM_TOKEN"), QStringLiteral("s3cr3t")},
                            {QStringLiteral("RELEASE"), QStringLiteral("2")}};
        const HistoryRecord masked = record.redacted();
        QCOMPARE(masked.buildArgs.at(0).second, QStringLiteral("***"));
        QCOMPARE(masked.buildArgs.at(1).second, QStringLiteral("2"));
    }
};

QTEST_GUILESS_MAIN(TestHistory)
#include "tst_history.moc"
