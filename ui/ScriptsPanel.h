// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/ProjectFolder.h"

#include <QWidget>

class QListWidget;
class QLabel;

namespace Cachelab {

// Left-hand panel: the build scripts of the open project.
class ScriptsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ScriptsPanel(QWidget *parent = nullptr);

    void setProject(const ProjectFolder &project);
    QStringList scriptNames() const;

private:
    QLabel *m_heading;
    QListWidget *m_list;
};

} // namespace Cachelab
