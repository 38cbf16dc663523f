// SPDX-License-Identifier: GPL-3.0-or-later
// Stages, the graph between them, the target and what it needs, the steps and their labels,
// and every way a Dockerfile can be refused. The fixtures are the hand-made files of
// fixtures/dockerfiles/; the labels expected for stages the target needs are the vertex
// names BuildKit v0.34's dockerfile2llb gave the same files with the same options.
#include "core/dockerfile/DockerfileParser.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Cachelab;

namespace {

QString fixture(const QString &name)
{
    return QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/dockerfiles/") + name;
}

DockerfileParser::Options optionsWith(const QString &target, const QStringList &buildArgs)
{
    DockerfileParser::Options options;
    options.target = target;
    for (const QString &pair : buildArgs)
        options.buildArgs.insert(pair.section(QLatin1Char('='), 0, 0),
                                 pair.section(QLatin1Char('='), 1));
    return options;
}

std::optional<Dockerfile> parseText(const QByteArray &content,
                                    const DockerfileParser::Options &options = {},
                                    DockerfileError *error = nullptr)
{
    return DockerfileParser::parse(content, QStringLiteral("Dockerfile"), options, error);
}

QString describe(const Dockerfile &dockerfile, const StageDependency &dependency)
{
    return dependency.stage >= 0 ? dockerfile.stages().at(dependency.stage).name
                                 : QStringLiteral("image ") + dependency.image;
}

} // namespace

class TestDockerfileParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // `<<` where a shell would not see a heredoc: BuildKit's parser lexes the whole RUN line
    // for `<<WORD` words without knowing shell comments, so `# see <<EOF` opens a heredoc,
    // while a quote left open in the comment (`# don't`) hides every word of the line.
    // Each row's outcome is what BuildKit v0.34.2's Dockerfile parser and
    // instructions.Parse gave the same text (checked by a Go program on that module).
    // ONBUILD triggers as each BuildKit generation labels them (fixtures/projects/onbuild,
    // recorded in fixtures/recordings/varied/: buildx v0.38.2 with BuildKit v0.34.2, and
    // Docker 20.10's BuildKit v0.8).
    void onbuildLabels()
    {
        DockerfileError error;
        const auto dockerfile = DockerfileParser::parseFile(
            QStringLiteral(CACHELAB_SOURCE_DIR "/fixtures/projects/onbuild/Dockerfile"), {}, &error);
        QVERIFY2(dockerfile, qPrintable(error.toString()));
        QStringList labels;
        QStringList legacy;
        for (const DockerfileStage &stage : dockerfile->stages()) {
            for (const DockerfileStep &step : stage.steps) {
                labels << step.label;
                legacy << step.legacyLabel;
            }
        }
        QCOMPARE(labels, (QStringList{
                             QStringLiteral("[base 1/3] FROM docker.io/library/alpine:latest"),
                             QStringLiteral("[base 2/3] WORKDIR /srv"),
                             QStringLiteral("[base 3/3] RUN echo base > /srv/base.txt"),
                             QStringLiteral("[app 1/4] ONBUILD COPY app.txt ./"),
                             QStringLiteral("[app 2/4] ONBUILD RUN echo \"trigger ran\" > /srv/trigger.txt"),
                             QStringLiteral("[app 3/4] RUN cat /srv/app.txt /srv/trigger.txt /srv/base.txt > /srv/all.txt"),
                             QStringLiteral("[app 4/4] WORKDIR /srv/out")}));
        QCOMPARE(legacy.mid(0, 3), labels.mid(0, 3));
        QCOMPARE(legacy.mid(3), (QStringList{
                                    QStringLiteral("[app 1/2] COPY app.txt ./"),
                                    QStringLiteral("[app 2/2] RUN echo \"trigger ran\" > /srv/trigger.txt"),
                                    QStringLiteral("[app 3/2] RUN cat /srv/app.txt /srv/trigger.txt /srv/base.txt > /srv/all.txt"),
                                    QStringLiteral("[app 4/2] WORKDIR /srv/out")}));
    }

    void heredocsAsBuildKitReadsThem_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("error"); // empty: accepted
        QTest::addColumn<int>("runs"); // RUN instructions of the one stage
        QTest::addColumn<int>("heredocs"); // heredocs of the first RUN
        QTest::newRow("<<EOF after #") << QByteArray("FROM alpine\nRUN echo hi # see <<EOF\nRUN echo ok\n")
                                       << QStringLiteral("Dockerfile:2: unterminated heredoc: no line EOF after it") << 0 << 0;
        QTest::newRow("<<EOF after # with its terminator") << QByteArray("FROM alpine\nRUN echo hi # <<EOF\nRUN echo ok\nEOF\n")
                                                           << QString() << 1 << 1;
        QTest::newRow("a quote left open in the comment") << QByteArray("FROM alpine\nRUN echo hi # don't <<EOF\nRUN echo ok\n")
                                                          << QString() << 2 << 0;
        QTest::newRow("<< alone after #") << QByteArray("FROM alpine\nRUN echo hi # <<\nRUN echo ok\n") << QString() << 2 << 0;
        QTest::newRow("#<<EOF as one word") << QByteArray("FROM alpine\nRUN echo \"a\" #<<EOF\nRUN echo ok\n") << QString() << 2 << 0;
        QTest::newRow("a comment line inside a continued RUN") << QByteArray("FROM alpine\nRUN echo hi \\\n  # comment <<EOF\n  && echo there\n")
                                                               << QString() << 1 << 0;
        QTest::newRow("a commented-out heredoc") << QByteArray("FROM alpine\n# RUN cat <<EOF\nRUN echo ok\n") << QString() << 1 << 0;
        QTest::newRow("a quote in the comment after a heredoc") << QByteArray("FROM alpine\nRUN cat <<EOF # it's\nhello\nEOF\n")
                                                                << QStringLiteral("Dockerfile:3: unknown instruction: hello (did you mean shell?)") << 0 << 0;
        QTest::newRow("<< 'EOF' with a space") << QByteArray("FROM alpine\nRUN cat > /f << 'EOF'\nif true; then echo; fi\nEOF\n")
                                               << QString() << 1 << 1;
        QTest::newRow("a heredoc in continued lines (moby/buildkit#2891)")
            << QByteArray("FROM alpine\nRUN echo <<EOF \\\n    hello \\\n    EOF > /tmp/output && \\\n    echo done\n")
            << QStringLiteral("Dockerfile:2: unterminated heredoc: no line EOF after it") << 0 << 0;
    }
    void heredocsAsBuildKitReadsThem()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, error);
        QFETCH(int, runs);
        QFETCH(int, heredocs);
        DockerfileError parseError;
        const std::optional<Dockerfile> dockerfile = parseText(content, {}, &parseError);
        if (!error.isEmpty()) {
            QVERIFY(!dockerfile);
            QCOMPARE(parseError.toString(), error);
            return;
        }
        QVERIFY2(dockerfile, qPrintable(parseError.toString()));
        QCOMPARE(dockerfile->stages().size(), 1);
        QList<const DockerfileInstruction *> found;
        for (const DockerfileInstruction &instruction : dockerfile->stages().constFirst().instructions) {
            if (instruction.keyword == QLatin1String("RUN"))
                found.append(&instruction);
        }
        QCOMPARE(found.size(), runs);
        QCOMPARE(found.constFirst()->heredocs.size(), heredocs);
    }

    void stages_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QStringList>("buildArgs");
        QTest::addColumn<QString>("expectedTarget");
        QTest::addColumn<QStringList>("labels"); // every stage's steps, in order
        QTest::addColumn<QStringList>("needed");
        QTest::addColumn<QStringList>("dependencies");
        using L = QStringList;
        auto s = [](const char *text) {
            return QString::fromUtf8(text);
        };

        QTest::addRow("args: defaults")
            << s("args.Dockerfile") << s("") << L {} << s("stage-1")
            << L { s("[first 1/4] FROM docker.io/library/alpine:3.20"),
                   s("[first 2/4] WORKDIR /home/inside-alpine"),
                   s("[first 3/4] COPY inside-alpine.txt /dst/"),
                   s("[first 4/4] RUN echo alpine inside-alpine ${UNSET} \"/home/inside-alpine\" "
                     "'$LOCAL'"),
                   s("[stage-1 1/2] FROM docker.io/library/busybox:latest"),
                   s("[stage-1 2/2] RUN echo $BASE") }
            << L { s("stage-1") } << L {};
        QTest::addRow("args: --target first and build args")
            << s("args.Dockerfile") << s("first") << L { s("BASE=debian"), s("TAG=12") }
            << s("first")
            << L { s("[first 1/4] FROM docker.io/library/debian:12"),
                   s("[first 2/4] WORKDIR /home/inside-debian"),
                   s("[first 3/4] COPY inside-debian.txt /dst/"),
                   s("[first 4/4] RUN echo debian inside-debian ${UNSET} \"/home/inside-debian\" "
                     "'$LOCAL'"),
                   s("[stage-1 1/2] FROM docker.io/library/busybox:12"),
                   s("[stage-1 2/2] RUN echo $BASE") }
            << L { s("first") } << L {};
        QTest::addRow("args: a build arg in the last FROM")
            << s("args.Dockerfile") << s("") << L { s("TAG=1.36") } << s("stage-1")
            << L { s("[first 1/4] FROM docker.io/library/alpine:1.36"),
                   s("[first 2/4] WORKDIR /home/inside-alpine"),
                   s("[first 3/4] COPY inside-alpine.txt /dst/"),
                   s("[first 4/4] RUN echo alpine inside-alpine ${UNSET} \"/home/inside-alpine\" "
                     "'$LOCAL'"),
                   s("[stage-1 1/2] FROM docker.io/library/busybox:1.36"),
                   s("[stage-1 2/2] RUN echo $BASE") }
            << L { s("stage-1") } << L {};
        QTest::addRow("continuations")
            << s("continuations.Dockerfile") << s("") << L {} << s("stage-0")
            << L { s("[1/5] FROM docker.io/library/alpine:latest"),
                   s("[2/5] RUN apk add --no-cache     curl     git"), s("[3/5] RUN echo a \\\\"),
                   s("[4/5] RUN echo \"escaped escape: the previous line was not continued\""),
                   s("[5/5] COPY   --chown=1:1   a    b   /dst/") }
            << L { s("stage-0") } << L {};
        QTest::addRow("escape backtick")
            << s("escape-backtick.Dockerfile") << s("") << L {} << s("win")
            << L { s("[1/4] FROM mcr.microsoft.com/windows/servercore:ltsc2022"),
                   s("[2/4] WORKDIR C:\\app"), s("[3/4] COPY a.txt      C:\\app\\"),
                   s("[4/4] RUN echo \"one\" &&     echo \"two\"") }
            << L { s("win") } << L {};
        QTest::addRow("exec and shell forms")
            << s("exec-and-shell.Dockerfile") << s("") << L {} << s("stage-0")
            << L { s("[1/5] FROM docker.io/library/alpine:latest"),
                   s("[2/5] RUN [\"echo\", \"exec form\"]"), s("[3/5] RUN echo shell form"),
                   s("[4/5] RUN [\"echo\", \"unterminated\""), s("[5/5] COPY [a b, /dst/]") }
            << L { s("stage-0") } << L {};
        QTest::addRow("flags")
            << s("flags.Dockerfile") << s("") << L {} << s("stage-2")
            << L { s("[build 1/2] FROM docker.io/library/golang:1.22"),
                   s("[build 2/2] RUN --mount=type=cache,target=/root/.cache/go-build     "
                     "--mount=type=bind,source=go.sum,target=go.sum     --network=none go build "
                     "./..."),
                   s("[assets 1/2] FROM docker.io/library/alpine:3.20"),
                   s("[assets 2/2] RUN --mount=type=bind,from=build,source=/out,target=/in cp -r "
                     "/in /assets"),
                   s("[stage-2 1/5] FROM docker.io/library/debian:12-slim"),
                   s("[stage-2 2/5] COPY --from=build --chown=app:app --chmod=0755 /out/app "
                     "/usr/local/bin/app"),
                   s("[stage-2 3/5] COPY --link --from=assets /assets /srv/assets"),
                   s("[stage-2 4/5] RUN --mount=type=cache,from=busybox:1.36,target=/bb ls /bb"),
                   s("[stage-2 5/5] COPY --from=0 /go/bin /go-bin") }
            << L { s("build"), s("assets"), s("stage-2") }
            << L { s("assets <- build (RUN --mount, line 6)"),
                   s("stage-2 <- build (COPY --from, line 8)"),
                   s("stage-2 <- assets (COPY --from, line 9)"),
                   s("stage-2 <- image busybox:1.36 (RUN --mount, line 10)"),
                   s("stage-2 <- build (COPY --from, line 11)") };
        QTest::addRow("heredocs") << s("heredocs.Dockerfile") << s("") << L {} << s("stage-0")
                                  << L { s("[ 1/10] FROM docker.io/library/alpine:latest"),
                                         s("[ 2/10] RUN <<EOF (set -e...)"),
                                         s("[ 3/10] RUN <<-EOT (echo \"tabs stripped\")"),
                                         s("[ 4/10] COPY <<EOF /etc/motd"),
                                         s("[ 5/10] COPY <<one.txt <<two.txt /dst/"),
                                         s("[ 6/10] RUN <<\"EOF\" (echo $HOME stays)"),
                                         s("[ 7/10] RUN cat <<EOF > /x"),
                                         s("[ 8/10] RUN python3 <<EOF"),
                                         s("[ 9/10] RUN 3<<EOF cat /proc/self/fd/3"),
                                         s("[10/10] RUN <<EOF (one line)") }
                                  << L { s("stage-0") } << L {};
        QTest::addRow("keywords in any case")
            << s("keywords-case.Dockerfile") << s("") << L {} << s("stage-1")
            << L { s("[builder 1/4] FROM docker.io/library/alpine:latest"),
                   s("[builder 2/4] WORKDIR /src"), s("[builder 3/4] RUN echo lower"),
                   s("[builder 4/4] COPY a b"), s("[stage-1 1/1] RUN echo 1") }
            << L { s("builder"), s("stage-1") } << L { s("stage-1 <- builder (FROM, line 6)") };
        QTest::addRow("multistage")
            << s("multistage.Dockerfile") << s("") << L {} << s("final")
            << L { s("[base 1/2] FROM docker.io/library/alpine:latest"),
                   s("[base 2/2] RUN echo base"),
                   s("[stage-1 1/1] RUN echo \"unnamed stage built from base\""),
                   s("[empty 1/1] COPY --from=1 /etc/alpine-release /"),
                   s("[stage-3 1/4] FROM docker.io/library/busybox:latest"),
                   s("[stage-3 2/4] COPY --from=base /bin/sh /sh"),
                   s("[stage-3 3/4] COPY --from=nginx:1.27 /etc/nginx /etc/nginx"),
                   s("[stage-3 4/4] COPY --from=empty /alpine-release /"),
                   s("[unused 1/2] FROM docker.io/library/alpine:latest"),
                   s("[unused 2/2] RUN echo \"nothing needs this stage\""),
                   s("[final 1/1] COPY --from=3 /sh /sh") }
            << L { s("base"), s("stage-1"), s("empty"), s("stage-3"), s("final") }
            << L { s("stage-1 <- base (FROM, line 3)"),
                   s("empty <- stage-1 (COPY --from, line 6)"),
                   s("stage-3 <- base (COPY --from, line 8)"),
                   s("stage-3 <- image nginx:1.27 (COPY --from, line 9)"),
                   s("stage-3 <- empty (COPY --from, line 10)"),
                   s("final <- base (FROM, line 13)"),
                   s("final <- stage-3 (COPY --from, line 14)") };
        QTest::addRow("multistage: --target Base")
            << s("multistage.Dockerfile") << s("Base") << L {} << s("base")
            << L { s("[base 1/2] FROM docker.io/library/alpine:latest"),
                   s("[base 2/2] RUN echo base"),
                   s("[stage-1 1/1] RUN echo \"unnamed stage built from base\""),
                   s("[empty 1/1] COPY --from=1 /etc/alpine-release /"),
                   s("[stage-3 1/4] FROM docker.io/library/busybox:latest"),
                   s("[stage-3 2/4] COPY --from=base /bin/sh /sh"),
                   s("[stage-3 3/4] COPY --from=nginx:1.27 /etc/nginx /etc/nginx"),
                   s("[stage-3 4/4] COPY --from=empty /alpine-release /"),
                   s("[unused 1/2] FROM docker.io/library/alpine:latest"),
                   s("[unused 2/2] RUN echo \"nothing needs this stage\""),
                   s("[final 1/1] COPY --from=3 /sh /sh") }
            << L { s("base") }
            << L { s("stage-1 <- base (FROM, line 3)"),
                   s("empty <- stage-1 (COPY --from, line 6)"),
                   s("stage-3 <- base (COPY --from, line 8)"),
                   s("stage-3 <- image nginx:1.27 (COPY --from, line 9)"),
                   s("stage-3 <- empty (COPY --from, line 10)"),
                   s("final <- base (FROM, line 13)"),
                   s("final <- stage-3 (COPY --from, line 14)") };
        QTest::addRow("onbuild")
            << s("onbuild.Dockerfile") << s("") << L {} << s("app")
            << L { s("[base 1/2] FROM docker.io/library/alpine:latest"),
                   s("[base 2/2] RUN echo base"), s("[app 1/4] ONBUILD RUN echo hello"),
                   s("[app 2/4] ONBUILD COPY --from=busybox /bin/busybox /bin/"),
                   s("[app 3/4] RUN echo app") }
            << L { s("base"), s("app") }
            << L { s("app <- base (FROM, line 6)"),
                   s("app <- image busybox (COPY --from, line 4, onbuild)") };
        QTest::addRow("onbuild: --target base")
            << s("onbuild.Dockerfile") << s("base") << L {} << s("base")
            << L { s("[base 1/2] FROM docker.io/library/alpine:latest"),
                   s("[base 2/2] RUN echo base"), s("[app 1/4] ONBUILD RUN echo hello"),
                   s("[app 2/4] ONBUILD COPY --from=busybox /bin/busybox /bin/"),
                   s("[app 3/4] RUN echo app") }
            << L { s("base") }
            << L { s("app <- base (FROM, line 6)"),
                   s("app <- image busybox (COPY --from, line 4, onbuild)") };
        QTest::addRow("workdir /")
            << s("workdir-root.Dockerfile") << s("") << L {} << s("stage-0")
            << L { s("[ 1/12] FROM docker.io/library/alpine:latest"),
                   s("[ 2/12] WORKDIR /app"),
                   s("[ 3/12] WORKDIR /srv/.."),
                   s("[ 4/12] RUN echo \"n counts the two WORKDIR lines that end at /, but they "
                     "make no vertex: no step is 11/12 or 12/12\""),
                   s("[ 5/12] RUN a"),
                   s("[ 6/12] RUN b"),
                   s("[ 7/12] RUN c"),
                   s("[ 8/12] RUN d"),
                   s("[ 9/12] RUN e"),
                   s("[10/12] RUN f") }
            << L { s("stage-0") } << L {};
    }
    void stages()
    {
        QFETCH(QString, file);
        QFETCH(QString, target);
        QFETCH(QStringList, buildArgs);
        DockerfileError error;
        const std::optional<Dockerfile> dockerfile
            = DockerfileParser::parseFile(fixture(file), optionsWith(target, buildArgs), &error);
        QVERIFY2(dockerfile, qPrintable(error.toString()));

        QStringList labels;
        QStringList needed;
        QStringList dependencies;
        for (const DockerfileStage &stage : dockerfile->stages()) {
            for (const DockerfileStep &step : stage.steps) {
                labels.append(step.label);
                QCOMPARE(step.label, step.prefix + QLatin1Char(' ') + step.text);
                QCOMPARE(step.total, stage.stepCount);
                QCOMPARE(step.stage, stage.index);
            }
            if (stage.needed)
                needed.append(stage.name);
            for (const StageDependency &dependency : stage.dependencies)
                dependencies.append(
                    QStringLiteral("%1 <- %2 (%3, line %4%5)")
                        .arg(stage.name, describe(*dockerfile, dependency),
                             StageDependency::viaName(dependency.via))
                        .arg(dependency.line)
                        .arg(dependency.onbuildTrigger ? QStringLiteral(", onbuild") : QString()));
        }
        QTEST(dockerfile->target().name, "expectedTarget");
        QTEST(labels, "labels");
        QTEST(needed, "needed");
        QTEST(dependencies, "dependencies");
        QCOMPARE(dockerfile->neededStages().size(), needed.size());
    }

    void stageModel()
    {
        DockerfileError error;
        const std::optional<Dockerfile> dockerfile = DockerfileParser::parseFile(
            fixture(QStringLiteral("multistage.Dockerfile")), {}, &error);
        QVERIFY2(dockerfile, qPrintable(error.toString()));
        const QList<DockerfileStage> &stages = dockerfile->stages();
        QCOMPARE(stages.size(), 6);

        const DockerfileStage &base = stages.at(0);
        QCOMPARE(base.name, QStringLiteral("base"));
        QVERIFY(base.named);
        QCOMPARE(base.base.kind, StageBase::Kind::Image);
        QCOMPARE(base.base.ref, QStringLiteral("alpine"));
        QCOMPARE(base.base.normalized, QStringLiteral("docker.io/library/alpine"));
        QCOMPARE(base.base.resolved, QStringLiteral("docker.io/library/alpine:latest"));
        QCOMPARE(base.firstLine, 1);
        QCOMPARE(base.lastLine, 2);
        QCOMPARE(base.instructions.size(), 2);
        QCOMPARE(base.instructions.first().keyword, QStringLiteral("FROM"));

        const DockerfileStage &unnamed = stages.at(1);
        QCOMPARE(unnamed.name, QStringLiteral("stage-1"));
        QVERIFY(!unnamed.named);
        QCOMPARE(unnamed.base.kind, StageBase::Kind::Stage);
        QCOMPARE(unnamed.base.stage, 0);
        QCOMPARE(unnamed.base.ref, QStringLiteral("base"));
        QVERIFY(unnamed.base.resolved.isEmpty());

        const DockerfileStage &empty = stages.at(2);
        QCOMPARE(empty.base.kind, StageBase::Kind::Scratch);
        QCOMPARE(empty.stepCount, 1); // FROM scratch is no step
        QCOMPARE(empty.steps.first().keyword, QStringLiteral("COPY"));
        QCOMPARE(empty.steps.first().instruction, 1);

        QVERIFY(!stages.at(4).needed);
        QCOMPARE(stages.at(4).steps.size(), 2); // labelled all the same, for the view
        QCOMPARE(dockerfile->neededStages(), (QList<int> { 0, 1, 2, 3, 5 }));
        QCOMPARE(dockerfile->targetIndex(), 5);

        QCOMPARE(dockerfile->externalImages().size(), 1);
        const ExternalImage &nginx = dockerfile->externalImages().first();
        QCOMPARE(nginx.ref, QStringLiteral("nginx:1.27"));
        QCOMPARE(nginx.normalized, QStringLiteral("docker.io/library/nginx:1.27"));
        QCOMPARE(nginx.resolved, QStringLiteral("docker.io/library/nginx:1.27"));
    }

    void lookups()
    {
        const std::optional<Dockerfile> dockerfile = DockerfileParser::parseFile(
            fixture(QStringLiteral("multistage.Dockerfile")), {}, nullptr);
        QVERIFY(dockerfile);
        QCOMPARE(dockerfile->stage(QStringLiteral("BASE")), &dockerfile->stages().at(0));
        QCOMPARE(dockerfile->stage(QStringLiteral("Stage-3"))->index, 3);
        QCOMPARE(dockerfile->stage(QStringLiteral("nope")), nullptr);
        QCOMPARE(dockerfile->stage(5)->name, QStringLiteral("final"));
        QCOMPARE(dockerfile->stage(6), nullptr);
        QCOMPARE(dockerfile->stage(-1), nullptr);

        const DockerfileStep *step = dockerfile->step(QStringLiteral("stage-3"), 3);
        QVERIFY(step);
        QCOMPARE(step->text, QStringLiteral("COPY --from=nginx:1.27 /etc/nginx /etc/nginx"));
        QCOMPARE(step->line, 9);
        QCOMPARE(step->keyword, QStringLiteral("COPY"));
        QCOMPARE(dockerfile->step(QStringLiteral("stage-3"), 5), nullptr);
        QCOMPARE(dockerfile->step(QStringLiteral("stage-3"), 0), nullptr);
        QCOMPARE(dockerfile->step(QStringLiteral("nope"), 1), nullptr);
    }

    void globalArgs()
    {
        const std::optional<Dockerfile> withTag = DockerfileParser::parseFile(
            fixture(QStringLiteral("args.Dockerfile")),
            optionsWith(QString(), { QStringLiteral("TAG=1.36") }), nullptr);
        QVERIFY(withTag);
        const QList<DockerfileArg> &args = withTag->globalArgs();
        QCOMPARE(args.size(), 4);
        QCOMPARE(args.at(0).name, QStringLiteral("BASE"));
        QVERIFY(args.at(0).hasDefault);
        QCOMPARE(args.at(0).defaultValue, QStringLiteral("alpine"));
        QCOMPARE(args.at(0).value, QStringLiteral("alpine"));
        QCOMPARE(args.at(0).line, 1);
        QCOMPARE(args.at(1).name, QStringLiteral("TAG"));
        QVERIFY(!args.at(1).hasDefault);
        QVERIFY(args.at(1).hasValue); // from --build-arg
        QCOMPARE(args.at(1).value, QStringLiteral("1.36"));
        QCOMPARE(args.at(2).defaultValue, QStringLiteral("${MIRROR:-docker.io}"));
        QCOMPARE(args.at(2).value, QStringLiteral("docker.io"));
        QCOMPARE(args.at(3).value, QStringLiteral(":1.36"));

        const std::optional<Dockerfile> defaults
            = DockerfileParser::parseFile(fixture(QStringLiteral("args.Dockerfile")), {}, nullptr);
        QVERIFY(defaults);
        QVERIFY(!defaults->globalArgs().at(1).hasValue);
        QVERIFY(defaults->globalArgs().at(3).hasValue);
        QCOMPARE(defaults->globalArgs().at(3).value, QString());
        QCOMPARE(defaults->stages().at(1).base.ref, QStringLiteral("docker.io/library/busybox"));
    }

    void platforms()
    {
        const std::optional<Dockerfile> dockerfile
            = DockerfileParser::parseFile(fixture(QStringLiteral("flags.Dockerfile")), {}, nullptr);
        QVERIFY(dockerfile);
        QCOMPARE(dockerfile->stages().at(0).platform, QStringLiteral("linux/amd64"));
        QCOMPARE(dockerfile->stages().at(1).platform, QString());
        QCOMPARE(dockerfile->stages().at(2).platform, QStringLiteral("linux/arm64"));

        DockerfileParser::Options arm;
        arm.platform = QStringLiteral("linux/arm64/v8");
        const std::optional<Dockerfile> onArm = DockerfileParser::parseFile(
            fixture(QStringLiteral("flags.Dockerfile")), arm, nullptr);
        QVERIFY(onArm);
        QCOMPARE(onArm->stages().at(0).platform, QStringLiteral("linux/arm64/v8"));
    }

    void stageNameInLabels_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<bool>("withName");
        QTest::addColumn<QString>("lastLabel");
        QTest::addRow("one stage")
            << QByteArray("FROM alpine AS only\nRUN x\n") << false << QStringLiteral("[2/2] RUN x");
        QTest::addRow("COPY --from an image makes a second state")
            << QByteArray("FROM alpine\nCOPY --from=busybox /a /b\n") << true
            << QStringLiteral("[stage-0 2/2] COPY --from=busybox /a /b");
        QTest::addRow("so does any RUN --mount without a stage")
            << QByteArray("FROM alpine\nRUN --mount=type=cache,target=/c x\n") << true
            << QStringLiteral("[stage-0 2/2] RUN --mount=type=cache,target=/c x");
        QTest::addRow("two stages") << QByteArray("FROM alpine AS a\nFROM a\nRUN x\n") << true
                                    << QStringLiteral("[stage-1 1/1] RUN x");
    }
    void stageNameInLabels()
    {
        QFETCH(QByteArray, content);
        DockerfileError error;
        const std::optional<Dockerfile> dockerfile = parseText(content, {}, &error);
        QVERIFY2(dockerfile, qPrintable(error.toString()));
        QTEST(dockerfile->labelsHaveStageName(), "withName");
        QTEST(dockerfile->target().steps.last().label, "lastLabel");
    }

    void stepCounting_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("total");
        QTest::addColumn<QStringList>("labels");
        QTest::addRow("only FROM, RUN, COPY, ADD and WORKDIR count")
            << QByteArray("FROM alpine\nENV A=1\nARG B\nLABEL l=1\nEXPOSE 80\nUSER u\nCMD x\n"
                          "ENTRYPOINT y\nVOLUME /v\nSHELL [\"sh\"]\nHEALTHCHECK NONE\n"
                          "STOPSIGNAL TERM\nMAINTAINER me\nONBUILD RUN x\n")
            << 1 << QStringList { QStringLiteral("[1/1] FROM docker.io/library/alpine:latest") };
        QTest::addRow("FROM scratch does not count")
            << QByteArray("FROM scratch\nCOPY a /\nADD b /\nRUN c\nWORKDIR /w\n") << 4
            << QStringList { QStringLiteral("[1/4] COPY a /"), QStringLiteral("[2/4] ADD b /"),
                             QStringLiteral("[3/4] RUN c"), QStringLiteral("[4/4] WORKDIR /w") };
        QTest::addRow("ARG and ENV are expanded in COPY, ADD and WORKDIR names")
            << QByteArray("FROM scratch\nARG V=1\nENV D=/opt\nCOPY a-$V \"$D/x\"\nADD ${V}.tgz $D\n"
                          "WORKDIR $D/$V\nRUN echo $V $D $PATH\n")
            << 4
            << QStringList {
                   QStringLiteral("[1/4] COPY a-1 /opt/x"), QStringLiteral("[2/4] ADD 1.tgz /opt"),
                   QStringLiteral("[3/4] WORKDIR /opt/1"),
                   QStringLiteral("[4/4] RUN echo 1 /opt "
                                  "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
               };
        QTest::addRow("ENV pairs see the values from before the instruction")
            << QByteArray("FROM scratch\nENV A=1 B=$A\nRUN echo $A $B\n") << 1
            << QStringList { QStringLiteral("[1/1] RUN echo 1 ") };
        QTest::addRow("a stage inherits ENV and ARG, ENV winning")
            << QByteArray("FROM scratch AS a\nARG X=arg\nARG Y=arg\nENV X=env\nFROM a\n"
                          "RUN echo $X $Y\n")
            << 1 << QStringList { QStringLiteral("[stage-1 1/1] RUN echo env arg") };
        QTest::addRow("an ARG after ENV of the same name shadows it in this stage")
            << QByteArray("FROM scratch AS a\nENV X=env\nARG X=arg\nRUN echo $X\n") << 1
            << QStringList { QStringLiteral("[1/1] RUN echo arg") };
        QTest::addRow("a global ARG is only visible where it is declared")
            << QByteArray("ARG V=1\nFROM scratch\nRUN echo $V\nARG V\nRUN echo $V\n") << 2
            << QStringList { QStringLiteral("[1/2] RUN echo $V"),
                             QStringLiteral("[2/2] RUN echo 1") };
        QTest::addRow("a cache mount with every option, its type from an ARG")
            << QByteArray("FROM scratch\nARG T=cache\nRUN --mount=type=$T,target=/t,uid=1000,"
                          "gid=1000,mode=0700,id=x,sharing=private,ro x\n")
            << 1
            << QStringList { QStringLiteral(
                   "[stage-0 1/1] RUN --mount=type=cache,target=/t,"
                   "uid=1000,gid=1000,mode=0700,id=x,sharing=private,ro x") };
        QTest::addRow("keyword upper-cased up to the first space only")
            << QByteArray("FROM scratch\ncopy\ta b\nrun   echo\n") << 2
            << QStringList { QStringLiteral("[1/2] COPY\tA b"),
                             QStringLiteral("[2/2] RUN   echo") };
    }
    void stepCounting()
    {
        QFETCH(QByteArray, content);
        DockerfileError error;
        const std::optional<Dockerfile> dockerfile = parseText(content, {}, &error);
        QVERIFY2(dockerfile, qPrintable(error.toString()));
        const DockerfileStage &stage = dockerfile->target();
        QTEST(stage.stepCount, "total");
        QStringList labels;
        for (const DockerfileStep &step : stage.steps)
            labels.append(step.label);
        QTEST(labels, "labels");
    }

    void stagesNotBuiltAreNotChecked_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("unneeded");
        QTest::addRow("COPY --from a later stage")
            << QByteArray("FROM alpine AS a\nCOPY --from=b /x /y\nFROM alpine AS b\nRUN x\n")
            << QStringLiteral("a");
        QTest::addRow("a variable that cannot expand")
            << QByteArray("FROM alpine AS a\nCOPY ${X:?} /y\nFROM alpine\n") << QStringLiteral("a");
        QTest::addRow("an ONBUILD trigger that is never run")
            << QByteArray("FROM alpine AS base\nONBUILD FOO x\nFROM base AS app\nFROM alpine\n")
            << QStringLiteral("app");
        QTest::addRow("a mount BuildKit would refuse") << QByteArray(
            "FROM alpine AS a\nRUN --mount=type=secret,from=x,target=/s x\nFROM alpine\n")
                                                       << QStringLiteral("a");
        QTest::addRow("an unknown mount type")
            << QByteArray("FROM alpine AS a\nRUN --mount=type=nope x\nFROM alpine\n")
            << QStringLiteral("a");
    }
    void stagesNotBuiltAreNotChecked()
    {
        // BuildKit only dispatches the stages the target needs, so it builds these files.
        QFETCH(QByteArray, content);
        QFETCH(QString, unneeded);
        DockerfileError error;
        const std::optional<Dockerfile> dockerfile = parseText(content, {}, &error);
        QVERIFY2(dockerfile, qPrintable(error.toString()));
        QVERIFY(!dockerfile->stage(unneeded)->needed);
        // ...but not when that stage is the target.
        DockerfileParser::Options options;
        options.target = unneeded;
        QVERIFY(!parseText(content, options, &error));
        QCOMPARE(error.line > 0, true);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("expected");
        auto row = [](const char *name, const QByteArray &content, const char *expected,
                      const char *target = "") {
            QTest::addRow("%s", name)
                << content << QString::fromUtf8(target) << QString::fromUtf8(expected);
        };
        row("unknown instruction", "FROM alpine\nFOO bar\n",
            "Dockerfile:2: unknown instruction: FOO (did you mean FROM?)");
        row("unknown instruction, nothing close", "FROM alpine\nfrobnicate x\n",
            "Dockerfile:2: unknown instruction: frobnicate");
        row("instruction before FROM", "# c\nRUN echo\nFROM alpine\n",
            "Dockerfile:2: no build stage in current context: RUN before the first FROM (only "
            "ARG may come before it)");
        row("FROM without image", "FROM\n",
            "Dockerfile:1: FROM requires either one or three arguments");
        row("FROM with only a flag", "FROM --platform=linux/amd64\n",
            "Dockerfile:1: FROM requires either one or three arguments");
        row("AS without a name", "FROM alpine AS\n",
            "Dockerfile:1: FROM requires either one or three arguments");
        row("AS with two names", "FROM alpine AS a b\n",
            "Dockerfile:1: FROM requires either one or three arguments");
        row("stage name starting with a digit", "FROM alpine AS 1st\n",
            "Dockerfile:1: invalid name for build stage: \"1st\", name can't start with a number "
            "or contain symbols");
        row("stage name with a symbol", "FROM alpine AS my_stage!\n",
            "Dockerfile:1: invalid name for build stage: \"my_stage!\", name can't start with a "
            "number or contain symbols");
        row("duplicate stage name", "FROM alpine AS a\nRUN x\nFROM alpine AS A\n",
            "Dockerfile:3: duplicate stage name \"a\" (first used on line 1)");
        row("COPY --from a later stage",
            "FROM alpine AS a\nCOPY --from=b /x /y\nFROM alpine AS b\nFROM a\n",
            "Dockerfile:2: cannot copy from stage \"b\", it needs to be defined before current "
            "stage \"a\"");
        row("COPY --from a later stage by index",
            "FROM alpine AS a\nCOPY --from=1 /x /y\nFROM alpine\nFROM a\n",
            "Dockerfile:2: cannot copy from stage \"1\", it needs to be defined before current "
            "stage \"a\"");
        row("COPY --from a later stage as --target",
            "FROM alpine AS a\nCOPY --from=b /x /y\nFROM alpine AS b\n",
            "Dockerfile:2: cannot copy from stage \"b\", it needs to be defined before current "
            "stage \"a\"",
            "a");
        row("COPY --from an index past the stages", "FROM alpine\nCOPY --from=7 /x /y\n",
            "Dockerfile:2: invalid stage index 7");
        row("COPY --from a negative index", "FROM alpine\nCOPY --from=-1 /x /y\n",
            "Dockerfile:2: invalid stage index -1");
        row("COPY --from its own stage", "FROM alpine AS a\nCOPY --from=a /x /y\n",
            "Dockerfile:2: circular dependency detected on stage: a");
        row("a cycle through a mount",
            "FROM alpine AS a\nRUN --mount=from=b,target=/m x\nFROM alpine AS b\nCOPY --from=a /a "
            "/b\n",
            "Dockerfile:2: circular dependency detected on stage: a");
        row("RUN --mount from a later stage",
            "FROM alpine AS a\nRUN --mount=from=b,target=/m x\nFROM alpine AS b\nFROM a\n",
            "Dockerfile:2: cannot mount from stage \"b\" to \"/m\", stage needs to be defined "
            "before current command");
        row("COPY --from with a variable", "FROM alpine\nARG X=a\nCOPY --from=$X /x /y\n",
            "Dockerfile:3: variable expansion is not supported for --from, define a new stage "
            "with FROM using ARG from global scope as a workaround");
        row("mount from= with a variable", "FROM alpine\nRUN --mount=from=$X,target=/m x\n",
            "Dockerfile:2: 'from' doesn't support variable expansion, define alias stage instead");
        row("unsupported mount type", "FROM alpine\nRUN --mount=type=cahce,target=/c x\n",
            "Dockerfile:2: unsupported mount type \"cahce\" (did you mean cache?)");
        row("secret mount with from=", "FROM alpine\nRUN --mount=type=secret,from=x,target=/s x\n",
            "Dockerfile:2: secret mount should not have a from");
        row("secret mount without a name", "FROM alpine\nRUN --mount=type=secret x\n",
            "Dockerfile:2: invalid secret mount. one of source, target required");
        row("sharing on a bind mount",
            "FROM alpine\nRUN --mount=type=bind,sharing=locked,target=/m x\n",
            "Dockerfile:2: invalid cache sharing set for bind mount");
        row("mode on a bind mount", "FROM alpine\nRUN --mount=type=bind,mode=0755,target=/m x\n",
            "Dockerfile:2: mode not allowed for \"bind\" type mounts");
        row("unknown mount key", "FROM alpine\nRUN --mount=type=cache,bogus=1,target=/m x\n",
            "Dockerfile:2: unexpected key 'bogus' in 'bogus=1'");
        row("mount key order matters", "FROM alpine\nRUN --mount=required,type=secret,id=a x\n",
            "Dockerfile:2: unexpected key 'required' for mount type 'bind'");
        row("unterminated heredoc", "FROM alpine\nRUN <<EOF\necho\n",
            "Dockerfile:2: unterminated heredoc: no line EOF after it");
        row("second heredoc unterminated", "FROM alpine\nRUN <<A <<B\na\nA\nb\n",
            "Dockerfile:2: unterminated heredoc: no line B after it");
        row("heredoc as the COPY destination", "FROM alpine\nCOPY a <<EOF\nx\nEOF\n",
            "Dockerfile:2: COPY cannot accept a heredoc as a destination");
        row("exec form with a number", "FROM alpine\nRUN [\"echo\", 1]\n",
            "Dockerfile:2: when using JSON array syntax, arrays must be comprised of strings only");
        row("SHELL in shell form", "FROM alpine\nSHELL bash -c\n",
            "Dockerfile:2: SHELL requires the arguments to be in JSON form");
        row("empty file", "", "Dockerfile:1: the Dockerfile cannot be empty");
        row("comments only", "# just a comment\n\n", "Dockerfile:2: file with no instructions");
        row("blanks only", "  \n\t\n", "Dockerfile:2: file with no instructions");
        row("ARG only", "ARG X=1\n", "Dockerfile:1: dockerfile contains no stages to build");
        row("FROM an unset ARG", "ARG BASE\nFROM $BASE\n",
            "Dockerfile:2: base name ($BASE) should not be blank");
        row("FROM an undeclared variable", "FROM ${IMAGE}\n",
            "Dockerfile:1: base name (${IMAGE}) should not be blank");
        row("FROM with a bad expansion", "FROM ${X:-alpine\n",
            "Dockerfile:1: failed to process \"${X:-alpine\": syntax error: missing '}'");
        row("ARG default that cannot expand", "ARG A=${B:?missing}\nFROM alpine\n",
            "Dockerfile:1: failed to process \"${B:?missing}\": B: missing");
        row("empty --platform after expansion", "ARG P\nFROM --platform=$P alpine\n",
            "Dockerfile:2: empty platform value from expression $P");
        row("FROM an image in upper case", "FROM Alpine\n",
            "Dockerfile:1: failed to parse stage name \"Alpine\": invalid reference format: "
            "repository name (library/Alpine) must be lowercase");
        row("FROM a stage in the wrong case", "FROM alpine AS build\nFROM Build\n",
            "Dockerfile:2: failed to parse stage name \"Build\": invalid reference format: "
            "repository name (library/Build) must be lowercase (FROM matches stage names "
            "case-sensitively: did you mean stage \"build\"?)");
        row("FROM an invalid reference", "FROM alpine:bad:tag\n",
            "Dockerfile:1: failed to parse stage name \"alpine:bad:tag\": invalid reference "
            "format");
        row("COPY --from an invalid reference", "FROM scratch\nCOPY --from=nginx:Bad:tag /a /b\n",
            "Dockerfile:2: failed to parse stage name \"nginx:Bad:tag\": invalid reference format");
        row("unknown flag", "FROM alpine\nCOPY --form=a a b\n",
            "Dockerfile:2: unknown flag: --form (did you mean from?)");
        row("flag where none is known", "FROM alpine\nENV --x=1 A=1\n",
            "Dockerfile:2: unknown flag: --x");
        row("flag given twice", "FROM alpine\nCOPY --link --link a b\n",
            "Dockerfile:2: duplicate flag specified: --link");
        row("flag without its value", "FROM alpine\nCOPY --from a b\n",
            "Dockerfile:2: missing a value on flag: --from");
        row("boolean flag with another value", "FROM alpine\nCOPY --link=maybe a b\n",
            "Dockerfile:2: expecting boolean value for flag --link, not: maybe");
        row("invalid network", "FROM alpine\nRUN --network=wifi x\n",
            "Dockerfile:2: invalid network mode \"wifi\"");
        row("COPY without destination", "FROM alpine\nCOPY a\n",
            "Dockerfile:2: COPY requires at least two arguments, but only one was provided. "
            "Destination could not be determined");
        row("ENV without a value", "FROM alpine\nENV A\n",
            "Dockerfile:2: ENV must have two arguments");
        row("ENV pair without =", "FROM alpine\nENV A=1 B\n",
            "Dockerfile:2: Syntax error - can't find = in \"B\". Must be of the form: name=value");
        row("WORKDIR without a path", "FROM alpine\nWORKDIR\n",
            "Dockerfile:2: WORKDIR requires exactly one argument");
        row("empty VOLUME", "FROM alpine\nVOLUME \"\"\n",
            "Dockerfile:2: VOLUME specified can not be an empty string");
        row("HEALTHCHECK of an unknown type", "FROM alpine\nHEALTHCHECK FOO x\n",
            "Dockerfile:2: Unknown type \"FOO\" in HEALTHCHECK (try CMD)");
        row("ONBUILD FROM", "FROM alpine\nONBUILD FROM x\n",
            "Dockerfile:2: FROM isn't allowed as an ONBUILD trigger");
        row("ONBUILD ONBUILD", "FROM alpine\nONBUILD ONBUILD RUN x\n",
            "Dockerfile:2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
        row("a bad trigger fails where it runs", "FROM alpine AS base\nONBUILD FOO x\nFROM base\n",
            "Dockerfile:3: unknown instruction: FOO (did you mean FROM?)");
        row("a trigger with a bad index fails where it runs",
            "FROM alpine AS base\nONBUILD COPY --from=9 a b\nFROM base\n",
            "Dockerfile:3: invalid stage index 9");
        row("COPY with a variable that cannot expand", "FROM alpine\nCOPY ${X:?} /y\n",
            "Dockerfile:2: failed to process \"${X:?}\": X: is not allowed to be unset");
        row("ENV with a variable that cannot expand", "FROM alpine\nENV A=${B:?none}\n",
            "Dockerfile:2: failed to process \"${B:?none}\": B: none");
        row("invalid escape directive", "# escape=x\nFROM alpine\n",
            "Dockerfile:1: invalid escape token 'x' does not match ` or \\");
        row("escape directive twice", "# escape=`\n# escape=\\\nFROM alpine\n",
            "Dockerfile:2: only one escape parser directive can be used");
        row("unknown --target", "FROM alpine AS build\nFROM alpine AS test\n",
            "Dockerfile: target stage \"tets\" could not be found (did you mean test?)", "tets");
        row("--target of an unnamed stage", "FROM alpine\nFROM alpine\n",
            "Dockerfile: target stage \"stage-0\" could not be found", "stage-0");
    }
    void errors()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, target);
        DockerfileParser::Options options;
        options.target = target;
        DockerfileError error;
        QVERIFY(!parseText(content, options, &error));
        QCOMPARE(error.file, QStringLiteral("Dockerfile"));
        QTEST(error.toString(), "expected");
    }

    void notText_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        const QString nul = QStringLiteral("NUL byte: this is not a text file");
        const QString utf8 = QStringLiteral("invalid UTF-8: this is not a text file");
        QTest::addRow("NUL byte") << QByteArray("FROM alpine\nRUN a\0b\n", 19)
                                  << QStringLiteral("Dockerfile:2: ") + nul;
        QTest::addRow("Latin-1") << QByteArray("FROM alpine\n\nRUN echo caf\xe9\n")
                                 << QStringLiteral("Dockerfile:3: ") + utf8;
        QTest::addRow("overlong slash")
            << QByteArray("FROM alpine\nRUN \xc0\xaf\n") << QStringLiteral("Dockerfile:2: ") + utf8;
        QTest::addRow("surrogate") << QByteArray("FROM alpine\nRUN \xed\xa0\x80\n")
                                   << QStringLiteral("Dockerfile:2: ") + utf8;
        QTest::addRow("cut short at the end")
            << QByteArray("FROM alpine\nRUN \xe2\x82") << QStringLiteral("Dockerfile:2: ") + utf8;
        QTest::addRow("ELF header") << QByteArray("\x7f"
                                                  "ELF\x02\x01\x01\0\0\0",
                                                  10)
                                    << QStringLiteral("Dockerfile:1: ") + nul;
    }
    void notText()
    {
        QFETCH(QByteArray, content);
        DockerfileError error;
        QVERIFY(!parseText(content, {}, &error));
        QTEST(error.toString(), "expected");
    }

    void unicodeText()
    {
        DockerfileError error;
        const std::optional<Dockerfile> dockerfile
            = parseText("FROM alpine\nRUN echo \xe2\x82\xac \xf0\x9f\x90\xb3\n", {}, &error);
        QVERIFY2(dockerfile, qPrintable(error.toString()));
        QCOMPARE(dockerfile->target().steps.last().text,
                 QStringLiteral("RUN echo \u20ac ") + QString::fromUcs4(U"\U0001F433"));
    }

    void randomBytesNeverCrash()
    {
        // A small fuzz run in every test run: random bytes, and random mixes of Dockerfile
        // pieces. The parser must answer either way; an error must say where.
        const QList<QByteArray> pieces {
            "FROM ",
            "alpine",
            " AS ",
            "a",
            "\n",
            "RUN ",
            "COPY ",
            "--from=",
            "0",
            "<<EOF",
            "EOF",
            "\\",
            "`",
            "# escape=`",
            "${",
            "}",
            ":-",
            "$",
            "\"",
            "'",
            "[\"",
            "\"]",
            "ONBUILD ",
            "ARG ",
            "=",
            " ",
            "\t",
            "\r\n",
            "--mount=type=cache,target=/c",
            "WORKDIR /",
            "\xc3\xa9",
        };
        QRandomGenerator random(1515);
        for (int round = 0; round < 3000; ++round) {
            QByteArray content;
            const int length = random.bounded(200);
            for (int i = 0; i < length; ++i) {
                if (round % 3 == 0)
                    content.append(char(random.bounded(256)));
                else
                    content.append(pieces.at(random.bounded(pieces.size())));
            }
            DockerfileError error;
            const std::optional<Dockerfile> dockerfile = parseText(content, {}, &error);
            if (dockerfile) {
                QVERIFY(!dockerfile->stages().isEmpty());
                continue;
            }
            QVERIFY2(!error.message.isEmpty(), content.toHex().constData());
            QVERIFY2(error.line >= 0 && error.line <= content.count('\n') + 1,
                     qPrintable(error.toString()));
        }
    }

    void lineLength()
    {
        const QByteArray longest
            = "FROM alpine\nRUN " + QByteArray(DockerfileParser::MaxLineLength - 4, 'x') + '\n';
        DockerfileError error;
        QVERIFY2(parseText(longest, {}, &error), qPrintable(error.toString()));
        const QByteArray tooLong
            = "FROM alpine\nRUN " + QByteArray(DockerfileParser::MaxLineLength - 3, 'x') + '\n';
        QVERIFY(!parseText(tooLong, {}, &error));
        QCOMPARE(
            error.toString(),
            QStringLiteral("Dockerfile:2: dockerfile line greater than max allowed size of 65535"));
    }

    void linearTime()
    {
        // 10,000 lines: 250 stages of continuations, heredocs, COPY --from and ARGs.
        QByteArray content = "ARG BASE=alpine\n";
        for (int stage = 0; content.count('\n') < 10000; ++stage) {
            content += "FROM ${BASE} AS s" + QByteArray::number(stage) + "\n";
            content += "ARG V=" + QByteArray::number(stage) + "\nENV P=/opt/$V\nWORKDIR $P\n";
            for (int i = 0; i < 8; ++i)
                content += "RUN echo $V \\\n  && echo \"" + QByteArray::number(i)
                    + "\" \\\n  && true\n";
            content += "RUN <<EOF\nset -e\necho one\necho two\nEOF\n";
            if (stage > 0)
                content += "COPY --from=s" + QByteArray::number(stage - 1) + " /a /b\n";
        }
        QElapsedTimer timer;
        timer.start();
        DockerfileError error;
        const std::optional<Dockerfile> dockerfile = parseText(content, {}, &error);
        const qint64 elapsed = timer.elapsed();
        QVERIFY2(dockerfile, qPrintable(error.toString()));
        qInfo("%lld lines, %lld stages: %lld ms", qlonglong(content.count('\n')),
              qlonglong(dockerfile->stages().size()), elapsed);
        QVERIFY(dockerfile->stages().size() > 200);
        QCOMPARE(dockerfile->neededStages().size(), dockerfile->stages().size());
        QVERIFY2(elapsed < 2000, "parsing 10,000 lines should take milliseconds");

        // Hostile shapes stay linear too: one logical line of 10,000 continuations, and
        // 10,000 nested ONBUILDs and ${ on single lines.
        const QByteArray longLine
            = "FROM alpine\nRUN x" + QByteArray(" \\\n y").repeated(10000) + '\n';
        const QByteArray nested
            = "FROM alpine\nONBUILD " + QByteArray("ONBUILD ").repeated(5000) + "RUN x\n";
        const QByteArray dollars = "FROM ${" + QByteArray("A:-${").repeated(10000) + "alpine\n";
        for (const QByteArray &hostile : { longLine, nested, dollars }) {
            timer.restart();
            parseText(hostile, {}, &error);
            QVERIFY2(timer.elapsed() < 2000, qPrintable(error.toString().left(200)));
        }
        QVERIFY(parseText(longLine, {}, &error));
    }

    void quadraticShapesAreBounded()
    {
        QElapsedTimer timer;
        DockerfileError error;

        // A chain of 20,000 stages, each copying from the one before: no recursion as deep
        // as the chain (the cycle check and the needed set are iterative).
        QByteArray chain = "FROM alpine AS s0\n";
        for (int i = 1; i < 20000; ++i)
            chain += "FROM alpine AS s" + QByteArray::number(i) + "\nCOPY --from=s"
                + QByteArray::number(i - 1) + " /a /b\n";
        timer.start();
        const std::optional<Dockerfile> parsed = parseText(chain, {}, &error);
        QVERIFY2(parsed, qPrintable(error.toString()));
        QCOMPARE(parsed->neededStages().size(), 20000);
        QVERIFY2(timer.elapsed() < 10000, "a 40,000-line chain should parse in well under 10 s");

        // 1,000 ONBUILD triggers inherited by 1,000 stages would be a million steps.
        QByteArray triggers = "FROM alpine AS base\n";
        for (int i = 0; i < 1000; ++i)
            triggers += "ONBUILD RUN echo " + QByteArray::number(i) + "\n";
        for (int i = 0; i < 1000; ++i)
            triggers += "FROM base AS x" + QByteArray::number(i) + "\n";
        timer.restart();
        QVERIFY(!parseText(triggers, {}, &error));
        QVERIFY2(error.message.startsWith(QLatin1String("too complex to show:")),
                 qPrintable(error.toString()));
        QCOMPARE(error.line, 1202); // x200: the 201st stage goes over 200,000 triggers
        QVERIFY(timer.elapsed() < 2000);

        // 5,000 stages FROM one another, each adding an ENV: every stage would hold all
        // the variables before it.
        QByteArray variables = "FROM alpine AS s0\n";
        for (int i = 1; i < 5000; ++i)
            variables += "FROM s" + QByteArray::number(i - 1) + " AS s" + QByteArray::number(i)
                + "\nENV V" + QByteArray::number(i) + "=x\n";
        timer.restart();
        QVERIFY(!parseText(variables, {}, &error));
        QVERIFY2(error.message.startsWith(QLatin1String("too complex to show:")),
                 qPrintable(error.toString()));
        QVERIFY(timer.elapsed() < 2000);
    }

    // ARG A1=${A0}${A0}, … 40 levels: refused at the ARG whose value gets too long, with
    // its line, in well under a second (it took 18 s and 6.8 GB, or aborted).
    void doublingArgsAreRefusedAtTheirLine()
    {
        QByteArray text("ARG A0=xxxxxxxxxxxxxxxx\n");
        for (int i = 1; i <= 40; ++i)
            text += QStringLiteral("ARG A%1=${A%2}${A%2}\n").arg(i).arg(i - 1).toUtf8();
        text += "FROM alpine\nARG A40\nRUN echo $A40\n";
        QElapsedTimer timer;
        timer.start();
        DockerfileError error;
        QVERIFY(!DockerfileParser::parse(text, QStringLiteral("Dockerfile"), {}, &error));
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
        // 16 characters doubled 17 times is 2 Mi: A17 on line 18 is the first too long.
        QCOMPARE(error.line, 18);
        QVERIFY2(error.message.contains(QLatin1String("longer than")), qPrintable(error.toString()));
        QVERIFY2(error.toString().size() < 400, qPrintable(error.toString().left(400)));
    }

    // Not a regular file: the cap holds on the bytes read.
    void parseFileOfDevZeroIsCapped()
    {
        DockerfileError error;
        QVERIFY(!DockerfileParser::parseFile(QStringLiteral("/dev/zero"), {}, &error));
        QVERIFY2(error.message.contains(QLatin1String("limit")), qPrintable(error.toString()));
    }

    void parseFile()
    {
        DockerfileError error;
        const QString missing = QStringLiteral("/nonexistent/Dockerfile");
        QVERIFY(!DockerfileParser::parseFile(missing, {}, &error));
        QCOMPARE(error.file, missing);
        QCOMPARE(error.line, 0);
        QVERIFY2(error.toString().startsWith(
                     QStringLiteral("/nonexistent/Dockerfile: cannot read the file: ")),
                 qPrintable(error.toString()));

        const QString path = fixture(QStringLiteral("heredocs.Dockerfile"));
        const std::optional<Dockerfile> dockerfile = DockerfileParser::parseFile(path, {}, &error);
        QVERIFY2(dockerfile, qPrintable(error.toString()));
        QCOMPARE(dockerfile->path(), path);
    }

    void errorToString()
    {
        QCOMPARE((DockerfileError { QStringLiteral("a/Dockerfile"), 3, QStringLiteral("boom") })
                     .toString(),
                 QStringLiteral("a/Dockerfile:3: boom"));
        QCOMPARE((DockerfileError { QStringLiteral("a/Dockerfile"), 0, QStringLiteral("boom") })
                     .toString(),
                 QStringLiteral("a/Dockerfile: boom"));
    }
};

QTEST_GUILESS_MAIN(TestDockerfileParser)
#include "tst_dockerfile_parser.moc"
