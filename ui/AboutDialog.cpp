// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/AboutDialog.h"

#include "core/BuildInfo.h"

#include <qcustomplot.h>
#include <QDialogButtonBox>
#include <QIcon>
#include <QLabel>
#include <QVBoxLayout>

namespace Cachelab {

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About Cachelab"));
    auto *icon = new QLabel(this);
    icon->setPixmap(
        QIcon(QStringLiteral(":/cachelab/icons/io.github.cachelab.Cachelab.svg")).pixmap(64, 64));
    auto *text = new QLabel(this);
    text->setTextFormat(Qt::RichText);
    text->setOpenExternalLinks(true);
    text->setWordWrap(true);
    text->setText(tr("<h3>Cachelab %1</h3>"
                     "<p>A desktop lab for reproducing, seeing and explaining BuildKit cache "
                     "behaviour. It started from BuildKit issue #1515, “Cache with mode=max not "
                     "correctly used with Multi-stage build”.</p><p>%2</p>")
                      .arg(BuildInfo::version(),
                           componentVersions().toHtmlEscaped().replace(QLatin1Char('\n'),
                                                                       QStringLiteral("<br>"))));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(icon, 0, Qt::AlignHCenter);
    layout->addWidget(text);
    layout->addWidget(buttons);
    setMinimumWidth(420);
}

QString AboutDialog::componentVersions()
{
    return BuildInfo::versionReport()
        + QStringLiteral("\nQCustomPlot %1").arg(QStringLiteral(QCUSTOMPLOT_VERSION_STR));
}

} // namespace Cachelab
