// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QLineEdit;
class QRadioButton;

namespace Cachelab {

// File → Export Bundle…: which runs go into the bundle (all, or the selected ones with the
// runs they follow) and its title. The file is asked for afterwards.
class ExportBundleDialog : public QDialog
{
    Q_OBJECT
public:
    ExportBundleDialog(int runCount, int selectedCount, const QString &title,
                       QWidget *parent = nullptr);

    bool selectedOnly() const;
    QString title() const;

private:
    QRadioButton *m_all;
    QRadioButton *m_selected;
    QLineEdit *m_title;
};

} // namespace Cachelab
