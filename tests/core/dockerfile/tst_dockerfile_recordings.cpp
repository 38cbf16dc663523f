// SPDX-License-Identifier: GPL-3.0-or-later
// Every step vertex name in the recorded BuildKit logs (fixtures/recordings) against the
// label the model gives that step: `[stage i/n] text`, compared exactly.
//
// Two things in a recorded name cannot come from the Dockerfile, and are handled here:
// - the digest BuildKit pins the base image to (`FROM …:latest@sha256:…`), known only once
//   the registry answered: it is cut off before comparing;
// - Docker 20.10's BuildKit v0.8 prints the FROM reference without the implied tag
//   (`FROM docker.io/library/alpine`, where current BuildKit prints
//   `FROM docker.io/library/alpine:latest`): for those logs a FROM is compared with
//   `FROM ` + the stage's normalised reference, which the model also has.
// No difference in blanks was found: continuation lines keep their runs of blanks in the
// model as in BuildKit.
#include "core/dockerfile/DockerfileParser.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Cachelab;

namespace {

const QString SourceDir = QStringLiteral(CACHELAB_SOURCE_DIR);

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    return file.readAll();
}

// Which Dockerfile, with which options, a recording was made from (see the READMEs in
// fixtures/recordings and fixtures/recordings/varied).
struct Source
{
    QString dockerfile; // relative to the source dir
    DockerfileParser::Options options;
    bool legacyFrom = false; // BuildKit v0.8: FROM without the implied tag
    QByteArray (*edit)(QByteArray) = nullptr; // a change made to the Dockerfile before recording
};

// tests/engine/record.sh makes [build-public 5/8] fail for the 03 recording with this sed.
QByteArray failingBuildPublicStep(QByteArray dockerfile)
{
    static const QRegularExpression step(QStringLiteral("^RUN mkdir -p public/build_ssr .*$"),
                                         QRegularExpression::MultilineOption);
    QString text = QString::fromUtf8(dockerfile);
    text.replace(
        step, QStringLiteral("RUN echo \"bundling assets/js/file1.js\" && ls assets/js && false"));
    return text.toUtf8();
}

std::optional<Source> sourceOf(const QString &log)
{
    Source source;
    const QString name = QFileInfo(log).fileName();
    source.legacyFrom = name.startsWith(QLatin1String("docker-20.10-"));
    if (!log.contains(QLatin1String("/varied/"))) {
        source.dockerfile = QStringLiteral("fixtures/moby-cache/Dockerfile");
        if (name == QLatin1String("docker-20.10-inline-03-failed-step.log"))
            source.edit = failingBuildPublicStep;
        return source;
    }
    // varied/<tool>-<version>-<project>-<nn>-<what>.log, built from fixtures/projects/<project>
    static const QRegularExpression pattern(
        QStringLiteral("^(?:docker-20\\.10|buildctl-v[0-9.]+|buildx-v[0-9.]+)-(.+)-([0-9]{2})-"));
    const QRegularExpressionMatch match = pattern.match(name);
    if (!match.hasMatch())
        return std::nullopt;
    const QString project = match.captured(1);
    const QString run = project + QLatin1Char('-') + match.captured(2);
    source.dockerfile = QStringLiteral("fixtures/projects/%1/Dockerfile").arg(project);
    if (run == QLatin1String("pipeline-01"))
        source.options.target = QStringLiteral("deps");
    else if (run == QLatin1String("pipeline-03"))
        source.options.buildArgs.insert(QStringLiteral("FAIL_TESTS"), QStringLiteral("1"));
    else if (run == QLatin1String("unnamed-stages-02"))
        source.options.buildArgs.insert(QStringLiteral("BASE"), QStringLiteral("busybox"));
    return source;
}

QStringList recordings()
{
    QStringList logs;
    QDirIterator it(SourceDir + QStringLiteral("/fixtures/recordings"), { QStringLiteral("*.log") },
                    QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        logs.append(QDir(SourceDir).relativeFilePath(it.next()));
    logs.sort();
    return logs;
}

} // namespace

class TestDockerfileRecordings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stepNames_data()
    {
        QTest::addColumn<QString>("log");
        for (const QString &log : recordings())
            QTest::addRow("%s", qPrintable(log)) << log;
    }
    void stepNames()
    {
        QFETCH(QString, log);
        const QByteArray content = readFile(SourceDir + QLatin1Char('/') + log);
        QVERIFY(!content.isEmpty());
        const std::optional<Source> source = sourceOf(log);
        QVERIFY2(source, "a recording whose Dockerfile this test does not know");
        QByteArray dockerfileBytes = readFile(SourceDir + QLatin1Char('/') + source->dockerfile);
        QVERIFY2(!dockerfileBytes.isEmpty(),
                 qPrintable(source->dockerfile + QStringLiteral(" is missing")));
        if (source->edit)
            dockerfileBytes = source->edit(dockerfileBytes);

        // `#12 [linux/amd64->arm64 build 3/11] RUN …`: an optional platform (multi-platform
        // builds), an optional stage name, i right-aligned to the width of n.
        static const QRegularExpression vertex(QStringLiteral(
            "^#[0-9]+ \\[((?:([a-z0-9]+/[a-z0-9/]+?)(?:->([a-z0-9/]+))? )?(([a-z][a-z0-9_.-]*) )?"
            " *([0-9]+)/([0-9]+))\\] (.*)$"));
        static const QRegularExpression digest(QStringLiteral("@sha256:[0-9a-f]{64}$"));

        QHash<QString, std::optional<Dockerfile>> models; // per platform
        QSet<QString> checked;
        const QList<QByteArray> lines = content.split('\n');
        for (const QByteArray &rawLine : lines) {
            const QString line = QString::fromUtf8(rawLine);
            const QRegularExpressionMatch match = vertex.match(line);
            if (!match.hasMatch())
                continue;
            const QString name = line.section(QLatin1Char(' '), 1);
            if (checked.contains(name))
                continue; // printed again after a suspension, or CACHED after DONE
            checked.insert(name);

            // A multi-platform build dispatches the stages once per target platform:
            // `linux/amd64->arm64` is a stage run on amd64 for an arm64 target.
            const QString platform = match.captured(2);
            const QString crossArch = match.captured(3);
            DockerfileParser::Options options = source->options;
            if (!platform.isEmpty()) {
                options.buildPlatform = platform;
                options.platform = crossArch.isEmpty()
                    ? platform
                    : platform.section(QLatin1Char('/'), 0, 0) + QLatin1Char('/') + crossArch;
            }
            const QString key = options.buildPlatform + QLatin1Char('|') + options.platform;
            if (!models.contains(key)) {
                DockerfileError error;
                models.insert(
                    key,
                    DockerfileParser::parse(dockerfileBytes, source->dockerfile, options, &error));
                QVERIFY2(models.value(key), qPrintable(error.toString()));
            }
            const Dockerfile &dockerfile = *models.value(key);

            const QString stageName = match.captured(5);
            const DockerfileStage *stage
                = stageName.isEmpty() ? dockerfile.stage(0) : dockerfile.stage(stageName);
            QVERIFY2(stage, qPrintable(name));
            QCOMPARE(stageName.isEmpty(), !dockerfile.labelsHaveStageName());
            QVERIFY2(stage->needed, qPrintable(name));
            const DockerfileStep *step = dockerfile.step(stage->name, match.captured(6).toInt());
            QVERIFY2(step, qPrintable(name));

            // The bracket without the platform, blanks included: `[build-public 4/8]`.
            const QString bracket = QLatin1Char('[') + match.captured(4)
                + match.captured(1).section(QLatin1Char(' '), -1) + QLatin1Char(']');
            // BuildKit before v0.17 (Docker 20.10's) labelled ONBUILD triggers as plain
            // steps and left them out of n.
            if (source->legacyFrom && step->onbuildTrigger) {
                QCOMPARE(name, step->legacyLabel);
                continue;
            }
            if (source->legacyFrom && step->legacyLabel != step->label) {
                QCOMPARE(bracket + QLatin1Char(' ') + match.captured(8), step->legacyLabel);
                continue;
            }
            QCOMPARE(bracket, step->prefix);
            QCOMPARE(match.captured(7).toInt(), step->total);

            QString text = match.captured(8);
            text.remove(digest);
            if (step->keyword == QLatin1String("FROM") && source->legacyFrom)
                QCOMPARE(text, QStringLiteral("FROM ") + stage->base.normalized);
            else
                QCOMPARE(text, step->text);
        }
        qInfo("%s: %lld step names checked", qPrintable(log), qlonglong(checked.size()));
        if (!log.contains(QLatin1String("/transcribed/")))
            QVERIFY2(!checked.isEmpty(), "no step vertex in a recorded build log");
    }

    void issue1515NeverBuildsBuildPhp()
    {
        // The stages seen in the #1515 recordings are exactly the ones the model says the
        // target needs.
        QSet<QString> seen;
        static const QRegularExpression vertex(
            QStringLiteral("^#[0-9]+ \\[([a-z][a-z0-9_.-]*) +[0-9]+/[0-9]+\\] "));
        for (const QString &log : recordings()) {
            if (log.contains(QLatin1String("/varied/")))
                continue;
            const QList<QByteArray> lines
                = readFile(SourceDir + QLatin1Char('/') + log).split('\n');
            for (const QByteArray &line : lines) {
                const QRegularExpressionMatch match = vertex.match(QString::fromUtf8(line));
                if (match.hasMatch() && match.captured(1) != QLatin1String("internal")
                    && match.captured(1) != QLatin1String("auth"))
                    seen.insert(match.captured(1));
            }
        }
        const std::optional<Dockerfile> dockerfile = DockerfileParser::parseFile(
            SourceDir + QStringLiteral("/fixtures/moby-cache/Dockerfile"), {}, nullptr);
        QVERIFY(dockerfile);
        QSet<QString> needed;
        for (const int index : dockerfile->neededStages())
            needed.insert(dockerfile->stages().at(index).name);
        QCOMPARE(seen, needed);
        QVERIFY(!seen.contains(QStringLiteral("build-php")));
    }
};

QTEST_GUILESS_MAIN(TestDockerfileRecordings)
#include "tst_dockerfile_recordings.moc"
