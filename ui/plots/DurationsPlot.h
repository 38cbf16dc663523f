// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/plots/StepDurationPairs.h"
#include "ui/plots/PlotView.h"

#include <QHash>

class QCPBars;

namespace Cachelab {

// Run A against run B, step by step: two bars per Dockerfile step (A solid above, B
// hatched below), coloured by what each run did. A step taken from a cache in one run
// and built in the other stands out: a band behind its row and ≠ before its name.
class DurationsPlot : public PlotView
{
    Q_OBJECT
public:
    static constexpr double kOffset = 0.2; // A's bar at row - kOffset, B's at row + kOffset

    explicit DurationsPlot(QWidget *parent = nullptr);

    // Needs both runs and the Dockerfile; otherwise says what is missing.
    void setRuns(const Dockerfile *dockerfile, const BuildRun *runA, const QString &labelA,
                 const BuildRun *runB, const QString &labelB,
                 const RunAnalysis *analysisA = nullptr, const RunAnalysis *analysisB = nullptr);
    const QList<StepDurationPair> &pairs() const { return m_pairs; }
    // Bars of run 0 (A) or 1 (B) with an outcome; nullptr when none. Key: row ∓ kOffset.
    QCPBars *barsOf(int run, VertexOutcome outcome) const;
    int differingCount() const;
    QString rowLabel(int row) const { return m_rowLabels.value(row); }

    QString hoverText(const QPointF &pixel) const override;
    void resetView() override;

private:
    QHash<int, QCPBars *> m_bars; // run * 100 + outcome
    QList<StepDurationPair> m_pairs;
    QStringList m_rowLabels;
    QString m_labelA;
    QString m_labelB;
    double m_maxSeconds = 0;
};

} // namespace Cachelab
