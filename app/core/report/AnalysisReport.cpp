// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/report/AnalysisReport.h"

#include "core/analysis/RunStepMatcher.h"
#include "core/report/RunTextReport.h"
#include "core/text/JoinedLines.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QStringList>
#include <QVariant>
#include <QTextStream>

namespace Cachelab {

namespace {
QString stepName(const Dockerfile &dockerfile, const StepRef &ref)
{
    const DockerfileStage &stage = dockerfile.stages().at(ref.stage);
    return QStringLiteral("%1 %2/%3").arg(stage.name).arg(ref.number).arg(stage.stepCount);
}

// One vertex's JSON, joined to the Dockerfile when there is one.
QJsonObject vertexJson(const Dockerfile *dockerfile, const RunStepMatcher *matcher, const BuildVertex &vertex)
{
    QJsonObject json = BuildRun::vertexJson(vertex);
    if (!dockerfile)
        return json;
    if (const DockerfileStep *own = matcher->labelledStep(vertex))
        json.insert(QStringLiteral("line"), own->line);
    const QList<StepRef> refs = matcher->stepsOf(vertex);
    if (refs.size() > 1 || (refs.size() == 1 && vertex.step().index == 0)) {
        QJsonArray standsFor;
        for (const StepRef &ref : refs)
            standsFor.append(stepName(*dockerfile, ref));
        json.insert(QStringLiteral("standsFor"), standsFor);
    }
    return json;
}

// The run without its vertices: they are added (toJson) or streamed (writeJson).
QJsonObject runJson(const Dockerfile *dockerfile, const RunStepMatcher *matcher, const BuildRun &run)
{
    QJsonObject object = run.toJson(false);
    if (!dockerfile)
        return object;
    QJsonArray steps;
    const QList<StepResult> results = matcher->results(run);
    for (const StepResult &result : results) {
        const DockerfileStage &stage = dockerfile->stages().at(result.step.stage);
        const DockerfileStep &step = stage.steps.at(result.step.number - 1);
        QJsonObject json { { QStringLiteral("stage"), stage.name },
                           { QStringLiteral("step"), step.number },
                           { QStringLiteral("total"), step.total },
                           { QStringLiteral("line"), step.line },
                           { QStringLiteral("instruction"), step.text },
                           { QStringLiteral("status"), vertexOutcomeName(result.observed()) } };
        if (result.seen())
            json.insert(QStringLiteral("vertex"), result.vertexId);
        if (result.shared)
            json.insert(QStringLiteral("shared"), true);
        steps.append(json);
    }
    object.insert(QStringLiteral("steps"), steps);
    return object;
}

// JSON text as QJsonDocument::Indented writes it (4 spaces a level, keys in order), for a
// document written piece by piece.
class IndentedJson
{
public:
    explicit IndentedJson(QIODevice *out)
        : m_out(out)
    { }

    void write(const QByteArray &bytes) { append(bytes); }
    void append(QByteArrayView bytes)
    {
        m_buffer += bytes;
        if (m_buffer.size() >= 1 << 16)
            flush();
    }
    void flush()
    {
        m_out->write(m_buffer);
        m_buffer.clear();
    }
    static QByteArray indent(int level) { return QByteArray(4 * level, ' '); }
    // Appended in place, no string made: a million vertices write ten million pieces.
    void writeIndent(int level)
    {
        static constexpr char spaces[] = "                                ";
        for (int n = 4 * level; n > 0; n -= int(sizeof spaces - 1))
            append(QByteArrayView(spaces, std::min(n, int(sizeof spaces - 1))));
    }

    void value(const QJsonValue &value, int level)
    {
        switch (value.type()) {
        case QJsonValue::Object: {
            const QJsonObject object = value.toObject();
            if (object.isEmpty()) {
                append("{\n");
                writeIndent(level);
                return append("}");
            }
            append("{\n");
            for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
                writeIndent(level + 1);
                writeString(it.key());
                append(": ");
                this->value(it.value(), level + 1);
                append(std::next(it) == object.constEnd() ? "\n" : ",\n");
            }
            writeIndent(level);
            return append("}");
        }
        case QJsonValue::Array: {
            const QJsonArray array = value.toArray();
            if (array.isEmpty()) {
                append("[\n");
                writeIndent(level);
                return append("]");
            }
            append("[\n");
            for (qsizetype i = 0; i < array.size(); ++i) {
                writeIndent(level + 1);
                this->value(array.at(i), level + 1);
                append(i + 1 == array.size() ? "\n" : ",\n");
            }
            writeIndent(level);
            return append("]");
        }
        case QJsonValue::String:
            return writeString(value.toString());
        case QJsonValue::Double: {
            // As QJsonDocument writes numbers (qjsonwriter.cpp): an integer as one, a double
            // in its shortest form, a non-finite one as null. A QJsonValue keeps which it is.
            const QVariant number = value.toVariant();
            if (number.typeId() != QMetaType::Double)
                return append(QByteArray::number(number.toLongLong()));
            const double d = number.toDouble();
            return append(qIsFinite(d) ? QByteArray::number(d, 'g', QLocale::FloatingPointShortest)
                                      : QByteArray("null"));
        }
        case QJsonValue::Bool:
            return append(value.toBool() ? "true" : "false");
        case QJsonValue::Null:
        case QJsonValue::Undefined:
            return append("null");
        }
    }

    void writeString(const QString &text)
    {
        m_buffer += string(text);
        if (m_buffer.size() >= 1 << 16)
            flush();
    }

    static QByteArray string(const QString &text)
    {
        QByteArray out;
        out.reserve(text.size() + 2);
        out += '"';
        // Runs of plain characters go to UTF-8 whole (a surrogate pair stays one character).
        qsizetype plain = 0;
        const auto flushPlain = [&](qsizetype end) {
            if (end > plain)
                out += QStringView(text).sliced(plain, end - plain).toUtf8();
            plain = end + 1;
        };
        for (qsizetype i = 0; i < text.size(); ++i) {
            const char16_t u = text.at(i).unicode();
            const bool escape = u < 0x20 || u == '"' || u == '\\';
            if (!escape)
                continue;
            flushPlain(i);
            switch (u) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default: {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", unsigned(u));
                out += escaped;
            }
            }
        }
        flushPlain(text.size());
        out += '"';
        return out;
    }

private:
    QIODevice *m_out;
    QByteArray m_buffer;
};
} // namespace
QJsonObject AnalysisReport::toJson(const Dockerfile *dockerfile, const QList<BuildRun> &runs)
{
    std::optional<RunStepMatcher> matcher;
    if (dockerfile)
        matcher.emplace(*dockerfile);
    QJsonArray runArray;
    for (const BuildRun &run : runs) {
        QJsonObject object = runJson(dockerfile, matcher ? &*matcher : nullptr, run);
        QJsonArray vertices;
        for (const BuildVertex &vertex : run.vertices)
            vertices.append(vertexJson(dockerfile, matcher ? &*matcher : nullptr, vertex));
        object.insert(QStringLiteral("vertices"), vertices);
        runArray.append(object);
    }
    QJsonObject report { { QStringLiteral("runs"), runArray } };
    if (dockerfile)
        report.insert(QStringLiteral("dockerfile"), dockerfile->toJson());
    return report;
}

void AnalysisReport::writeJson(QIODevice *out, const Dockerfile *dockerfile, const QList<BuildRun> &runs)
{
    // The document toJson() makes, written as QJsonDocument::Indented writes it, but one
    // vertex at a time: a log of a million vertices made a QJsonDocument 22 times its size.
    std::optional<RunStepMatcher> matcher;
    if (dockerfile)
        matcher.emplace(*dockerfile);
    IndentedJson json(out);
    json.write("{\n");
    if (dockerfile) {
        json.write(IndentedJson::indent(1) + "\"dockerfile\": ");
        json.value(dockerfile->toJson(), 1);
        json.write(",\n");
    }
    json.write(IndentedJson::indent(1) + "\"runs\": [");
    json.write(runs.isEmpty() ? "\n" + IndentedJson::indent(1) + "]\n" : QByteArray("\n"));
    for (qsizetype r = 0; r < runs.size(); ++r) {
        const BuildRun &run = runs.at(r);
        QJsonObject object = runJson(dockerfile, matcher ? &*matcher : nullptr, run);
        // Keys in order, as QJsonObject keeps them; "vertices" streamed at its place.
        object.insert(QStringLiteral("vertices"), QJsonValue());
        json.write(IndentedJson::indent(2) + "{\n");
        for (auto it = object.begin(); it != object.end(); ++it) {
            json.write(IndentedJson::indent(3) + IndentedJson::string(it.key()) + ": ");
            if (it.key() == QLatin1String("vertices")) {
                if (run.vertices.isEmpty()) {
                    json.write("[\n" + IndentedJson::indent(3) + "]");
                } else {
                    json.write("[\n");
                    for (qsizetype i = 0; i < run.vertices.size(); ++i) {
                        json.writeIndent(4);
                        json.value(vertexJson(dockerfile, matcher ? &*matcher : nullptr, run.vertices.at(i)), 4);
                        json.append(i + 1 == run.vertices.size() ? "\n" : ",\n");
                    }
                    json.write(IndentedJson::indent(3) + "]");
                }
            } else {
                json.value(it.value(), 3);
            }
            json.write(std::next(it) == object.end() ? "\n" : ",\n");
        }
        json.write(IndentedJson::indent(2) + "}" + (r + 1 == runs.size() ? "\n" : ",\n"));
    }
    if (!runs.isEmpty())
        json.write(IndentedJson::indent(1) + "]\n");
    json.write("}\n");
    json.flush();
}

void AnalysisReport::writeText(QTextStream &out, const Dockerfile *dockerfile, const QList<BuildRun> &runs)
{
    // Pieces joined by '\n', as toText() always made them, written as they come.
    JoinedLines piece(out);
    for (const BuildRun &run : runs) {
        RunTextReport::write(piece.next(), run);
        if (!dockerfile)
            continue;
        const RunStepMatcher matcher(*dockerfile);
        piece(QStringLiteral("Dockerfile steps of target %1 (%2):").arg(dockerfile->target().name, dockerfile->path()));
        piece(QStringLiteral("%1  %2  %3  %4")
                  .arg(QStringLiteral("line"), 4)
                  .arg(QStringLiteral("status"), -8)
                  .arg(QStringLiteral("vertex"), 6)
                  .arg(QStringLiteral("step")));
        const QList<StepResult> results = matcher.results(run);
        for (const StepResult &result : results) {
            const DockerfileStep &step = dockerfile->stages().at(result.step.stage).steps.at(result.step.number - 1);
            piece(QStringLiteral("%1  %2  %3  %4 %5")
                      .arg(step.line, 4)
                      .arg(vertexOutcomeName(result.observed()), -8)
                      .arg(result.seen() ? QStringLiteral("#%1%2")
                                               .arg(result.vertexId)
                                               .arg(result.shared ? QStringLiteral("*") : QString())
                                         : QStringLiteral("-"),
                           6)
                      .arg(step.prefix, step.text));
        }
        piece(QStringLiteral("(* the vertex is shared with another stage's identical step)"));
        piece(QString());
    }
}

QString AnalysisReport::toText(const Dockerfile *dockerfile, const QList<BuildRun> &runs)
{
    QString text;
    QTextStream out(&text);
    writeText(out, dockerfile, runs);
    out.flush();
    return text;
}

} // namespace Cachelab
