// SPDX-License-Identifier: GPL-3.0-or-later
// Cache formats on the real manifests and cacheconfigs that the registry served after the
// #1515 builds (fixtures/recordings/, see its README), plus hand-made variants of forms the
// tools here do not write (labelled as such).
#include "core/registry/CacheConfig.h"
#include "core/registry/CacheInspection.h"
#include "core/registry/CacheManifest.h"
#include "core/registry/CacheModeGuess.h"
#include "core/registry/ImageHistory.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace Cachelab;

class TestCacheConfig : public QObject
{
    Q_OBJECT
private slots:
    void recordedCaches_data();
    void recordedCaches();
    void minAndMaxEvidence();
    void indexForms_data();
    void indexForms();
    void imageAndImageIndex();
    void inlineRecords();
    void hostileConfigs_data();
    void hostileConfigs();
    void badManifests_data();
    void badManifests();
    void parentCycleIsBounded();
    void stepsNamedFromImageHistory();
    void identicalLayersOffTheImageChainStayUnnamed();
};

namespace {

QByteArray readFixture(const QString &name)
{
    QFile file(QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/recordings/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read fixture %s", qPrintable(name));
    return file.readAll();
}

CacheInspection inspectFixture(const QString &base)
{
    QString error;
    const auto manifest = CacheManifest::parse(readFixture(base + QStringLiteral(".manifest.json")),
                                               QString(), &error);
    if (!manifest)
        qFatal("%s", qPrintable(error));
    const auto config
        = CacheConfig::parse(readFixture(base + QStringLiteral(".cacheconfig.json")), &error);
    if (!config)
        qFatal("%s", qPrintable(error));
    return CacheInspection::fromCache(base, *manifest, QStringLiteral("sha256:test"), *config);
}

} // namespace

void TestCacheConfig::recordedCaches_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<int>("layers");
    QTest::addColumn<QString>("mode");
    // buildctl's build.sh says `mod=max`: min mode, the final image's 3 layers.
    for (const char *run : { "01-cold", "02-rebuild-after-edit" }) {
        for (const char *pass : { "", ".rawjson" }) {
            const QString base = QStringLiteral("buildctl-v0.34.2-%1%2")
                                     .arg(QLatin1String(run), QLatin1String(pass));
            QTest::newRow(qPrintable(base)) << base << 3 << "min";
        }
    }
    // buildx's mode=max: one layer per step that makes one, 16.
    for (const char *run : { "03-cold", "04-rebuild-warm", "05-cold", "06-rebuild-pruned" }) {
        for (const char *pass : { "", ".rawjson" }) {
            const QString base = QStringLiteral("buildx-v0.38.2-%1%2")
                                     .arg(QLatin1String(run), QLatin1String(pass));
            QTest::newRow(qPrintable(base)) << base << 16 << "max";
        }
    }
    // build.sh importing buildx's max cache: still min mode, with the loaded results' chains.
    QTest::newRow("buildctl 07") << "buildctl-v0.34.2-07-after-buildx" << 11 << "min";
    QTest::newRow("buildctl 07 rawjson")
        << "buildctl-v0.34.2-07-after-buildx.rawjson" << 11 << "min";
}

void TestCacheConfig::recordedCaches()
{
    QFETCH(QString, base);
    QFETCH(int, layers);
    const CacheInspection inspection = inspectFixture(base);
    QCOMPARE(inspection.form(), QStringLiteral("image-manifest"));
    QCOMPARE(inspection.manifestMediaType(),
             QStringLiteral("application/vnd.oci.image.manifest.v1+json"));
    QCOMPARE(inspection.layers().size(), layers);
    QTEST(inspection.modeGuess().modeName(), "mode");
    // Every cacheconfig layer is described by the manifest: size, media type, annotations.
    const QList<CacheInspection::Layer> inspected = inspection.layers();
    int bases = 0;
    for (const CacheInspection::Layer &layer : inspected) {
        QVERIFY(layer.digest.startsWith(QLatin1String("sha256:")));
        QVERIFY(layer.size > 0);
        QCOMPARE(layer.mediaType, QStringLiteral("application/vnd.oci.image.layer.v1.tar+gzip"));
        QVERIFY(!layer.annotations.value(QStringLiteral("buildkit/createdat")).isEmpty());
        QVERIFY(layer.annotations.value(QStringLiteral("containerd.io/uncompressed"))
                    .startsWith(QLatin1String("sha256:")));
        bases += layer.parent == -1 ? 1 : 0;
    }
    QCOMPARE(bases, 1); // one base image: the busybox alpine
    // Exactly one final record, whose chain starts at that base layer.
    int finals = 0;
    const QList<CacheInspection::Record> records = inspection.records();
    for (const CacheInspection::Record &record : records) {
        if (!record.final)
            continue;
        ++finals;
        QVERIFY(!record.resultChains.isEmpty());
        QCOMPARE(inspection.layers().at(record.resultChains.first().first()).parent, -1);
    }
    QCOMPARE(finals, 1);
    QVERIFY(!inspection.modeGuess().evidence().isEmpty());

    // JSON round trip for scripts.
    const QJsonObject json = inspection.toJson();
    QCOMPARE(json.value(QLatin1String("layerCount")).toInt(), layers);
    QTEST(json.value(QLatin1String("mode")).toString(), "mode");
    QCOMPARE(json.value(QLatin1String("layers")).toArray().size(), layers);
    QVERIFY(inspection.toText().contains(QStringLiteral("layers: %1").arg(layers)));
}

void TestCacheConfig::minAndMaxEvidence()
{
    const CacheInspection min = inspectFixture(QStringLiteral("buildctl-v0.34.2-01-cold"));
    // 26 records: 11 sources, 15 steps; 2 with results (the final one and its parent step).
    QCOMPARE(min.records().size(), 26);
    QCOMPARE(min.recordsWithResults(), 2);
    QVERIFY(
        min.modeGuess().evidence().join(QLatin1Char('\n')).contains(QLatin1String("keys only")));
    QCOMPARE(min.modeGuess().finalChainLayers().size(), 3);

    const CacheInspection max = inspectFixture(QStringLiteral("buildx-v0.38.2-03-cold"));
    QCOMPARE(max.recordsWithResults(), 15);
    QVERIFY(max.modeGuess()
                .evidence()
                .join(QLatin1Char('\n'))
                .contains(QLatin1String("every one of the 15 steps")));

    const CacheInspection imported
        = inspectFixture(QStringLiteral("buildctl-v0.34.2-07-after-buildx"));
    QVERIFY(imported.modeGuess()
                .evidence()
                .join(QLatin1Char('\n'))
                .contains(QLatin1String("imported cache")));
}

// Hand-made: the recorded cache rewritten into the index forms (OCI index, BuildKit up to
// v0.20; Docker manifest list, v0.7), which the tools here do not write.
void TestCacheConfig::indexForms_data()
{
    QTest::addColumn<QString>("mediaType");
    QTest::addColumn<bool>("mediaTypeInJson");
    QTest::newRow("oci index") << "application/vnd.oci.image.index.v1+json" << true;
    QTest::newRow("docker manifest list")
        << "application/vnd.docker.distribution.manifest.list.v2+json" << true;
    QTest::newRow("oci index, type from Content-Type only")
        << "application/vnd.oci.image.index.v1+json" << false;
}

void TestCacheConfig::indexForms()
{
    QFETCH(QString, mediaType);
    QFETCH(bool, mediaTypeInJson);
    const QJsonObject recorded
        = QJsonDocument::fromJson(
              readFixture(QStringLiteral("buildx-v0.38.2-03-cold.manifest.json")))
              .object();
    QJsonArray manifests = recorded.value(QLatin1String("layers")).toArray();
    manifests.append(recorded.value(QLatin1String("config")));
    QJsonObject index { { QStringLiteral("schemaVersion"), 2 },
                        { QStringLiteral("manifests"), manifests } };
    if (mediaTypeInJson)
        index.insert(QStringLiteral("mediaType"), mediaType);
    QString error;
    const auto manifest = CacheManifest::parse(QJsonDocument(index).toJson(), mediaType, &error);
    QVERIFY2(manifest, qPrintable(error));
    QCOMPARE(manifest->form(), CacheManifest::Form::CacheIndex);
    QCOMPARE(manifest->mediaType(), mediaType);
    QCOMPARE(manifest->layers().size(), 16);
    QCOMPARE(manifest->config().mediaType, CacheManifest::cacheConfigMediaType());
    const auto config = CacheConfig::parse(
        readFixture(QStringLiteral("buildx-v0.38.2-03-cold.cacheconfig.json")), &error);
    QVERIFY(config);
    const CacheInspection inspection
        = CacheInspection::fromCache(QStringLiteral("x"), *manifest, QString(), *config);
    QCOMPARE(inspection.form(), QStringLiteral("index"));
    QCOMPARE(inspection.modeGuess().mode(), CacheModeGuess::Mode::Max);
}

void TestCacheConfig::imageAndImageIndex()
{
    QString error;
    const QByteArray image
        = R"({"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
        "config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"sha256:c","size":1},
        "layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","digest":"sha256:l0","size":5}]})";
    const auto parsed = CacheManifest::parse(image, QString(), &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(parsed->form(), CacheManifest::Form::Image);
    QCOMPARE(parsed->layers().size(), 1);

    // buildx's image index: the image and its attestation manifest (unknown/unknown).
    const QByteArray index
        = R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
        {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:att","size":1,
         "platform":{"os":"unknown","architecture":"unknown"},
         "annotations":{"vnd.docker.reference.type":"attestation-manifest"}},
        {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:arm","size":1,
         "platform":{"os":"linux","architecture":"arm64","variant":"v8"}},
        {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:amd","size":1,
         "platform":{"os":"linux","architecture":"amd64"}}]})";
    const auto imageIndex = CacheManifest::parse(index, QString(), &error);
    QVERIFY2(imageIndex, qPrintable(error));
    QCOMPARE(imageIndex->form(), CacheManifest::Form::ImageIndex);
    QCOMPARE(imageIndex->imageFor(QStringLiteral("linux/amd64"))->digest,
             QStringLiteral("sha256:amd"));
    QCOMPARE(imageIndex->imageFor(QStringLiteral("linux/s390x"))->digest,
             QStringLiteral("sha256:arm"));
}

// Hand-made inline caches in the two shapes BuildKit wrote: v0.8 (Docker 20.10) results
// pointing at image layers, and later `chains` of image layer indexes.
void TestCacheConfig::inlineRecords()
{
    const QStringList imageLayers { QStringLiteral("sha256:base"), QStringLiteral("sha256:l1"),
                                    QStringLiteral("sha256:l2") };
    QString error;
    const QByteArray results = R"([{"digest":"sha256:src"},
        {"digest":"sha256:a","inputs":[[{"link":0}]],"layers":[{"layer":1}]},
        {"digest":"sha256:b","inputs":[[{"link":1}]],"layers":[{"layer":2}]}])";
    const auto config = CacheConfig::parseInline(results, imageLayers, &error);
    QVERIFY2(config, qPrintable(error));
    QCOMPARE(config->layers().size(), 3);
    QCOMPARE(config->chainOf(2), (QList<int> { 0, 1, 2 }));
    const CacheModeGuess guess = CacheModeGuess::fromConfig(*config);
    QCOMPARE(guess.mode(), CacheModeGuess::Mode::Min);
    QCOMPARE(guess.finalRecords(), QList<int> { 2 });

    const QByteArray chains = R"({"records":[{"digest":"sha256:src"},
        {"digest":"sha256:b","inputs":[[{"link":0}]],"chains":[{"layers":[0,1,2]}]}]})";
    const auto chained = CacheConfig::parseInline(chains, imageLayers, &error);
    QVERIFY2(chained, qPrintable(error));
    QCOMPARE(chained->resultChains(chained->records().at(1)), (QList<QList<int>> { { 0, 1, 2 } }));

    const QByteArray outOfRange = R"([{"digest":"sha256:a","layers":[{"layer":3}]}])";
    QVERIFY(!CacheConfig::parseInline(outOfRange, imageLayers, &error));
    QVERIFY2(error.contains(QLatin1String("not a layer")), qPrintable(error));
}

void TestCacheConfig::hostileConfigs_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("garbage") << QByteArray("{not json") << "not JSON";
    QTest::newRow("array") << QByteArray("[]") << "not a JSON object";
    QTest::newRow("parent out of range")
        << QByteArray(R"({"layers":[{"blob":"sha256:a","parent":7}]})") << "parent 7";
    QTest::newRow("self parent") << QByteArray(R"({"layers":[{"blob":"sha256:a"}]})") << "parent 0";
    QTest::newRow("no blob") << QByteArray(R"({"layers":[{"parent":-1}]})") << "no blob";
    QTest::newRow("bad link") << QByteArray(
        R"({"records":[{"digest":"d","inputs":[[{"link":5}]]}]})")
                              << "links record 5";
    QTest::newRow("self link") << QByteArray(
        R"({"records":[{"digest":"d","inputs":[[{"link":0}]]}]})")
                               << "links record 0";
    QTest::newRow("bad result") << QByteArray(
        R"({"records":[{"digest":"d","layers":[{"layer":0}]}]})")
                                << "not a layer";
    QTest::newRow("bad chain") << QByteArray(
        R"({"records":[{"digest":"d","chains":[{"layers":[-4]}]}]})")
                               << "not a layer";
}

void TestCacheConfig::hostileConfigs()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!CacheConfig::parse(json, &error));
    QVERIFY2(error.contains(message), qPrintable(error));
}

void TestCacheConfig::badManifests_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("garbage") << QByteArray("<html>") << "not a JSON object";
    QTest::newRow("schema 1") << QByteArray(R"({"schemaVersion":1,"fsLayers":[]})")
                              << "schemaVersion 1";
    QTest::newRow("no config") << QByteArray(R"({"schemaVersion":2,"layers":[]})")
                               << "without config";
    QTest::newRow("empty index") << QByteArray(R"({"schemaVersion":2,"manifests":[]})")
                                 << "empty index";
    QTest::newRow("two cacheconfigs") << QByteArray(
        R"({"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.buildkit.cacheconfig.v0","digest":"sha256:a"},
                      {"mediaType":"application/vnd.buildkit.cacheconfig.v0","digest":"sha256:b"}]})")
                                      << "2 cacheconfig entries";
}

void TestCacheConfig::badManifests()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!CacheManifest::parse(json, QString(), &error));
    QVERIFY2(error.contains(message), qPrintable(error));
}

void TestCacheConfig::parentCycleIsBounded()
{
    QString error;
    const auto config = CacheConfig::parse(
        R"({"layers":[{"blob":"sha256:a","parent":1},{"blob":"sha256:b"}]})", &error);
    QVERIFY2(config, qPrintable(error)); // a cycle 0 -> 1 -> 0: parsed, walked without looping
    QCOMPARE(config->chainOf(0).size(), 2);
}

// Hand-made image config in the shape BuildKit writes (rootfs.diff_ids, history with
// `# buildkit` and empty_layer entries) for the final image of the recorded build.sh cache:
// its diff_ids are the cache layers' containerd.io/uncompressed annotations.
void TestCacheConfig::stepsNamedFromImageHistory()
{
    CacheInspection inspection = inspectFixture(QStringLiteral("buildctl-v0.34.2-01-cold"));
    const QByteArray config = R"({"architecture":"amd64","os":"linux",
        "rootfs":{"type":"layers","diff_ids":[
          "sha256:e8162446774b15ac4c266bf5acdf5531e49a8cbb5e8dfa37182424f62d2645c5",
          "sha256:11e3ec076ad953b3fa411b3b2a62b9821122c9234b81b4e47f6390d758b7227f",
          "sha256:91ce1984db9c6187ddf321465b8d0060fc2355c1baf345dcc83d73b717f2fe90"]},
        "history":[{"created_by":"Imported from -"},
          {"created_by":"COPY /var/www/gdc/public/build_ssr /var/www/gdc/public/build_ssr # buildkit"},
          {"created_by":"WORKDIR /x # buildkit","empty_layer":true},
          {"created_by":"COPY js js # buildkit"}]})";
    QString error;
    const auto history = ImageHistory::fromConfig(config, &error);
    QVERIFY2(history, qPrintable(error));
    QCOMPARE(history->layerCommands(),
             (QStringList {
                 QStringLiteral("Imported from -"),
                 QStringLiteral("COPY /var/www/gdc/public/build_ssr /var/www/gdc/public/build_ssr"),
                 QStringLiteral("COPY js js") }));
    // Matched by uncompressed digest: the image's blobs may be compressed differently.
    QCOMPARE(inspection.nameLayersFromImage(QStringLiteral("img"),
                                            { QStringLiteral("sha256:other1"),
                                              QStringLiteral("sha256:other2"),
                                              QStringLiteral("sha256:other3") },
                                            *history),
             3);
    QStringList steps;
    const QList<CacheInspection::Record> records = inspection.records();
    for (const CacheInspection::Record &record : records) {
        if (record.final)
            QCOMPARE(record.step, QStringLiteral("COPY js js"));
        if (!record.step.isEmpty())
            steps.append(record.step);
    }
    QCOMPARE(steps.size(), 2);
    QVERIFY(inspection.toText().contains(QLatin1String("= COPY js js")));
    QCOMPARE(inspection.toJson().value(QLatin1String("image")).toString(), QStringLiteral("img"));

    // A history that does not match the layers one to one names nothing.
    const auto partial = ImageHistory::fromConfig(
        R"({"rootfs":{"diff_ids":["sha256:a","sha256:b"]},"history":[{"created_by":"x"}]})");
    QVERIFY(partial);
    QCOMPARE(partial->layerCommands(), (QStringList { QString(), QString() }));
    QVERIFY(!ImageHistory::fromConfig("[]"));
}

// In the recorded max cache, [build-node-modules 6/6] and [build-public 7/8] made one
// byte-identical blob (two cache layers with different parents). An image whose second
// layer is that blob on the base does not name either: neither chain is the image's.
void TestCacheConfig::identicalLayersOffTheImageChainStayUnnamed()
{
    CacheInspection inspection = inspectFixture(QStringLiteral("buildx-v0.38.2-03-cold"));
    const QString base
        = QStringLiteral("sha256:e254678e11b5108dd8e82d332c4bee27b41672cc0d7eebe158aa2517a3656c8b");
    const QString shared
        = QStringLiteral("sha256:352a83d8c9e9b4c5e274b21088287170ca6c142e000619e9a77d7890c7e45417");
    const auto history = ImageHistory::fromConfig(
        R"({"rootfs":{"diff_ids":["sha256:d0","sha256:d1"]},"history":[{"created_by":"base"},{"created_by":"RUN x"}]})");
    QVERIFY(history);
    QCOMPARE(inspection.nameLayersFromImage(QStringLiteral("img"), { base, shared }, *history), 1);
    const QList<CacheInspection::Layer> layers = inspection.layers();
    for (const CacheInspection::Layer &layer : layers) {
        if (layer.digest == shared)
            QCOMPARE(layer.imageLayer, -1);
        if (layer.digest == base)
            QCOMPARE(layer.createdBy, QStringLiteral("base"));
    }
}

QTEST_GUILESS_MAIN(TestCacheConfig)
#include "tst_cacheconfig.moc"
