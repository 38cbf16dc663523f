// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

namespace Cachelab {

// Help → About: what Cachelab is and the versions of what it was built with.
class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AboutDialog(QWidget *parent = nullptr);

    // Also used by tests and bug reports: Cachelab, Qt, QCustomPlot and Graphviz versions.
    static QString componentVersions();
};

} // namespace Cachelab
