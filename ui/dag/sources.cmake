# SPDX-License-Identifier: GPL-3.0-or-later
# The stage DAG view (included from ui/CMakeLists.txt; paths relative to ui/).
list(APPEND CACHELAB_UI_SOURCES
    dag/DagEdgeItem.cpp dag/DagEdgeItem.h
    dag/DagLegendItem.cpp dag/DagLegendItem.h
    dag/DagStyle.cpp dag/DagStyle.h
    dag/GraphvizLayout.cpp dag/GraphvizLayout.h
    dag/ImageNodeItem.cpp dag/ImageNodeItem.h
    dag/StageDagScene.cpp dag/StageDagScene.h
    dag/StageDagView.cpp dag/StageDagView.h
    dag/StageNodeItem.cpp dag/StageNodeItem.h
    dag/StepRowItem.cpp dag/StepRowItem.h
    dag/StepState.cpp dag/StepState.h
)
