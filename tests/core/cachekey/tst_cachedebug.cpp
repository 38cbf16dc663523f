// SPDX-License-Identifier: GPL-3.0-or-later
// BuildKit's cache debug data (core/cachekey) on what buildkitd v0.34.2 served around the
// #1515 scenario (fixtures/cache-debug/, README there): the records of both runs' `COPY
// assets assets` are found by their file op, and the files under their content keys
// differ in exactly the file the #1515 edit changed, by its checksum and size.
#include "core/cachekey/CacheDebugData.h"
#include "core/cachekey/CacheKeyXray.h"
#include "core/dockerfile/DockerfileParser.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Cachelab;

namespace {

CacheDebugData store(const QString &name)
{
    QFile file(QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/cache-debug/") + name + QStringLiteral(".store.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    QString error;
    const auto data = CacheDebugData::fromStoreJson(file.readAll(), &error);
    if (!data)
        qFatal("%s: %s", qPrintable(file.fileName()), qPrintable(error));
    return *data;
}

// The records whose op copies `src` (a file op's copy action), in the answer's order.
QList<const CacheDebugData::Record *> copiesOf(const CacheDebugData &data, const QString &src)
{
    QList<const CacheDebugData::Record *> found;
    for (const CacheDebugData::Record &record : data.records()) {
        const QJsonObject op = QJsonDocument::fromJson(data.opJson(record)).object();
        if (op.value(QLatin1String("Type")).toString() != QLatin1String("buildkit.file.v0"))
            continue;
        for (const QJsonValue &action : op.value(QLatin1String("Actions")).toArray()) {
            const QJsonObject copy = QJsonDocument::fromJson(QByteArray::fromBase64(action.toString().toLatin1())).object();
            if (copy.value(QLatin1String("src")).toString() == src)
                found.append(&record);
        }
    }
    return found;
}

// The files under the content key of a COPY's source input (input 1).
QMap<QString, CacheKeyFile> contentOfSource(const CacheDebugData &data, const CacheDebugData::Record &copy)
{
    for (const CacheDebugData::Parent &parent : copy.parents) {
        const CacheDebugData::Record *target = data.record(parent.target);
        if (parent.input != 1 || !target)
            continue;
        const QMap<QString, CacheKeyFile> files = data.contentFiles(*target);
        if (!files.isEmpty())
            return files;
    }
    return {};
}

} // namespace

class TestCacheDebug : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsTheRecordedAnswers()
    {
        const CacheDebugData cold = store(QStringLiteral("01-cold"));
        const CacheDebugData rebuild = store(QStringLiteral("02-rebuild-after-edit"));
        QCOMPARE(cold.records().size(), 29);
        QCOMPARE(rebuild.records().size(), 38); // the store accumulates
        // The #1515 COPY of assets/: once after the cold run, twice after the rebuild (a
        // new key for the new content).
        QCOMPARE(copiesOf(cold, QStringLiteral("assets")).size(), 1);
        QCOMPARE(copiesOf(rebuild, QStringLiteral("assets")).size(), 2);
        // Its source input selects /assets.
        const CacheDebugData::Record *copy = copiesOf(cold, QStringLiteral("assets")).constFirst();
        QStringList selected;
        for (const CacheDebugData::Parent &parent : copy->parents) {
            if (!parent.selector.isEmpty())
                selected += cold.selectorPaths(parent.selector);
        }
        QCOMPARE(selected, QStringList{QStringLiteral("/assets")});
    }

    // The #1515 edit, from BuildKit's own keys: the one file whose checksum changed.
    void theEditedFile()
    {
        const CacheDebugData cold = store(QStringLiteral("01-cold"));
        const CacheDebugData rebuild = store(QStringLiteral("02-rebuild-after-edit"));
        const QMap<QString, CacheKeyFile> before = contentOfSource(cold, *copiesOf(cold, QStringLiteral("assets")).constFirst());
        QVERIFY(before.contains(QStringLiteral("js/file1.js")));
        QCOMPARE(before.value(QStringLiteral("js/file1.js")).mode, 0644);
        QCOMPARE(before.value(QStringLiteral("js/file1.js")).size, 78);
        // The rebuild's answer holds both keys; the new one is the one that differs.
        QList<QMap<QString, CacheKeyFile>> contents;
        for (const CacheDebugData::Record *copy : copiesOf(rebuild, QStringLiteral("assets")))
            contents.append(contentOfSource(rebuild, *copy));
        QCOMPARE(contents.size(), 2);
        QVERIFY(contents.contains(before));
        const QMap<QString, CacheKeyFile> after = contents.at(0) == before ? contents.at(1) : contents.at(0);
        const QList<CacheKeyFileChange> changes = CacheDebugData::diff(before, after);
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes.constFirst().kind, CacheKeyFileChange::Kind::Content);
        QCOMPARE(changes.constFirst().path, QStringLiteral("js/file1.js"));
        QCOMPARE(changes.constFirst().before.size, 78);
        QCOMPARE(changes.constFirst().after.size, 126);
        QVERIFY(changes.constFirst().before.digest != changes.constFirst().after.digest);
    }

    // The X-ray of the #1515 rebuild: the edited COPY names the file, the steps after it
    // name their parent and then the file; a step whose key did not change says so.
    void xrayOfTheEdit_data()
    {
        QTest::addColumn<QString>("label");
        QTest::addColumn<QStringList>("causes");
        const QString file = QStringLiteral("content of assets/js/file1.js changed (checksum 9613847fb40d, 78 bytes → 1736a3c44087, 126 bytes)");
        QTest::newRow("4/8") << QStringLiteral("[build-public 4/8] COPY assets assets") << QStringList{file};
        QTest::newRow("5/8") << QStringLiteral("[build-public 5/8] RUN mkdir -p public/build_ssr && echo \"fake server-side bundle\" > public/build_ssr/FAKE")
                             << QStringList{QStringLiteral("its parent step [build-public 4/8] COPY assets assets changed"), file};
        QTest::newRow("8/8") << QStringLiteral("[build-public 8/8] COPY --from=build-node-modules /var/www/gdc/assets/js/react/node_modules assets/js/react/node_modules")
                             << QStringList{QStringLiteral("its parent step [build-public 7/8] COPY --from=build-node-modules /var/www/gdc/node_modules node_modules changed"),
                                            QStringLiteral("its parent step [build-public 6/8] COPY --from=build-assets-less /var/www/gdc/assets/less/node_modules assets/less/node_modules changed"),
                                            QStringLiteral("its parent step [build-public 5/8] RUN mkdir -p public/build_ssr && echo \"fake server-side bundle\" > public/build_ssr/FAKE changed"),
                                            QStringLiteral("its parent step [build-public 4/8] COPY assets assets changed"), file};
        QTest::newRow("3/8 cached in both") << QStringLiteral("[build-public 3/8] COPY *.config.js package*.json ./")
                                            << QStringList{XrayCause{XrayCause::Kind::SameKey, {}, {}, {}, {}}.toText()};
    }
    void xrayOfTheEdit()
    {
        QFETCH(QString, label);
        QFETCH(QStringList, causes);
        DockerfileError error;
        const auto dockerfile = DockerfileParser::parseFile(QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/moby-cache/Dockerfile"), {}, &error);
        QVERIFY2(dockerfile, qPrintable(error.toString()));
        const QList<XrayStep> steps = XrayStep::of(*dockerfile);
        const auto step = std::find_if(steps.begin(), steps.end(), [&](const XrayStep &s) { return s.label == label; });
        QVERIFY2(step != steps.end(), qPrintable(label));
        const CacheDebugData cold = store(QStringLiteral("01-cold"));
        const CacheDebugData rebuild = store(QStringLiteral("02-rebuild-after-edit"));
        QVERIFY(!CacheKeyXray::recordsOf(cold, *step).isEmpty());
        QStringList said;
        for (const XrayCause &cause : CacheKeyXray(cold, rebuild, steps).explain(*step))
            said << cause.toText();
        QCOMPARE(said, causes);
    }

    // What goes into a bundle: a secret build argument in a RUN's environment masked, the
    // rest as it was (the X-ray reads the same from it).
    void redactedForBundles()
    {
        QFile file(QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/cache-debug/02-rebuild-after-edit.store.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonArray records = QJsonDocument::fromJson(file.readAll()).array();
        // Give one exec op a token in its environment, as `--build-arg NPM_TOKEN=…` would.
        bool planted = false;
        for (qsizetype r = 0; r < records.size() && !planted; ++r) {
            QJsonObject record = records.at(r).toObject();
            QJsonArray debug = record.value(QLatin1String("debug")).toArray();
            for (qsizetype d = 0; d < debug.size() && !planted; ++d) {
                QJsonObject entry = debug.at(d).toObject();
                QJsonArray subs = entry.value(QLatin1String("subRecords")).toArray();
                for (qsizetype k = 0; k < subs.size() && !planted; ++k) {
                    QJsonObject sub = subs.at(k).toObject();
                    QJsonArray frames = sub.value(QLatin1String("data")).toArray();
                    QJsonObject op = QJsonDocument::fromJson(QByteArray::fromBase64(
                        frames.at(0).toObject().value(QLatin1String("data")).toString().toLatin1())).object();
                    if (!op.value(QLatin1String("Exec")).isObject())
                        continue;
                    QJsonObject exec = op.value(QLatin1String("Exec")).toObject();
                    QJsonObject meta = exec.value(QLatin1String("meta")).toObject();
                    QJsonArray env = meta.value(QLatin1String("env")).toArray();
                    env.append(QStringLiteral("NPM_TOKEN=s3cr3t-value"));
                    meta.insert(QLatin1String("env"), env);
                    exec.insert(QLatin1String("meta"), meta);
                    op.insert(QLatin1String("Exec"), exec);
                    QJsonObject frame = frames.at(0).toObject();
                    frame.insert(QLatin1String("data"), QString::fromLatin1(QJsonDocument(op).toJson(QJsonDocument::Compact).toBase64()));
                    frames.replace(0, frame);
                    sub.insert(QLatin1String("data"), frames);
                    subs.replace(k, sub);
                    entry.insert(QLatin1String("subRecords"), subs);
                    debug.replace(d, entry);
                    record.insert(QLatin1String("debug"), debug);
                    records.replace(r, record);
                    planted = true;
                }
            }
        }
        QVERIFY(planted);
        const QByteArray withToken = QJsonDocument(records).toJson(QJsonDocument::Compact);
        const QByteArray redacted = CacheDebugData::redactedStoreJson(withToken);
        QVERIFY(!redacted.isEmpty());
        // Nowhere in the redacted answer, decoded or not.
        const auto holds = [](const QByteArray &json, const QByteArray &needle) {
            const CacheDebugData data = *CacheDebugData::fromStoreJson(json, nullptr);
            for (const CacheDebugData::Record &record : data.records()) {
                if (data.opJson(record).contains(needle))
                    return true;
            }
            return false;
        };
        QVERIFY(holds(withToken, "s3cr3t-value"));
        QVERIFY(!holds(redacted, "s3cr3t-value"));
        QVERIFY(holds(redacted, "NPM_TOKEN=***"));
        QVERIFY(!redacted.contains("s3cr3t-value"));
        // The X-ray reads the same from it.
        const CacheDebugData cold = store(QStringLiteral("01-cold"));
        const CacheDebugData after = *CacheDebugData::fromStoreJson(CacheDebugData::redactedStoreJson(
                                                                         QJsonDocument(QJsonDocument::fromJson(withToken).array()).toJson()),
                                                                     nullptr);
        DockerfileError error;
        const auto dockerfile = DockerfileParser::parseFile(QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/moby-cache/Dockerfile"), {}, &error);
        const QList<XrayStep> steps = XrayStep::of(*dockerfile);
        const auto copy = std::find_if(steps.begin(), steps.end(), [](const XrayStep &s) { return s.label.startsWith(QLatin1String("[build-public 4/8]")); });
        QCOMPARE(CacheKeyXray(cold, after, steps).explain(*copy).constFirst().kind, XrayCause::Kind::Content);
    }

    // The X-ray's scenarios on fixtures/projects/xray, each a change from the build before
    // it (recorded by tests/engine/record-cache-debug.sh): the root cause of each step that
    // ran again, in words.
    void xrayScenarios_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("after");
        QTest::addColumn<int>("edits"); // 1: the first RUN's text changed; 2: and a cache mount; 3: a secret mount
        QTest::addColumn<QString>("step");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("root");
        QTest::newRow("mode") << QStringLiteral("xray-01-cold") << QStringLiteral("xray-02-mode") << 0
                              << QStringLiteral("[3/6]") << int(XrayCause::Kind::Mode)
                              << QStringLiteral("mode of app.conf 0644 → 0666");
        QTest::newRow("mode, a later step") << QStringLiteral("xray-01-cold") << QStringLiteral("xray-02-mode") << 0
                                            << QStringLiteral("[6/6]") << int(XrayCause::Kind::Mode)
                                            << QStringLiteral("mode of app.conf 0644 → 0666");
        QTest::newRow("build argument") << QStringLiteral("xray-02-mode") << QStringLiteral("xray-03-build-arg") << 0
                                        << QStringLiteral("[4/6]") << int(XrayCause::Kind::Environment)
                                        << QStringLiteral("VERSION 1 → 2 (a build argument or ENV)");
        QTest::newRow("RUN edited") << QStringLiteral("xray-03-build-arg") << QStringLiteral("xray-04-run-edited") << 1
                                    << QStringLiteral("[4/6]") << int(XrayCause::Kind::Command)
                                    << QStringLiteral("command text changed (echo \"version $VERSION\" > version.txt → echo \"release $VERSION\" > version.txt)");
        QTest::newRow(".dockerignore") << QStringLiteral("xray-04-run-edited") << QStringLiteral("xray-05-dockerignore") << 1
                                       << QStringLiteral("[5/6]") << int(XrayCause::Kind::FileRemoved)
                                       << QStringLiteral("src/extra.txt was removed");
        QTest::newRow("base image moved") << QStringLiteral("xray-05-dockerignore") << QStringLiteral("xray-06-base-moved") << 1
                                          << QStringLiteral("[3/6]") << int(XrayCause::Kind::BaseImage) << QString();
        // A mount is no part of the command's text: the RUN's other settings are compared.
        // (With a mount, BuildKit names the stage in every label, as the recording shows.)
        QTest::newRow("cache mount added") << QStringLiteral("xray-06-base-moved") << QStringLiteral("xray-07-cache-mount") << 2
                                           << QStringLiteral("[base 6/6]") << int(XrayCause::Kind::RunSetting) << QStringLiteral("mounts");
        QTest::newRow("cache mount made a secret") << QStringLiteral("xray-07-cache-mount") << QStringLiteral("xray-08-secret-mount") << 3
                                                   << QStringLiteral("[base 6/6]") << int(XrayCause::Kind::RunSetting) << QStringLiteral("mounts");
    }
    void xrayScenarios()
    {
        QFETCH(QString, before);
        QFETCH(QString, after);
        QFETCH(int, edits);
        QFETCH(QString, step);
        QFETCH(int, kind);
        QFETCH(QString, root);
        QFile file(QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/projects/xray/Dockerfile"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QByteArray text = file.readAll();
        if (edits >= 1)
            text.replace("echo \"version $VERSION\"", "echo \"release $VERSION\"");
        if (edits == 2)
            text.replace("RUN cat app.conf", "RUN --mount=type=cache,target=/cache cat app.conf");
        if (edits == 3)
            text.replace("RUN cat app.conf", "RUN --mount=type=secret,id=token cat app.conf");
        DockerfileError error;
        const auto dockerfile = DockerfileParser::parse(text, QStringLiteral("Dockerfile"), {}, &error);
        QVERIFY2(dockerfile, qPrintable(error.toString()));
        const QList<XrayStep> steps = XrayStep::of(*dockerfile);
        const auto found = std::find_if(steps.begin(), steps.end(), [&](const XrayStep &s) { return s.label.startsWith(step); });
        QStringList labels;
        for (const XrayStep &s : steps)
            labels << s.label;
        QVERIFY2(found != steps.end(), qPrintable(labels.join(QLatin1String(" | "))));
        const CacheDebugData a = store(before);
        const CacheDebugData b = store(after);
        const QList<XrayCause> causes = CacheKeyXray(a, b, steps).explain(*found);
        QVERIFY(!causes.isEmpty());
        QStringList said;
        for (const XrayCause &cause : causes)
            said << cause.toText();
        QVERIFY2(int(causes.constLast().kind) == kind, qPrintable(said.join(QLatin1String(" / "))));
        if (kind == int(XrayCause::Kind::RunSetting)) {
            // The setting named, both values shown; a secret's value is in neither.
            QCOMPARE(causes.constLast().subject, root);
            QVERIFY2(causes.constLast().before != causes.constLast().after, qPrintable(said.join(QLatin1String(" / "))));
            QVERIFY(!causes.constLast().toText().contains(QLatin1String("not-a-real-token")));
            // Side by side, the differing setting is the first row, and the command is the same.
            const QList<XrayInput> inputs = CacheKeyXray(a, b, steps).inputs(*found);
            QVERIFY(!inputs.isEmpty());
            QCOMPARE(inputs.constFirst().name, root);
            QVERIFY(inputs.constFirst().differs());
            const auto command = std::find_if(inputs.begin(), inputs.end(),
                                              [](const XrayInput &input) { return input.name == QLatin1String("command"); });
            QVERIFY(command != inputs.end() && !command->differs() && command->after.startsWith(QLatin1String("cat app.conf")));
        } else if (!root.isEmpty()) {
            QCOMPARE(causes.constLast().toText(), root);
        } else {
            QVERIFY2(causes.constLast().before.startsWith(QLatin1String("sha256:"))
                         && causes.constLast().after.startsWith(QLatin1String("sha256:"))
                         && causes.constLast().before != causes.constLast().after,
                     qPrintable(said.join(QLatin1String(" / "))));
        }
    }

    // Side by side: the #1515 edit's COPY shows the edited file's row differing (mode,
    // size and checksum in each run), the unchanged files after it, and its input step the
    // same in both runs; a step whose key did not change has no differing row.
    void inputsSideBySide()
    {
        DockerfileError error;
        const auto dockerfile = DockerfileParser::parseFile(QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/moby-cache/Dockerfile"), {}, &error);
        QVERIFY2(dockerfile, qPrintable(error.toString()));
        const QList<XrayStep> steps = XrayStep::of(*dockerfile);
        const auto copy = std::find_if(steps.begin(), steps.end(), [](const XrayStep &s) { return s.label.startsWith(QLatin1String("[build-public 4/8]")); });
        const auto cached = std::find_if(steps.begin(), steps.end(), [](const XrayStep &s) { return s.label.startsWith(QLatin1String("[build-public 3/8]")); });
        QVERIFY(copy != steps.end() && cached != steps.end());
        const CacheDebugData cold = store(QStringLiteral("01-cold"));
        const CacheDebugData rebuild = store(QStringLiteral("02-rebuild-after-edit"));
        const CacheKeyXray xray(cold, rebuild, steps);
        const QList<XrayInput> rows = xray.inputs(*copy);
        QStringList differing;
        for (const XrayInput &row : rows) {
            if (row.differs())
                differing << row.name;
        }
        QCOMPARE(differing, QStringList{QStringLiteral("assets/js/file1.js")});
        const auto file = std::find_if(rows.begin(), rows.end(), [](const XrayInput &row) { return row.name == QLatin1String("assets/js/file1.js"); });
        QCOMPARE(file->kind, XrayInput::Kind::File);
        QVERIFY2(file->before.startsWith(QLatin1String("mode 0644, 78 bytes, 9613847fb40d")), qPrintable(file->before));
        QVERIFY2(file->after.startsWith(QLatin1String("mode 0644, 126 bytes, 1736a3c44087")), qPrintable(file->after));
        QVERIFY(std::any_of(rows.begin(), rows.end(), [](const XrayInput &row) {
            return row.kind == XrayInput::Kind::Step && row.before.startsWith(QLatin1String("[build-public 3/8]")) && !row.differs();
        }));
        QVERIFY(std::any_of(rows.begin(), rows.end(), [](const XrayInput &row) {
            return row.kind == XrayInput::Kind::Operation && row.name == QLatin1String("action 1") && !row.differs()
                && row.after.startsWith(QStringLiteral("copy assets → /var/www/gdc/assets (")) && row.after.contains(QLatin1String("followSymlink"));
        }));
        QCOMPARE(rows.constFirst().name, QStringLiteral("assets/js/file1.js"));
        // Bounded: many files end in one counting row.
        const QList<XrayInput> few = xray.inputs(*copy, 4);
        QVERIFY(few.size() < rows.size());
        QVERIFY2(few.constLast().name.contains(QLatin1String("more files")), qPrintable(few.constLast().name));
        QCOMPARE(few.constFirst().name, QStringLiteral("assets/js/file1.js")); // the differing rows first
        const QList<XrayInput> same = xray.inputs(*cached);
        QVERIFY(!same.isEmpty());
        QVERIFY(std::none_of(same.begin(), same.end(), [](const XrayInput &row) { return row.differs(); }));
    }

    // A same key with no record: worded by why the record was missing, when the pair's
    // flags or export tell (the session fills `missing` from its rebuild explanation).
    void sameKeyWording()
    {
        XrayCause cause;
        cause.kind = XrayCause::Kind::SameKey;
        QVERIFY(cause.toText().startsWith(QLatin1String("the cache key was the same in both runs")));
        cause.missing = XrayCause::Missing::MinModeExport;
        QVERIFY2(cause.toText().startsWith(QLatin1String("not in the imported cache (min mode)")), qPrintable(cause.toText()));
        cause.missing = XrayCause::Missing::InlineCache;
        QVERIFY2(cause.toText().contains(QLatin1String("inline cache")), qPrintable(cause.toText()));
        cause.missing = XrayCause::Missing::ImportFailed;
        QVERIFY2(cause.toText().contains(QLatin1String("importing the cache failed")), qPrintable(cause.toText()));
    }

    void diffKinds()
    {
        const CacheKeyFile a{QStringLiteral("sha256:a"), 0644, 10, 0};
        CacheKeyFile modeChanged = a;
        modeChanged.digest = QStringLiteral("sha256:b");
        modeChanged.mode = 0666;
        const QList<CacheKeyFileChange> changes = CacheDebugData::diff(
            {{QStringLiteral("app.conf"), a}, {QStringLiteral("gone"), a}},
            {{QStringLiteral("app.conf"), modeChanged}, {QStringLiteral("new"), a}});
        QCOMPARE(changes.size(), 3);
        QCOMPARE(changes.at(0).kind, CacheKeyFileChange::Kind::Mode);
        QCOMPARE(changes.at(0).after.mode, 0666);
        QCOMPARE(changes.at(1).kind, CacheKeyFileChange::Kind::Removed);
        QCOMPARE(changes.at(2).kind, CacheKeyFileChange::Kind::Added);
    }

    void refusesWhatIsNotAnAnswer()
    {
        QString error;
        QVERIFY(!CacheDebugData::fromStoreJson("ID: 1 (random)\n", &error));
        QVERIFY2(error.startsWith(QLatin1String("not JSON")), qPrintable(error));
        QVERIFY(!CacheDebugData::fromStoreJson("{}", &error));
        QCOMPARE(error, QStringLiteral("not a list of cache records"));
    }
};

QTEST_GUILESS_MAIN(TestCacheDebug)
#include "tst_cachedebug.moc"
