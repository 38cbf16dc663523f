# SPDX-License-Identifier: GPL-3.0-or-later
# Plots over runs, drawn with QCustomPlot (included from ui/CMakeLists.txt; paths relative to ui/).
list(APPEND CACHELAB_UI_SOURCES
    plots/DurationsPlot.cpp plots/DurationsPlot.h
    plots/HistoryPlot.cpp plots/HistoryPlot.h
    plots/PlotExport.cpp plots/PlotExport.h
    plots/PlotStyle.cpp plots/PlotStyle.h
    plots/PlotsPanel.cpp plots/PlotsPanel.h
    plots/PlotView.cpp plots/PlotView.h
    plots/TimelinePlot.cpp plots/TimelinePlot.h
)
