// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/analysis/RunAnalysis.h"
#include "core/dockerfile/Dockerfile.h"
#include "core/progress/BuildRun.h"

#include <optional>
#include <QAbstractTableModel>
#include <QList>

namespace Cachelab {

// Two runs of one Dockerfile aligned step by step: what each did to every step of the
// target, with the rows where they differ marked. With only run A set it is the step
// table of one run.
class StepComparisonModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Columns
    {
        StepColumn,
        InstructionColumn,
        AColumn,
        ASecondsColumn,
        BColumn,
        BSecondsColumn,
        NUM_COLUMNS
    };
    enum Roles
    {
        ChangedRole = Qt::UserRole,
        StepRefRole,
        LineRole
    };

    explicit StepComparisonModel(QObject *parent = nullptr);

    void setDockerfile(const std::optional<Dockerfile> &dockerfile);
    // Either may be null; the model keeps copies' results, not the pointers.
    // analysisA/B: the runs' steps already matched (RunAnalysis); matched here when null
    // (a live run).
    void setRuns(const BuildRun *a, const BuildRun *b, const RunAnalysis *analysisA = nullptr,
                 const RunAnalysis *analysisB = nullptr);
    int changedCount() const;
    // The comparison as a GitHub Markdown table.
    QString toMarkdown(const QString &labelA, const QString &labelB) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        StepRef step;
        QString label; // "[build-public 4/8]"
        QString instruction;
        int line = 0;
        std::optional<StepResult> a;
        std::optional<StepResult> b;
        double aSeconds = -1;
        double bSeconds = -1;
        bool changed() const;
    };
    void rebuild();
    static QString outcomeText(const std::optional<StepResult> &result);

    std::optional<Dockerfile> m_dockerfile;
    QList<StepResult> m_resultsA;
    QList<StepResult> m_resultsB;
    QHash<int, double> m_secondsA; // vertex id -> seconds
    QHash<int, double> m_secondsB;
    bool m_hasA = false;
    bool m_hasB = false;
    QList<Row> m_rows;
};

} // namespace Cachelab
