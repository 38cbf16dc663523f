// SPDX-License-Identifier: GPL-3.0-or-later
// The #1515 Dockerfile (fixtures/moby-cache): its five stages, their steps, the graph and
// what the target needs, and the whole model against a golden JSON file.
// CACHELAB_UPDATE_GOLDEN=1 rewrites the golden file instead of comparing.
#include "core/dockerfile/DockerfileParser.h"

#include <algorithm>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <vector>

using namespace Cachelab;

namespace {

const QString SourceDir = QStringLiteral(CACHELAB_SOURCE_DIR);
const QString DockerfilePath = QStringLiteral("fixtures/moby-cache/Dockerfile");
const QString GoldenPath = QStringLiteral("tests/core/dockerfile/golden/moby-cache.expected.json");

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    return file.readAll();
}

// A line diff (longest common subsequence) of what changed, with two lines of context.
QString lineDiff(const QStringList &expected, const QStringList &actual)
{
    const qsizetype n = expected.size();
    const qsizetype m = actual.size();
    std::vector<std::vector<int>> common(n + 1, std::vector<int>(m + 1, 0));
    for (qsizetype i = n - 1; i >= 0; --i) {
        for (qsizetype j = m - 1; j >= 0; --j)
            common[i][j] = expected.at(i) == actual.at(j)
                ? common[i + 1][j + 1] + 1
                : std::max(common[i + 1][j], common[i][j + 1]);
    }
    struct Line
    {
        QChar mark;
        QString text;
        qsizetype number;
    };
    QList<Line> lines;
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && expected.at(i) == actual.at(j)) {
            lines.append({ QLatin1Char(' '), expected.at(i), i + 1 });
            ++i;
            ++j;
        } else if (i < n && (j == m || common[i + 1][j] >= common[i][j + 1])) {
            lines.append({ QLatin1Char('-'), expected.at(i), i + 1 });
            ++i;
        } else {
            lines.append({ QLatin1Char('+'), actual.at(j), j + 1 });
            ++j;
        }
    }
    QString out;
    for (qsizetype k = 0; k < lines.size(); ++k) {
        bool nearChange = false;
        for (qsizetype d = std::max<qsizetype>(0, k - 2); d <= std::min(lines.size() - 1, k + 2);
             ++d)
            nearChange = nearChange || lines.at(d).mark != QLatin1Char(' ');
        if (nearChange)
            out += QStringLiteral("%1 %2 | %3\n")
                       .arg(lines.at(k).mark)
                       .arg(lines.at(k).number, 4)
                       .arg(lines.at(k).text);
    }
    return out;
}

std::optional<Dockerfile> parseMobyCache(DockerfileError *error)
{
    // Parsed from its bytes with a relative path, so that the golden file does not depend
    // on where the checkout is.
    return DockerfileParser::parse(readFile(SourceDir + QLatin1Char('/') + DockerfilePath),
                                   DockerfilePath, {}, error);
}

} // namespace

class TestDockerfileMobyCache : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stages()
    {
        DockerfileError error;
        const std::optional<Dockerfile> dockerfile = parseMobyCache(&error);
        QVERIFY2(dockerfile, qPrintable(error.toString()));
        QStringList names;
        QList<int> counts;
        for (const DockerfileStage &stage : dockerfile->stages()) {
            names.append(stage.name);
            counts.append(stage.stepCount);
            QCOMPARE(stage.steps.size(), stage.stepCount); // no WORKDIR / here
            QVERIFY(stage.named);
            QCOMPARE(stage.base.kind, StageBase::Kind::Image);
            QCOMPARE(stage.base.resolved, QStringLiteral("docker.io/library/alpine:latest"));
        }
        QCOMPARE(names,
                 (QStringList { QStringLiteral("build-assets-less"),
                                QStringLiteral("build-node-modules"), QStringLiteral("build-php"),
                                QStringLiteral("build-public"), QStringLiteral("website-ssr") }));
        QCOMPARE(counts, (QList<int> { 4, 6, 3, 8, 3 }));
        QCOMPARE(dockerfile->target().name, QStringLiteral("website-ssr"));
        QVERIFY(dockerfile->labelsHaveStageName());
        QVERIFY(dockerfile->externalImages().isEmpty());
    }

    void neededStages()
    {
        const std::optional<Dockerfile> dockerfile = parseMobyCache(nullptr);
        QVERIFY(dockerfile);
        QStringList needed;
        for (const int index : dockerfile->neededStages())
            needed.append(dockerfile->stages().at(index).name);
        // build-php is not needed: BuildKit never builds it.
        QCOMPARE(needed,
                 (QStringList { QStringLiteral("build-assets-less"),
                                QStringLiteral("build-node-modules"),
                                QStringLiteral("build-public"), QStringLiteral("website-ssr") }));

        DockerfileParser::Options php;
        php.target = QStringLiteral("build-php");
        const std::optional<Dockerfile> forPhp = DockerfileParser::parse(
            readFile(SourceDir + QLatin1Char('/') + DockerfilePath), DockerfilePath, php, nullptr);
        QVERIFY(forPhp);
        QCOMPARE(forPhp->neededStages(), (QList<int> { 1, 2 }));
    }

    void dependencies()
    {
        const std::optional<Dockerfile> dockerfile = parseMobyCache(nullptr);
        QVERIFY(dockerfile);
        QStringList edges;
        for (const DockerfileStage &stage : dockerfile->stages()) {
            for (const StageDependency &dependency : stage.dependencies)
                edges.append(QStringLiteral("%1 <- %2 %3 :%4")
                                 .arg(stage.name, dockerfile->stages().at(dependency.stage).name,
                                      StageDependency::viaName(dependency.via))
                                 .arg(dependency.line));
        }
        QCOMPARE(
            edges,
            (QStringList { QStringLiteral("build-php <- build-node-modules COPY --from :20"),
                           QStringLiteral("build-public <- build-assets-less COPY --from :27"),
                           QStringLiteral("build-public <- build-node-modules COPY --from :28"),
                           QStringLiteral("build-public <- build-node-modules COPY --from :29"),
                           QStringLiteral("website-ssr <- build-public COPY --from :33") }));
    }

    void labels_data()
    {
        QTest::addColumn<QString>("stage");
        QTest::addColumn<int>("number");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("label");
        QTest::addRow("FROM")
            << QStringLiteral("build-assets-less") << 1 << 5
            << QStringLiteral("[build-assets-less 1/4] FROM docker.io/library/alpine:latest");
        QTest::addRow("WORKDIR") << QStringLiteral("build-node-modules") << 2 << 11
                                 << QStringLiteral("[build-node-modules 2/6] WORKDIR /var/www/gdc");
        QTest::addRow("COPY with a glob")
            << QStringLiteral("build-node-modules") << 3 << 12
            << QStringLiteral("[build-node-modules 3/6] COPY package*.json .npmrc ./");
        QTest::addRow("COPY") << QStringLiteral("build-public") << 4 << 25
                              << QStringLiteral("[build-public 4/8] COPY assets assets");
        QTest::addRow("RUN keeps its quotes")
            << QStringLiteral("build-public") << 5 << 26
            << QStringLiteral("[build-public 5/8] RUN mkdir -p public/build_ssr && echo \"fake "
                              "server-side bundle\" > public/build_ssr/FAKE");
        QTest::addRow("COPY --from")
            << QStringLiteral("build-public") << 8 << 29
            << QStringLiteral(
                   "[build-public 8/8] COPY --from=build-node-modules "
                   "/var/www/gdc/assets/js/react/node_modules assets/js/react/node_modules");
        QTest::addRow("last step of the target") << QStringLiteral("Website-SSR") << 3 << 34
                                                 << QStringLiteral("[website-ssr 3/3] COPY js js");
    }
    void labels()
    {
        QFETCH(QString, stage);
        QFETCH(int, number);
        const std::optional<Dockerfile> dockerfile = parseMobyCache(nullptr);
        QVERIFY(dockerfile);
        const DockerfileStep *step = dockerfile->step(stage, number);
        QVERIFY(step);
        QTEST(step->line, "line");
        QTEST(step->label, "label");
    }

    void golden()
    {
        DockerfileError error;
        const std::optional<Dockerfile> dockerfile = parseMobyCache(&error);
        QVERIFY2(dockerfile, qPrintable(error.toString()));
        const QByteArray actual
            = QJsonDocument(dockerfile->toJson()).toJson(QJsonDocument::Indented);
        const QString golden = SourceDir + QLatin1Char('/') + GoldenPath;

        if (qEnvironmentVariableIntValue("CACHELAB_UPDATE_GOLDEN") == 1) {
            QFile file(golden);
            QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate),
                     qPrintable(file.errorString()));
            file.write(actual);
            qInfo("rewrote %s", qPrintable(GoldenPath));
            return;
        }
        const QByteArray expected = readFile(golden);
        QVERIFY2(!expected.isEmpty(), qPrintable(GoldenPath + QStringLiteral(" is missing")));
        if (expected != actual) {
            const QString diff = lineDiff(QString::fromUtf8(expected).split(QLatin1Char('\n')),
                                          QString::fromUtf8(actual).split(QLatin1Char('\n')));
            QFAIL(qPrintable(QStringLiteral("%1 differs (- golden, + now; CACHELAB_UPDATE_GOLDEN=1 "
                                            "rewrites it):\n%2")
                                 .arg(GoldenPath, diff)));
        }
    }

    void goldenShape()
    {
        // The keys other components read, whatever the golden file says.
        const std::optional<Dockerfile> dockerfile = parseMobyCache(nullptr);
        QVERIFY(dockerfile);
        const QJsonObject json = dockerfile->toJson();
        QCOMPARE(json.value(QStringLiteral("path")).toString(), DockerfilePath);
        QCOMPARE(json.value(QStringLiteral("target")).toString(), QStringLiteral("website-ssr"));
        const QJsonObject publicStage
            = json.value(QStringLiteral("stages")).toArray().at(3).toObject();
        QCOMPARE(publicStage.value(QStringLiteral("index")).toInt(), 3);
        QCOMPARE(publicStage.value(QStringLiteral("name")).toString(),
                 QStringLiteral("build-public"));
        QCOMPARE(publicStage.value(QStringLiteral("base"))
                     .toObject()
                     .value(QStringLiteral("kind"))
                     .toString(),
                 QStringLiteral("image"));
        QCOMPARE(publicStage.value(QStringLiteral("base"))
                     .toObject()
                     .value(QStringLiteral("ref"))
                     .toString(),
                 QStringLiteral("alpine"));
        QCOMPARE(publicStage.value(QStringLiteral("steps")).toInt(), 8);
        QCOMPARE(publicStage.value(QStringLiteral("needed")).toBool(), true);
        QCOMPARE(publicStage.value(QStringLiteral("firstLine")).toInt(), 22);
        QCOMPARE(publicStage.value(QStringLiteral("lastLine")).toInt(), 29);
        const QJsonObject dep
            = publicStage.value(QStringLiteral("deps")).toArray().at(0).toObject();
        QCOMPARE(dep.value(QStringLiteral("stage")).toString(),
                 QStringLiteral("build-assets-less"));
        QCOMPARE(dep.value(QStringLiteral("via")).toString(), QStringLiteral("COPY --from"));
        const QJsonObject step
            = publicStage.value(QStringLiteral("stepList")).toArray().at(3).toObject();
        QCOMPARE(step.value(QStringLiteral("step")).toInt(), 4);
        QCOMPARE(step.value(QStringLiteral("total")).toInt(), 8);
        QCOMPARE(step.value(QStringLiteral("line")).toInt(), 25);
        QCOMPARE(step.value(QStringLiteral("instruction")).toString(),
                 QStringLiteral("COPY assets assets"));
        QCOMPARE(step.value(QStringLiteral("label")).toString(),
                 QStringLiteral("[build-public 4/8] COPY assets assets"));
    }
};

QTEST_GUILESS_MAIN(TestDockerfileMobyCache)
#include "tst_dockerfile_mobycache.moc"
