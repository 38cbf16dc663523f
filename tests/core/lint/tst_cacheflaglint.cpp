// SPDX-License-Identifier: GPL-3.0-or-later
// The cache flag lint on the #1515 scripts (fixtures/moby-cache: build.sh's `mod=max`,
// buildx's `mode=max`, the inline cache of build-with-docker.sh) and on hand-made scripts,
// one or more per rule and per parsing edge (each hand-made script is marked so below).
#include "core/dockerfile/DockerfileParser.h"
#include "core/lint/CacheFlagLint.h"

#include <optional>
#include <QTest>

using namespace Cachelab;

Q_DECLARE_METATYPE(std::optional<Dockerfile>)

namespace {

const QString SourceDir = QStringLiteral(CACHELAB_SOURCE_DIR);
const QString MobyCache = SourceDir + QStringLiteral("/fixtures/moby-cache/");

Dockerfile parsed(const QByteArray &content, const QString &target = QString())
{
    DockerfileParser::Options options;
    options.target = target;
    DockerfileError error;
    auto dockerfile
        = DockerfileParser::parse(content, QStringLiteral("Dockerfile"), options, &error);
    if (!dockerfile)
        qFatal("%s", qPrintable(error.toString()));
    return *dockerfile;
}

Dockerfile mobyDockerfile()
{
    DockerfileError error;
    auto dockerfile
        = DockerfileParser::parseFile(MobyCache + QStringLiteral("Dockerfile"), {}, &error);
    if (!dockerfile)
        qFatal("%s", qPrintable(error.toString()));
    return *dockerfile;
}

// Hand-made Dockerfiles: a target that needs two stages, and a one-stage one.
Dockerfile multiStage()
{
    return parsed("FROM alpine AS deps\nRUN touch /x\nFROM alpine\nCOPY --from=deps /x /x\n");
}

Dockerfile singleStage()
{
    return parsed("FROM alpine\nRUN touch /x\n");
}

QString readScript(const QString &name)
{
    QFile file(MobyCache + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(name));
    return QString::fromUtf8(file.readAll());
}

// "code@line:severity" for each finding, in order.
QStringList summary(const QList<LintFinding> &findings)
{
    QStringList lines;
    for (const LintFinding &finding : findings)
        lines.append(
            QStringLiteral("%1@%2:%3").arg(finding.code).arg(finding.line).arg(finding.severity));
    return lines;
}

} // namespace

class TestCacheFlagLint : public QObject
{
    Q_OBJECT

private slots:
    // build.sh: buildctl in a throw-away moby/buildkit container; `mod=max` on line 39.
    void mobyBuildSh()
    {
        const QString path = MobyCache + QStringLiteral("build.sh");
        const QList<CacheFlag> flags
            = CacheFlagLint::flagsIn(readScript(QStringLiteral("build.sh")), path);
        QCOMPARE(flags.size(), 2);
        QCOMPARE(flags.at(0).kind, CacheFlag::Kind::Import);
        QCOMPARE(flags.at(0).line, 38);
        QCOMPARE(flags.at(0).tool, QStringLiteral("buildctl"));
        QCOMPARE(flags.at(0).ref(), QStringLiteral("$DOCKER_REPO/test:cache"));
        QCOMPARE(flags.at(0).effectiveMode(), QString());
        const CacheFlag &exported = flags.at(1);
        QCOMPARE(exported.kind, CacheFlag::Kind::Export);
        QCOMPARE(exported.file, path);
        QCOMPARE(exported.line, 39);
        QCOMPARE(exported.flag, QStringLiteral("--export-cache"));
        QCOMPARE(exported.raw,
                 QStringLiteral("type=registry,ref=$DOCKER_REPO/test:cache,mod=max,push=true"));
        QCOMPARE(exported.attributes.value(QStringLiteral("mod")), QStringLiteral("max"));
        QVERIFY(!exported.attributes.contains(QStringLiteral("mode")));
        QCOMPARE(exported.effectiveMode(), QStringLiteral("min"));

        const Dockerfile dockerfile = mobyDockerfile();
        for (const Dockerfile *given : { static_cast<const Dockerfile *>(nullptr), &dockerfile }) {
            const QList<LintFinding> findings
                = CacheFlagLint::lint(readScript(QStringLiteral("build.sh")), path, given);
            QCOMPARE(summary(findings),
                     QStringList({ QStringLiteral("unknown-key@39:error"),
                                   QStringLiteral("ignored-key@39:info") }));
            const LintFinding &mod = findings.at(0);
            QCOMPARE(mod.file, path);
            QVERIFY2(
                mod.message.startsWith(QStringLiteral(
                    "unknown cache export key `mod`: BuildKit ignores it and exports in min mode")),
                qPrintable(mod.message));
            QCOMPARE(mod.suggestion, QStringLiteral("use `mode=max`"));
            if (given) // names what min mode leaves out
                QVERIFY2(mod.message.contains(QStringLiteral("`website-ssr`"))
                             && mod.message.contains(QStringLiteral("`build-public`")),
                         qPrintable(mod.message));
            QVERIFY(findings.at(1).message.contains(QStringLiteral("`push=true` is ignored")));
        }
    }

    void mobyBuildx()
    {
        const QString path = MobyCache + QStringLiteral("build-with-buildx.sh");
        const QString script = readScript(QStringLiteral("build-with-buildx.sh"));
        const QList<CacheFlag> flags = CacheFlagLint::flagsIn(script, path);
        QCOMPARE(flags.size(), 2);
        QCOMPARE(flags.at(0).line, 18);
        QCOMPARE(flags.at(0).tool, QStringLiteral("buildx"));
        QCOMPARE(flags.at(1).line, 19);
        QCOMPARE(flags.at(1).attributes.value(QStringLiteral("mode")), QStringLiteral("max"));
        QCOMPARE(flags.at(1).effectiveMode(), QStringLiteral("max"));
        const Dockerfile dockerfile = mobyDockerfile();
        QCOMPARE(summary(CacheFlagLint::lint(script, path, &dockerfile)), QStringList());
        QCOMPARE(summary(CacheFlagLint::lint(script, path)), QStringList());
    }

    void mobyDocker()
    {
        const QString path = MobyCache + QStringLiteral("build-with-docker.sh");
        const QString script = readScript(QStringLiteral("build-with-docker.sh"));
        const QList<CacheFlag> flags = CacheFlagLint::flagsIn(script, path);
        QCOMPARE(flags.size(), 2);
        QCOMPARE(flags.at(0).kind, CacheFlag::Kind::InlineBuildArg);
        QCOMPARE(flags.at(0).tool, QStringLiteral("docker build"));
        QCOMPARE(flags.at(0).line, 21);
        QCOMPARE(flags.at(0).effectiveMode(), QStringLiteral("min"));
        QCOMPARE(flags.at(1).kind, CacheFlag::Kind::Import);
        QCOMPARE(flags.at(1).line, 22);
        QCOMPARE(flags.at(1).type(), QStringLiteral("registry")); // the shorthand
        QCOMPARE(flags.at(1).ref(), QStringLiteral("$DOCKER_REPO/test:1"));

        const Dockerfile dockerfile = mobyDockerfile();
        const QList<LintFinding> findings = CacheFlagLint::lint(script, path, &dockerfile);
        QCOMPARE(summary(findings),
                 QStringList { QStringLiteral("inline-multi-stage@21:warning") });
        QVERIFY(findings.at(0).message.contains(QStringLiteral("always min mode")));
        QVERIFY(findings.at(0).suggestion.contains(QStringLiteral("mode=max")));
        // Without the Dockerfile it can only say what it would mean.
        QCOMPARE(summary(CacheFlagLint::lint(script, path)),
                 QStringList { QStringLiteral("inline-multi-stage@21:info") });
    }

    void lintFileAndText()
    {
        const QString path = MobyCache + QStringLiteral("build.sh");
        QString error;
        const QList<LintFinding> findings = CacheFlagLint::lintFile(path, nullptr, &error);
        QVERIFY(error.isEmpty());
        QCOMPARE(
            findings.at(0).toText(),
            path
                + QStringLiteral(":39: error: unknown cache export key `mod`: BuildKit ignores "
                                 "it and exports in min mode (use `mode=max`)"));
        QCOMPARE(LintFinding::toText(findings).count(QLatin1Char('\n')), 2);
        const LintFinding noSuggestion { QStringLiteral("a.sh"), 3,
                                         QStringLiteral("x"),    QStringLiteral("info"),
                                         QStringLiteral("m"),    QString() };
        QCOMPARE(noSuggestion.toText(), QStringLiteral("a.sh:3: info: m"));
        QCOMPARE(findings.at(0).toJson().value(QStringLiteral("code")).toString(),
                 QStringLiteral("unknown-key"));

        QVERIFY(CacheFlagLint::lintFile(SourceDir + QStringLiteral("/no/such.sh"), nullptr, &error)
                    .isEmpty());
        QVERIFY(error.contains(QStringLiteral("no/such.sh")));
    }

    // Each row is a hand-made script.
    void rules_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("dockerfile"); // "multi", "single" or "" (none)
        QTest::addColumn<QStringList>("expected"); // code@line:severity
        QTest::addColumn<QString>("suggestion"); // of the first finding; "" to skip

        const QString buildx
            = QStringLiteral("docker buildx build --cache-from type=registry,ref=r:c ");
        QTest::newRow("hand-made: mdoe (swapped letters) -> mode")
            << buildx + QStringLiteral("--cache-to type=registry,ref=r:c,mdoe=max .")
            << QStringLiteral("multi") << QStringList { QStringLiteral("unknown-key@1:error") }
            << QStringLiteral("use `mode=max`");
        QTest::newRow("hand-made: ignore-errors -> ignore-error")
            << buildx
                + QStringLiteral("--cache-to type=registry,ref=r:c,mode=max,ignore-errors=true .")
            << QStringLiteral("multi") << QStringList { QStringLiteral("unknown-key@1:error") }
            << QStringLiteral("use `ignore-error=true`");
        QTest::newRow("hand-made: unknown key without a likely spelling")
            << buildx + QStringLiteral("--cache-to type=registry,ref=r:c,mode=max,flavour=x .")
            << QStringLiteral("multi") << QStringList { QStringLiteral("unknown-key@1:warning") }
            << QString();
        QTest::newRow("hand-made: pus -> push on the image output")
            << QStringLiteral("buildctl build --output type=image,name=r:1,pus=true \\\n"
                              "  --export-cache type=inline --import-cache type=registry,ref=r:1\n")
            << QStringLiteral("single")
            << QStringList { QStringLiteral("unknown-key@1:error"),
                             QStringLiteral("registry-without-push@1:warning") }
            << QStringLiteral("use `push=true`");
        QTest::newRow("hand-made: missing mode, multi-stage target")
            << buildx + QStringLiteral("--cache-to type=registry,ref=r:c .")
            << QStringLiteral("multi") << QStringList { QStringLiteral("missing-mode@1:warning") }
            << QStringLiteral("add `mode=max`");
        QTest::newRow("hand-made: missing mode, one stage: fine")
            << buildx + QStringLiteral("--cache-to type=registry,ref=r:c .")
            << QStringLiteral("single") << QStringList() << QString();
        QTest::newRow("hand-made: missing mode, no Dockerfile: info")
            << buildx + QStringLiteral("--cache-to type=registry,ref=r:c .") << QString()
            << QStringList { QStringLiteral("missing-mode@1:info") } << QString();
        QTest::newRow("hand-made: --target of a one-stage part: no missing mode")
            << buildx + QStringLiteral("--target deps --cache-to type=registry,ref=r:c .")
            << QStringLiteral("multi") << QStringList() << QString();
        QTest::newRow("hand-made: explicit mode=min is a choice")
            << buildx + QStringLiteral("--cache-to type=registry,ref=r:c,mode=min .")
            << QStringLiteral("multi") << QStringList() << QString();
        QTest::newRow("hand-made: invalid mode")
            << buildx + QStringLiteral("--cache-to type=registry,ref=r:c,mode=maxx .")
            << QStringLiteral("multi") << QStringList { QStringLiteral("invalid-mode@1:error") }
            << QStringLiteral("use `mode=max`");
        QTest::newRow("hand-made: inline cache, multi-stage")
            << QStringLiteral("docker buildx build --push -t r:1 --cache-from r:1 \\\n  --cache-to "
                              "type=inline .")
            << QStringLiteral("multi")
            << QStringList { QStringLiteral("inline-multi-stage@2:warning") } << QString();
        QTest::newRow("hand-made: inline cache, one stage: fine")
            << QStringLiteral(
                   "docker buildx build --push -t r:1 --cache-from r:1 --cache-to type=inline .")
            << QStringLiteral("single") << QStringList() << QString();
        QTest::newRow("hand-made: mode=max on inline") << QStringLiteral(
            "docker buildx build --push -t r:1 --cache-from r:1 --cache-to type=inline,mode=max .")
                                                       << QStringLiteral("single")
                                                       << QStringList { QStringLiteral(
                                                              "inline-mode@1:warning") }
                                                       << QString();
        QTest::newRow("hand-made: refs differ")
            << QStringLiteral(
                   "docker buildx build \\\n  --cache-from type=registry,ref=r:cache \\\n"
                   "  --cache-to type=registry,ref=r:buildcache,mode=max .")
            << QStringLiteral("multi") << QStringList { QStringLiteral("ref-mismatch@3:warning") }
            << QStringLiteral("import from the same place: `--cache-from r:buildcache`");
        QTest::newRow("hand-made: ${VAR} and $VAR are the same ref")
            << QStringLiteral("docker buildx build --cache-from \"type=registry,ref=${REPO}:c\" "
                              "--cache-to \"type=registry,ref=$REPO:c,mode=max\" .")
            << QStringLiteral("multi") << QStringList() << QString();
        QTest::newRow("hand-made: refs are compared within one command only") << QStringLiteral(
            "docker buildx build --cache-from r:a --cache-to type=registry,ref=r:a,mode=max .\n"
            "docker buildx build --cache-from r:b --cache-to type=registry,ref=r:b,mode=max .\n")
                                                                              << QStringLiteral(
                                                                                     "multi")
                                                                              << QStringList()
                                                                              << QString();
        QTest::newRow("hand-made: inline cache imported from another image")
            << QStringLiteral(
                   "docker buildx build --push -t r:1 --cache-from r:0 --cache-to type=inline .")
            << QStringLiteral("single") << QStringList { QStringLiteral("ref-mismatch@1:warning") }
            << QString();
        QTest::newRow("hand-made: local export and import differ")
            << buildx.left(20)
                + QStringLiteral(
                    "--cache-from type=local,src=/a --cache-to type=local,dest=/b,mode=max .")
            << QStringLiteral("multi") << QStringList { QStringLiteral("ref-mismatch@1:warning") }
            << QString();
        QTest::newRow("hand-made: export without import")
            << QStringLiteral("docker buildx build --cache-to type=registry,ref=r:c,mode=max .")
            << QStringLiteral("multi")
            << QStringList { QStringLiteral("export-without-import@1:info") }
            << QStringLiteral("add `--cache-from r:c`");
        QTest::newRow("hand-made: buildctl inline cache, image not pushed")
            << QStringLiteral("buildctl build --frontend dockerfile.v0 \\\n"
                              "  --output type=image,name=r:1 \\\n"
                              "  --export-cache type=inline --import-cache type=registry,ref=r:1\n")
            << QStringLiteral("single")
            << QStringList { QStringLiteral("registry-without-push@2:warning") }
            << QStringLiteral("add `push=true`");
        QTest::newRow("hand-made: buildctl inline cache, image pushed: fine")
            << QStringLiteral("buildctl build --output type=image,name=r:1,push=true "
                              "--export-cache type=inline --import-cache type=registry,ref=r:1\n")
            << QStringLiteral("single") << QStringList() << QString();
        QTest::newRow("hand-made: buildctl registry cache without push=true: fine (always pushed)")
            << QStringLiteral("buildctl build --import-cache type=registry,ref=r:c "
                              "--export-cache type=registry,ref=r:c,mode=max\n")
            << QStringLiteral("multi") << QStringList() << QString();
        QTest::newRow("hand-made: buildx inline, no --push")
            << QStringLiteral(
                   "docker buildx build --load -t r:1 --cache-from r:1 --cache-to type=inline .")
            << QStringLiteral("single")
            << QStringList { QStringLiteral("registry-without-push@1:warning") }
            << QStringLiteral("add `--push`");
        QTest::newRow("hand-made: docker build inline, never pushed")
            << QStringLiteral("DOCKER_BUILDKIT=1 docker build --build-arg BUILDKIT_INLINE_CACHE=1 "
                              "--cache-from r:1 -t r:1 .")
            << QStringLiteral("single")
            << QStringList { QStringLiteral("registry-without-push@1:info") }
            << QStringLiteral("push it: `docker push r:1`");
        QTest::newRow("hand-made: docker build inline, pushed by the script") << QStringLiteral(
            "docker build --build-arg BUILDKIT_INLINE_CACHE=1 --cache-from ${R}:1 -t $R:1 .\n"
            "docker push \"${R}:1\"\n") << QStringLiteral("single") << QStringList()
                                                                              << QString();
        QTest::newRow("hand-made: BUILDKIT_INLINE_CACHE=0 is no inline cache")
            << QStringLiteral("docker build --build-arg BUILDKIT_INLINE_CACHE=0 -t r:1 .")
            << QStringLiteral("multi") << QStringList() << QString();
        QTest::newRow("hand-made: buildctl ignores the inline build-arg")
            << QStringLiteral("buildctl build --opt build-arg:BUILDKIT_INLINE_CACHE=1 "
                              "--output type=image,name=r:1,push=true\n")
            << QStringLiteral("single")
            << QStringList { QStringLiteral("inline-build-arg-ignored@1:warning") }
            << QStringLiteral("use `--export-cache type=inline`");
        QTest::newRow("hand-made: mode on an import")
            << QStringLiteral("docker buildx build --cache-from type=registry,ref=r:c,mode=max "
                              "--cache-to type=registry,ref=r:c,mode=max .")
            << QStringLiteral("multi") << QStringList { QStringLiteral("export-only-key@1:info") }
            << QStringLiteral("set it on `--cache-to`");
        QTest::newRow("hand-made: unknown type")
            << QStringLiteral("docker buildx build --cache-to type=regsitry,ref=r:c,mode=max .")
            << QStringLiteral("multi") << QStringList { QStringLiteral("unknown-type@1:error") }
            << QStringLiteral("use `type=registry`");
        QTest::newRow("hand-made: inline is no import type")
            << QStringLiteral("buildctl build --output type=image,name=r:1,push=true "
                              "--export-cache type=inline --import-cache type=inline\n")
            << QStringLiteral("single")
            << QStringList { QStringLiteral("inline-import@1:error"),
                             QStringLiteral("export-without-import@1:info") }
            << QStringLiteral("import an inline cache from its image: `type=registry,ref=r:1`");
        QTest::newRow("hand-made: registry without ref")
            << QStringLiteral(
                   "docker buildx build --cache-from r:c --cache-to type=registry,mode=max .")
            << QStringLiteral("multi")
            << QStringList { QStringLiteral("missing-attribute@1:error") } << QString();
        QTest::newRow("hand-made: flag without a value")
            << QStringLiteral("docker buildx build . --cache-to") << QStringLiteral("multi")
            << QStringList { QStringLiteral("malformed-flag@1:error") } << QString();
        QTest::newRow("hand-made: bad quoting inside the value")
            << QStringLiteral("docker buildx build --cache-to 'type=registry,ref=a\"b' .")
            << QStringLiteral("multi") << QStringList { QStringLiteral("malformed-flag@1:error") }
            << QString();
        QTest::newRow("hand-made: no type")
            << QStringLiteral("docker buildx build --cache-to ref=r:c,mode=max .")
            << QStringLiteral("multi") << QStringList { QStringLiteral("malformed-flag@1:error") }
            << QString();
        QTest::newRow("hand-made: a key twice")
            << QStringLiteral("docker buildx build --cache-from r:c --cache-to "
                              "type=registry,ref=r:c,mode=min,mode=max .")
            << QStringLiteral("multi") << QStringList { QStringLiteral("duplicate-key@1:warning") }
            << QString();
        QTest::newRow("hand-made: gha, s3 and local keys") << QStringLiteral(
            "docker buildx build --cache-from type=gha,scope=a "
            "--cache-to type=gha,scope=a,mode=max,timeout=5m \\\n"
            "  --cache-to type=s3,region=eu,bucket=b,name=n,mode=max,upload_parallelism=8 \\\n"
            "  --cache-to type=local,dest=/c,mode=max,compresion=zstd \\\n"
            "  --cache-from type=local,src=/c .") << QStringLiteral("multi")
                                                           << QStringList { QStringLiteral(
                                                                  "unknown-key@3:error") }
                                                           << QStringLiteral(
                                                                  "use `compression=zstd`");
    }

    void rules()
    {
        QFETCH(QString, script);
        QFETCH(QString, dockerfile);
        QFETCH(QStringList, expected);
        QFETCH(QString, suggestion);
        std::optional<Dockerfile> file;
        if (dockerfile == QLatin1String("multi"))
            file = multiStage();
        else if (dockerfile == QLatin1String("single"))
            file = singleStage();
        const QList<LintFinding> findings
            = CacheFlagLint::lint(script, QStringLiteral("hand.sh"), file ? &*file : nullptr);
        QCOMPARE(summary(findings), expected);
        if (!suggestion.isEmpty())
            QCOMPARE(findings.first().suggestion, suggestion);
        for (const LintFinding &finding : findings) {
            QCOMPARE(finding.file, QStringLiteral("hand.sh"));
            QVERIFY(!finding.message.isEmpty());
        }
    }

    // Each row is a hand-made script; "kind:line:tool:raw" per flag found.
    void parsing_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QStringList>("expected");

        QTest::newRow("hand-made: --flag=value and quotes")
            << QStringLiteral("docker buildx build --cache-to=type=registry,ref=a,mode=max \\\n"
                              "  --cache-from='type=registry,ref=a' \"--cache-from=b\" .\n")
            << QStringList { QStringLiteral("export:1:buildx:type=registry,ref=a,mode=max"),
                             QStringLiteral("import:2:buildx:type=registry,ref=a"),
                             QStringLiteral("import:2:buildx:b") };
        QTest::newRow("hand-made: continuation lines give the flag's own line")
            << QStringLiteral("#!/bin/sh\n\ndocker buildx build \\\n    --progress plain \\\n"
                              "    \\\n    --cache-to \\\n      "
                              "\"type=registry,ref=$R:c,mode=max\" \\\n    .\n")
            << QStringList { QStringLiteral("export:6:buildx:type=registry,ref=$R:c,mode=max") };
        QTest::newRow("hand-made: comments are not flags")
            << QStringLiteral("# docker buildx build --cache-to type=registry,ref=a,mod=max .\n"
                              "docker buildx build . # --cache-to type=inline\n")
            << QStringList();
        QTest::newRow("hand-made: a heredoc body is not a command")
            << QStringLiteral("cat > ci.sh <<EOF\ndocker buildx build --cache-to "
                              "type=registry,ref=a,mod=max .\nEOF\n"
                              "docker buildx build --cache-to type=inline .\n")
            << QStringList { QStringLiteral("export:4:buildx:type=inline") };
        QTest::newRow("hand-made: echo strings are not commands") << QStringLiteral(
            "echo \"docker buildx build --cache-to type=registry,ref=a,mod=max .\"\n"
            "echo docker build --build-arg BUILDKIT_INLINE_CACHE=1 .\n"
            "printf '%s\\n' 'buildctl build --export-cache type=inline'\n")
                                                                  << QStringList();
        QTest::newRow("hand-made: several commands on a line and in a script")
            << QStringLiteral(
                   "set -e; docker buildx build --cache-from a . && docker build --cache-from b .\n"
                   "if sudo docker buildx build --cache-from c .; then echo ok; fi\n"
                   "DOCKER_BUILDKIT=1 docker build --build-arg BUILDKIT_INLINE_CACHE=true . 2>&1 | "
                   "tee log\n")
            << QStringList {
                   QStringLiteral("import:1:buildx:a"), QStringLiteral("import:1:docker build:b"),
                   QStringLiteral("import:2:buildx:c"),
                   QStringLiteral("inline-build-arg:3:docker build:BUILDKIT_INLINE_CACHE=true")
               };
        QTest::newRow("hand-made: buildctl with global options, buildctl-daemonless.sh")
            << QStringLiteral(
                   "buildctl --addr tcp://b:1234 build --export-cache type=inline\n"
                   "/usr/bin/buildctl-daemonless.sh build --import-cache type=registry,ref=x\n"
                   "buildctl du --export-cache nope\n")
            << QStringList { QStringLiteral("export:1:buildctl:type=inline"),
                             QStringLiteral("import:2:buildctl:type=registry,ref=x") };
        QTest::newRow("hand-made: buildctl as a docker run's command")
            << QStringLiteral(
                   "docker run --rm -it --privileged -v \"$PWD:/w\" -e A=1 \"${flags[@]}\" \\\n"
                   "  moby/buildkit:v0.12.0 buildctl build --export-cache "
                   "type=registry,ref=a,mode=max\n"
                   "docker run --rm --entrypoint=buildctl-daemonless.sh moby/buildkit build \\\n"
                   "  --import-cache type=registry,ref=a\n"
                   "docker run --rm alpine build --export-cache type=inline\n")
            << QStringList { QStringLiteral("export:2:buildctl:type=registry,ref=a,mode=max"),
                             QStringLiteral("import:4:buildctl:type=registry,ref=a") };
        QTest::newRow("hand-made: buildx shorthand with two refs")
            << QStringLiteral("docker buildx build --cache-from user/app:cache,user/app:main .\n")
            << QStringList { QStringLiteral("import:1:buildx:user/app:cache,user/app:main"),
                             QStringLiteral("import:1:buildx:user/app:cache,user/app:main") };
        QTest::newRow("hand-made: flags of other commands do not count") << QStringLiteral(
            "my-build --cache-to type=inline\ndocker buildx bake --set *.cache-to=x\n"
            "x=\"docker build --cache-from a\"\n") << QStringList();
    }

    void parsing()
    {
        QFETCH(QString, script);
        QFETCH(QStringList, expected);
        QStringList actual;
        const QList<CacheFlag> flags = CacheFlagLint::flagsIn(script, QStringLiteral("hand.sh"));
        for (const CacheFlag &flag : flags)
            actual.append(QStringLiteral("%1:%2:%3:%4")
                              .arg(CacheFlag::kindName(flag.kind))
                              .arg(flag.line)
                              .arg(flag.tool, flag.raw));
        QCOMPARE(actual, expected);
    }

    // A script bash would not read as it looks: an unclosed quote (named at the line it
    // opens, not a `mode=max ` value with what follows), and CRLF line endings that keep
    // bash from joining continuation lines (hand-made, as the issue reported them).
    void scriptsBashReadsOtherwise()
    {
        const QString unclosed = QStringLiteral("#!/bin/sh\n"
                                                "docker buildx build \\\n"
                                                "  --cache-to \"type=registry,ref=r,mode=max \\\n"
                                                "  --cache-from type=registry,ref=r .\n");
        QList<LintFinding> findings = CacheFlagLint::lint(unclosed, QStringLiteral("hand.sh"));
        const auto quote = std::find_if(findings.begin(), findings.end(), [](const LintFinding &f) {
            return f.code == QLatin1String("unterminated-quote");
        });
        QVERIFY(quote != findings.end());
        QCOMPARE(quote->line, 3);
        QCOMPARE(quote->severity, QStringLiteral("error"));
        QVERIFY2(quote->message.contains(QLatin1String("double quote")), qPrintable(quote->message));

        QString crlf = QStringLiteral("docker buildx build \\\r\n  --cache-to type=registry,ref=r,mode=max \\\r\n  .\r\n");
        findings = CacheFlagLint::lint(crlf, QStringLiteral("hand.sh"));
        const auto joined = std::find_if(findings.begin(), findings.end(), [](const LintFinding &f) {
            return f.code == QLatin1String("crlf-continuation");
        });
        QVERIFY(joined != findings.end());
        QCOMPARE(joined->line, 1);
        QVERIFY2(joined->message.contains(QLatin1String("1 more")), qPrintable(joined->message));
        // Bash's reading: the build command holds no cache flag (the next line is its own command).
        QVERIFY(CacheFlagLint::flagsIn(crlf, QStringLiteral("hand.sh")).isEmpty());
        // The same script with LF: no such finding, and its flag.
        crlf.remove(QLatin1Char('\r'));
        findings = CacheFlagLint::lint(crlf, QStringLiteral("hand.sh"));
        QVERIFY(std::none_of(findings.begin(), findings.end(), [](const LintFinding &f) {
            return f.code == QLatin1String("crlf-continuation") || f.code == QLatin1String("unterminated-quote");
        }));
        QCOMPARE(CacheFlagLint::flagsIn(crlf, QStringLiteral("hand.sh")).size(), 1);
    }

    void shorthandAttributes()
    {
        // hand-made
        const QList<CacheFlag> flags = CacheFlagLint::flagsIn(
            QStringLiteral("docker buildx build --cache-from user/app:cache,user/app:main ."),
            QStringLiteral("hand.sh"));
        QCOMPARE(flags.size(), 2);
        QCOMPARE(flags.at(1).type(), QStringLiteral("registry"));
        QCOMPARE(flags.at(1).ref(), QStringLiteral("user/app:main"));
        // keys in lower case, as buildx passes them on; an inline export is always min
        const QList<CacheFlag> upper = CacheFlagLint::flagsIn(
            QStringLiteral("docker buildx build --cache-to Type=registry,Ref=r,MODE=max --cache-to "
                           "type=inline,mode=max ."),
            QStringLiteral("hand.sh"));
        QCOMPARE(upper.at(0).effectiveMode(), QStringLiteral("max"));
        QCOMPARE(upper.at(1).effectiveMode(), QStringLiteral("min"));
    }
};

QTEST_GUILESS_MAIN(TestCacheFlagLint)
#include "tst_cacheflaglint.moc"
