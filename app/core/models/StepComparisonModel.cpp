// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/StepComparisonModel.h"

#include <QPoint>

namespace Cachelab {

StepComparisonModel::StepComparisonModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

bool StepComparisonModel::Row::changed() const
{
    if (!a || !b)
        return false;
    return a->seen() != b->seen() || (a->seen() && a->outcome != b->outcome);
}

QString StepComparisonModel::outcomeText(const std::optional<StepResult> &result)
{
    if (!result)
        return {};
    return vertexOutcomeName(result->observed());
}

void StepComparisonModel::setDockerfile(const std::optional<Dockerfile> &dockerfile)
{
    m_dockerfile = dockerfile;
    m_resultsA.clear();
    m_resultsB.clear();
    m_hasA = m_hasB = false;
    rebuild();
}

void StepComparisonModel::setRuns(const BuildRun *a, const BuildRun *b,
                                  const RunAnalysis *analysisA, const RunAnalysis *analysisB)
{
    m_hasA = a != nullptr;
    m_hasB = b != nullptr;
    m_resultsA.clear();
    m_resultsB.clear();
    m_secondsA.clear();
    m_secondsB.clear();
    if (m_dockerfile) {
        const RunStepMatcher matcher(*m_dockerfile);
        if (a) {
            m_resultsA = analysisA ? analysisA->steps : matcher.results(*a);
            for (const BuildVertex &vertex : a->vertices)
                m_secondsA.insert(vertex.id, vertex.seconds);
        }
        if (b) {
            m_resultsB = analysisB ? analysisB->steps : matcher.results(*b);
            for (const BuildVertex &vertex : b->vertices)
                m_secondsB.insert(vertex.id, vertex.seconds);
        }
    }
    rebuild();
}

void StepComparisonModel::rebuild()
{
    beginResetModel();
    m_rows.clear();
    if (m_dockerfile) {
        for (const DockerfileStage &stage : m_dockerfile->stages()) {
            if (!stage.needed)
                continue;
            for (const DockerfileStep &step : stage.steps) {
                Row row;
                row.step = { stage.index, step.number };
                row.label = step.prefix;
                row.instruction = step.text;
                row.line = step.line;
                m_rows.append(row);
            }
        }
        // results() lists the same steps in the same order.
        for (qsizetype i = 0; i < m_rows.size(); ++i) {
            if (m_hasA && i < m_resultsA.size()) {
                m_rows[i].a = m_resultsA.at(i);
                m_rows[i].aSeconds = m_secondsA.value(m_resultsA.at(i).vertexId, -1);
            }
            if (m_hasB && i < m_resultsB.size()) {
                m_rows[i].b = m_resultsB.at(i);
                m_rows[i].bSeconds = m_secondsB.value(m_resultsB.at(i).vertexId, -1);
            }
        }
    }
    endResetModel();
}

int StepComparisonModel::changedCount() const
{
    int count = 0;
    for (const Row &row : m_rows)
        count += row.changed() ? 1 : 0;
    return count;
}

QString StepComparisonModel::toMarkdown(const QString &labelA, const QString &labelB) const
{
    QStringList lines;
    lines << QStringLiteral("| Step | Instruction | %1 | %2 |").arg(labelA, labelB);
    lines << QStringLiteral("|---|---|---|---|");
    for (const Row &row : m_rows) {
        QString instruction = row.instruction;
        instruction.replace(QLatin1Char('|'), QStringLiteral("\\|"));
        const QString marker = row.changed() ? QStringLiteral(" **≠**") : QString();
        lines << QStringLiteral("| `%1` | `%2` | %3 | %4%5 |")
                     .arg(row.label, instruction, outcomeText(row.a), outcomeText(row.b), marker);
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

int StepComparisonModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int StepComparisonModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : NUM_COLUMNS;
}

QVariant StepComparisonModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    auto seconds = [](double value) -> QVariant {
        return value < 0 ? QVariant() : QVariant(QString::number(value, 'f', 1));
    };
    switch (role) {
    case ChangedRole:
        return row.changed();
    case StepRefRole:
        return QVariant::fromValue(QPoint(row.step.stage, row.step.number));
    case LineRole:
        return row.line;
    case Qt::ToolTipRole:
        return tr("Dockerfile line %1").arg(row.line);
    case Qt::DisplayRole:
        switch (Columns(index.column())) {
        case StepColumn:
            return row.label;
        case InstructionColumn:
            return row.instruction;
        case AColumn:
            return outcomeText(row.a);
        case ASecondsColumn:
            return seconds(row.aSeconds);
        case BColumn:
            return QString(outcomeText(row.b)
                           + (row.changed() ? QStringLiteral("  ≠") : QString()));
        case BSecondsColumn:
            return seconds(row.bSeconds);
        case NUM_COLUMNS:
            break;
        }
        return {};
    default:
        return {};
    }
}

QVariant StepComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Columns(section)) {
    case StepColumn:
        return tr("Step");
    case InstructionColumn:
        return tr("Instruction");
    case AColumn:
        return tr("Run A");
    case ASecondsColumn:
        return tr("A s");
    case BColumn:
        return tr("Run B");
    case BSecondsColumn:
        return tr("B s");
    case NUM_COLUMNS:
        break;
    }
    return {};
}

} // namespace Cachelab
