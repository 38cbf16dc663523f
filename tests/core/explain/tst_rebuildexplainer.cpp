// SPDX-License-Identifier: GPL-3.0-or-later
// Expected against observed rebuilds: the predictor's rules on small hand-made
// Dockerfiles (labelled as such), and Explain on the #1515 runs recorded with BuildKit's
// own tools and the excerpts transcribed from the original report.
#include "core/dockerfile/DockerfileParser.h"
#include "core/explain/RebuildExplainer.h"
#include "core/explain/RebuildPredictor.h"
#include "core/lint/CacheFlagLint.h"
#include "core/progress/ProgressStreamParser.h"

#include <QFile>
#include <QJsonArray>
#include <QTest>

using namespace Cachelab;
using Expect = StepExpectation::Expect;
using Verdict = ExplainedStep::Verdict;

namespace {

const QString kSource = QStringLiteral(CACHELAB_SOURCE_DIR);

Dockerfile parse(const QByteArray &text)
{
    DockerfileError error;
    auto dockerfile = DockerfileParser::parse(text, QStringLiteral("Dockerfile"), {}, &error);
    if (!dockerfile)
        qFatal("hand-made Dockerfile does not parse: %s", qPrintable(error.toString()));
    return *dockerfile;
}

Dockerfile mobyCache()
{
    DockerfileError error;
    auto dockerfile = DockerfileParser::parseFile(
        kSource + QStringLiteral("/fixtures/moby-cache/Dockerfile"), {}, &error);
    if (!dockerfile)
        qFatal("%s", qPrintable(error.toString()));
    return *dockerfile;
}

BuildRun recording(const QString &name)
{
    QString error;
    auto run = ProgressStreamParser::readFile(
        kSource + QStringLiteral("/fixtures/recordings/") + name, &error);
    if (!run)
        qFatal("%s", qPrintable(error));
    return *run;
}

// label -> expectation, for readable checks.
QMap<QString, Expect> byLabel(const Dockerfile &dockerfile, const QList<StepExpectation> &list)
{
    QMap<QString, Expect> map;
    for (const StepExpectation &expectation : list) {
        const DockerfileStage *stage = dockerfile.stage(expectation.step.stage);
        map.insert(dockerfile.step(stage->name, expectation.step.number)->prefix,
                   expectation.expect);
    }
    return map;
}

QStringList labelsWith(const RebuildExplanation &explanation, Verdict verdict)
{
    QStringList labels;
    for (const ExplainedStep &step : explanation.steps) {
        if (step.verdict == verdict)
            labels.append(step.label);
    }
    return labels;
}

struct Scripts
{
    QList<CacheFlag> flags;
    QList<LintFinding> findings;
};

Scripts lintScripts(const QStringList &names, const Dockerfile &dockerfile)
{
    Scripts scripts;
    for (const QString &name : names) {
        const QString path = kSource + QStringLiteral("/fixtures/moby-cache/") + name;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            qFatal("cannot read %s", qPrintable(path));
        const QString text = QString::fromUtf8(file.readAll());
        scripts.flags += CacheFlagLint::flagsIn(text, name);
        scripts.findings += CacheFlagLint::lint(text, name, &dockerfile);
    }
    return scripts;
}

} // namespace

class TestRebuildExplainer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // The #1515 change: only what copies assets/ and what follows it must run again;
    // the final stage copies from build-public, so it may.
    void theScenarioEdit()
    {
        const Dockerfile dockerfile = mobyCache();
        const auto expectations
            = RebuildPredictor(dockerfile,
                               DockerIgnore::fromFile(
                                   kSource + QStringLiteral("/fixtures/moby-cache/.dockerignore")))
                  .predict({ QStringLiteral("assets/js/file1.js") });
        const auto map = byLabel(dockerfile, expectations);
        for (int i = 1; i <= 3; ++i)
            QCOMPARE(map.value(QStringLiteral("[build-public %1/8]").arg(i)), Expect::Cached);
        for (int i = 4; i <= 8; ++i)
            QCOMPARE(map.value(QStringLiteral("[build-public %1/8]").arg(i)), Expect::MustRebuild);
        QCOMPARE(map.value(QStringLiteral("[website-ssr 2/3]")), Expect::MayRebuild);
        QCOMPARE(map.value(QStringLiteral("[website-ssr 3/3]")), Expect::MayRebuild);
        for (int i = 1; i <= 6; ++i)
            QCOMPARE(map.value(QStringLiteral("[build-node-modules %1/6]").arg(i)), Expect::Cached);
        for (int i = 1; i <= 4; ++i)
            QCOMPARE(map.value(QStringLiteral("[build-assets-less %1/4]").arg(i)), Expect::Cached);
        QVERIFY(!map.contains(QStringLiteral("[build-php 3/3]"))); // not needed by the target
        const StepExpectation &copy = *std::find_if(expectations.cbegin(), expectations.cend(),
                                                    [&](const StepExpectation &e) {
                                                        return e.step == StepRef { 3, 4 };
                                                    });
        QCOMPARE(copy.changedFiles, QStringList { QStringLiteral("assets/js/file1.js") });
        QCOMPARE(copy.reason, QStringLiteral("copies assets/js/file1.js"));
    }

    // Hand-made: each rule of the predictor on its own.
    void predictorRules()
    {
        const Dockerfile dockerfile = parse("FROM alpine AS deps\n"
                                            "COPY package*.json ./\n"
                                            "RUN install\n"
                                            "FROM deps AS build\n"
                                            "COPY src src\n"
                                            "RUN make\n"
                                            "FROM alpine AS docs\n"
                                            "COPY . /all\n"
                                            "FROM alpine\n"
                                            "COPY --from=build /out /out\n"
                                            "RUN --mount=type=bind,from=docs,target=/d ls /d\n"
                                            "COPY README.md /\n");
        const RebuildPredictor predictor(dockerfile,
                                         DockerIgnore::fromText(QStringLiteral("*.log\n")));
        // A glob source: package-lock.json is taken by package*.json; the stage built FROM
        // it must rebuild all through; the final stage copies and mounts from stages
        // that run again: it may.
        auto map = byLabel(dockerfile, predictor.predict({ QStringLiteral("package-lock.json") }));
        QCOMPARE(map.value(QStringLiteral("[deps 2/3]")), Expect::MustRebuild);
        QCOMPARE(map.value(QStringLiteral("[deps 3/3]")), Expect::MustRebuild);
        QCOMPARE(map.value(QStringLiteral("[build 1/2]")), Expect::MustRebuild);
        QCOMPARE(map.value(QStringLiteral("[build 2/2]")), Expect::MustRebuild);
        QCOMPARE(map.value(QStringLiteral("[stage-3 2/4]")), Expect::MayRebuild);
        QCOMPARE(map.value(QStringLiteral("[stage-3 4/4]")), Expect::MayRebuild);
        QCOMPARE(map.value(QStringLiteral("[docs 2/2]")), Expect::MustRebuild); // COPY . takes all
        // An ignored file is not in the context: nothing changes.
        map = byLabel(dockerfile, predictor.predict({ QStringLiteral("build.log") }));
        for (const Expect expect : map)
            QCOMPARE(expect, Expect::Cached);
        // README.md: copied by the final stage, and by docs (COPY . takes everything),
        // which the final stage mounts; build never sees it.
        map = byLabel(dockerfile, predictor.predict({ QStringLiteral("./README.md") }));
        QCOMPARE(map.value(QStringLiteral("[stage-3 4/4]")), Expect::MustRebuild);
        QCOMPARE(map.value(QStringLiteral("[stage-3 3/4]")), Expect::MayRebuild);
        QCOMPARE(map.value(QStringLiteral("[stage-3 2/4]")), Expect::Cached);
        QCOMPARE(map.value(QStringLiteral("[build 2/2]")), Expect::Cached);
    }

    // The report's case, recorded: build.sh's rebuild after the edit ran whole
    // intermediate stages. Explain names them, keeps build-public 4/8..8/8 as expected,
    // and finds the cause: `mod=max` exports in min mode.
    void the1515BuildctlRebuild()
    {
        const Dockerfile dockerfile = mobyCache();
        const BuildRun before = recording(QStringLiteral("buildctl-v0.34.2-01-cold.log"));
        const BuildRun after
            = recording(QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.log"));
        const QStringList changed { QStringLiteral("assets/js/file1.js") };
        const Scripts scripts = lintScripts({ QStringLiteral("build.sh") }, dockerfile);
        const auto expectations = RebuildPredictor(dockerfile, DockerIgnore()).predict(changed);
        const RebuildExplanation explanation
            = RebuildExplainer(dockerfile)
                  .explain(&before, after, expectations, changed, scripts.flags, scripts.findings);

        const QStringList unexpected = labelsWith(explanation, Verdict::UnexpectedRebuild);
        for (const char *label :
             { "[build-node-modules 3/6]", "[build-node-modules 4/6]", "[build-node-modules 5/6]",
               "[build-node-modules 6/6]", "[build-assets-less 3/4]", "[build-assets-less 4/4]" })
            QVERIFY2(unexpected.contains(QLatin1String(label)), label);
        for (const QString &label : unexpected)
            QVERIFY2(label.startsWith(QLatin1String("[build-node-modules"))
                         || label.startsWith(QLatin1String("[build-assets-less"))
                         || label.startsWith(QLatin1String("[build-public 1/8]"))
                         || label.startsWith(QLatin1String("[build-public 2/8]"))
                         || label.startsWith(QLatin1String("[build-public 3/8]"))
                         || label.startsWith(QLatin1String("[website-ssr 1/3]")),
                     qPrintable(label));
        const QStringList expected = labelsWith(explanation, Verdict::ExpectedRebuild);
        for (int i = 4; i <= 8; ++i)
            QVERIFY(expected.contains(QStringLiteral("[build-public %1/8]").arg(i)));

        QCOMPARE(explanation.cause, RebuildExplanation::Cause::MinMode);
        QCOMPARE(explanation.exportedLayersBefore, 3);
        bool modFinding = false;
        for (const LintFinding &finding : explanation.findings)
            modFinding = modFinding
                || (finding.code == QLatin1String("unknown-key")
                    && finding.file == QLatin1String("build.sh")
                    && finding.message.contains(QLatin1String("mod")));
        QVERIFY2(modFinding, qPrintable(explanation.toText()));
        QVERIFY(explanation.evidence.join(QLatin1Char('\n')).contains(QLatin1String("mod=max")));

        const QString text = explanation.toText();
        QVERIFY(text.contains(QLatin1String("Unexpected rebuilds")));
        QVERIFY(text.contains(QLatin1String("Why (min-mode)")));
        const QString markdown = explanation.toMarkdown();
        QVERIFY(markdown.contains(QLatin1String("| [build-node-modules 6/6] |")));
        QVERIFY(markdown.contains(QLatin1String("**UNEXPECTED rebuild**")));
        QCOMPARE(explanation.toJson().value(QLatin1String("cause")).toString(),
                 QStringLiteral("min-mode"));
    }

    // Without the script, the export of the earlier run is evidence enough: the excerpt
    // transcribed from the 2020 report wrote 3 layers (min mode), buildx's 16 (max).
    void theTranscribedExportsAlone()
    {
        const Dockerfile dockerfile = mobyCache();
        const BuildRun after
            = recording(QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.log"));
        const QStringList changed { QStringLiteral("assets/js/file1.js") };
        const auto expectations = RebuildPredictor(dockerfile, DockerIgnore()).predict(changed);

        const BuildRun minExport
            = recording(QStringLiteral("transcribed/issue1515-buildctl-export-min.log"));
        RebuildExplanation explanation
            = RebuildExplainer(dockerfile).explain(&minExport, after, expectations, changed);
        QCOMPARE(explanation.exportedLayersBefore, 3);
        QCOMPARE(explanation.cause, RebuildExplanation::Cause::MinMode);

        const BuildRun maxExport
            = recording(QStringLiteral("transcribed/issue1515-buildx-export-max.log"));
        explanation
            = RebuildExplainer(dockerfile).explain(&maxExport, after, expectations, changed);
        QCOMPARE(explanation.exportedLayersBefore, 15); // 16 written, one blob twice
        QCOMPARE(explanation.cause, RebuildExplanation::Cause::RecordMissing);
    }

    // buildx with mode=max: nothing unexpected, warm or with the builder pruned (then
    // the intermediate results are loaded from the registry, which is a cache hit).
    void buildxRebuildsAreAllExpected_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("after");
        QTest::addRow("warm") << QStringLiteral("buildx-v0.38.2-03-cold.log")
                              << QStringLiteral("buildx-v0.38.2-04-rebuild-warm.log");
        QTest::addRow("pruned") << QStringLiteral("buildx-v0.38.2-05-cold.log")
                                << QStringLiteral("buildx-v0.38.2-06-rebuild-pruned.log");
    }
    void buildxRebuildsAreAllExpected()
    {
        QFETCH(QString, before);
        QFETCH(QString, after);
        const Dockerfile dockerfile = mobyCache();
        const BuildRun beforeRun = recording(before);
        const BuildRun afterRun = recording(after);
        const QStringList changed { QStringLiteral("assets/js/file1.js") };
        const Scripts scripts = lintScripts({ QStringLiteral("build-with-buildx.sh") }, dockerfile);
        const RebuildExplanation explanation
            = RebuildExplainer(dockerfile)
                  .explain(&beforeRun, afterRun,
                           RebuildPredictor(dockerfile, DockerIgnore()).predict(changed), changed,
                           scripts.flags, scripts.findings);
        QVERIFY2(labelsWith(explanation, Verdict::UnexpectedRebuild).isEmpty(),
                 qPrintable(explanation.toText()));
        QCOMPARE(explanation.cause, RebuildExplanation::Cause::None);
        QCOMPARE(labelsWith(explanation, Verdict::ExpectedRebuild).size(), 5);
    }

    // A run that imported nothing says so.
    void nothingImported()
    {
        const Dockerfile dockerfile = mobyCache();
        const BuildRun cold = recording(QStringLiteral("buildx-v0.38.2-03-cold.log"));
        const RebuildExplanation explanation
            = RebuildExplainer(dockerfile)
                  .explain(nullptr, cold, RebuildPredictor(dockerfile, DockerIgnore()).predict({}),
                           {});
        QVERIFY(!labelsWith(explanation, Verdict::UnexpectedRebuild).isEmpty());
        // The cold buildx run imported a cache that did not exist yet.
        QCOMPARE(explanation.cause, RebuildExplanation::Cause::ImportFailed);
    }
};

QTEST_GUILESS_MAIN(TestRebuildExplainer)
#include "tst_rebuildexplainer.moc"
