// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/plots/RunHistorySeries.h"

#include <optional>
#include <QWidget>

class QButtonGroup;
class QLabel;
class QPushButton;
class QStackedWidget;

namespace Cachelab {

struct RunAnalysis;

struct BuildRun;
class Dockerfile;
class DurationsPlot;
class HistoryPlot;
class PlotView;
class TimelinePlot;

// The Plots tab: the shown run's timeline, the two shown runs' step times side by side,
// and the project's run history; a switch between them, Reset view and Export.
class PlotsPanel : public QWidget
{
    Q_OBJECT
public:
    enum View
    {
        Timeline,
        Durations,
        History
    };

    explicit PlotsPanel(QWidget *parent = nullptr);

    // What the window shows: run A (and B when two are selected) and all runs of the
    // project, oldest first. Nothing is kept by pointer.
    void setRuns(const std::optional<Dockerfile> &dockerfile, const BuildRun *runA,
                 const QString &labelA, const BuildRun *runB, const QString &labelB,
                 const QList<RunHistoryPoint> &history, const QStringList &shownIds,
                 const RunAnalysis *analysisA = nullptr, const RunAnalysis *analysisB = nullptr);
    // The project's runs alone (more of them loaded), the shown runs' plots unchanged.
    void setHistory(const QList<RunHistoryPoint> &history, const QStringList &shownIds);
    void setView(View view);
    View view() const;
    PlotView *currentPlot() const;
    TimelinePlot *timelinePlot() const { return m_timeline; }
    DurationsPlot *durationsPlot() const { return m_durations; }
    HistoryPlot *historyPlot() const { return m_history; }
    QString titleText() const;

private:
    void exportCurrent();
    void updateHeader();

    QButtonGroup *m_switch;
    QLabel *m_title;
    QPushButton *m_reset;
    QPushButton *m_export;
    QStackedWidget *m_stack;
    TimelinePlot *m_timeline;
    DurationsPlot *m_durations;
    HistoryPlot *m_history;
};

} // namespace Cachelab
