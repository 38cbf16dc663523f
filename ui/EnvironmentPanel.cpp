// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/EnvironmentPanel.h"

#include "core/lab/Lab.h"
#include "core/lab/LabRegistry.h"
#include "ui/LabSetupDialog.h"

#include <QDialogButtonBox>
#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QStyle>
#include <QVBoxLayout>

namespace Cachelab {

namespace {

using Status = EnvironmentCheck::Item::Status;

QIcon statusIcon(const QStyle *style, Status status, bool running)
{
    if (running && status == Status::Unknown)
        return style->standardIcon(QStyle::SP_BrowserReload);
    switch (status) {
    case Status::Ok:
        return style->standardIcon(QStyle::SP_DialogApplyButton);
    case Status::Missing:
        return style->standardIcon(QStyle::SP_MessageBoxWarning);
    case Status::Failed:
        return style->standardIcon(QStyle::SP_MessageBoxCritical);
    case Status::Unknown:
        break;
    }
    return style->standardIcon(QStyle::SP_MessageBoxQuestion);
}

QLabel *selectableLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return label;
}

} // namespace

EnvironmentPanel::EnvironmentPanel(const QProcessEnvironment &environment, QWidget *parent)
    : QDialog(parent)
    , m_check(new EnvironmentCheck(this))
    , m_environment(environment)
    , m_summary(new QLabel(this))
    , m_again(new QPushButton(tr("Check &Again"), this))
    , m_setUpLab(new QPushButton(tr("Set Up &Lab…"), this))
{
    setWindowTitle(tr("Check Environment"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("What the build scripts need, checked with the environment a "
                                "run gets (DOCKER_HOST and DOCKER_REPO from Settings)."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(12);
    grid->setVerticalSpacing(4);
    grid->setColumnStretch(2, 1);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    const QList<EnvironmentCheck::Item> items = m_check->items();
    for (int index = 0; index < items.size(); ++index) {
        Row row { new QLabel(this), new QLabel(this), selectableLabel(this),
                  selectableLabel(this) };
        row.icon->setFixedSize(iconSize, iconSize);
        row.name->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        QFont bold = row.name->font();
        bold.setBold(true);
        row.name->setFont(bold);
        row.remedy->setObjectName(QStringLiteral("remedy%1").arg(index));
        row.detail->setObjectName(QStringLiteral("detail%1").arg(index));
        const int line = index * 3;
        if (index > 0) {
            auto *rule = new QFrame(this);
            rule->setFrameShape(QFrame::HLine);
            rule->setFrameShadow(QFrame::Sunken);
            grid->addWidget(rule, line - 1, 0, 1, 3);
        }
        grid->addWidget(row.icon, line, 0, 2, 1, Qt::AlignTop);
        grid->addWidget(row.name, line, 1, 2, 1);
        grid->addWidget(row.detail, line, 2);
        grid->addWidget(row.remedy, line + 1, 2);
        m_rows.append(row);
    }
    layout->addLayout(grid);
    layout->addStretch(1);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_again, QDialogButtonBox::ActionRole);
    buttons->addButton(m_setUpLab, QDialogButtonBox::ActionRole);
    m_setUpLab->setObjectName(QStringLiteral("setUpLab"));
    m_setUpLab->setToolTip(tr("Set up what Cachelab can itself: a registry on 127.0.0.1, the buildx "
                                 "plugin, an engine with the builder and moby/buildkit:master"));
    connect(m_setUpLab, &QPushButton::clicked, this, [this] {
        if (!m_labSetup) {
            m_labSetup = new LabSetupDialog(LabRegistry::defaultRoot(), this);
            connect(m_labSetup, &LabSetupDialog::finished, this, [this](bool) {
                // The lab may now provide the engine and the registry: check with what a
                // run would get now.
                m_environment = scriptEnvironment();
                checkAgain();
            });
        }
        m_labSetup->show();
        m_labSetup->start();
    });
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_again, &QPushButton::clicked, this, &EnvironmentPanel::checkAgain);
    connect(m_check, &EnvironmentCheck::itemChanged, this, &EnvironmentPanel::showItem);
    connect(m_check, &EnvironmentCheck::finished, this, [this] {
        m_again->setEnabled(true);
        m_summary->setText(m_check->allOk()
                               ? tr("Everything the scripts need is there.")
                               : tr("Some scripts cannot run until the items marked above are "
                                    "fixed; build-with-docker.sh needs only docker, the engine "
                                    "and the registry."));
        for (int index = 0; index < m_rows.size(); ++index)
            showItem(index);
        // Remedies wrap onto more lines than "checking…" took: grow so nothing is cut.
        this->layout()->activate();
        const int needed = this->layout()->hasHeightForWidth()
            ? this->layout()->totalHeightForWidth(width())
            : sizeHint().height();
        if (needed > height())
            resize(width(), needed);
    });
    setMinimumWidth(640);
    checkAgain();
}

QProcessEnvironment EnvironmentPanel::scriptEnvironment()
{
    // As the runner gets it.
    return Lab::toolEnvironment();
}

QString EnvironmentPanel::rowText(int index) const
{
    const EnvironmentCheck::Item item = m_check->items().value(index);
    const Row &row = m_rows.at(index);
    return QStringList { row.name->text(), EnvironmentCheck::statusName(item.status),
                         row.detail->text(), row.remedy->text() }
        .join(QLatin1Char('|'));
}

void EnvironmentPanel::checkAgain()
{
    m_again->setEnabled(false);
    m_summary->setText(tr("Checking…"));
    m_check->start(m_environment);
}

void EnvironmentPanel::showItem(int index)
{
    const EnvironmentCheck::Item item = m_check->items().at(index);
    const Row &row = m_rows.at(index);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    row.icon->setPixmap(
        statusIcon(style(), item.status, m_check->isRunning()).pixmap(iconSize, iconSize));
    row.icon->setToolTip(EnvironmentCheck::statusName(item.status));
    row.name->setText(item.name);
    row.name->setToolTip(tr("Needed by %1").arg(item.neededBy));
    row.detail->setText(item.detail);
    row.remedy->setText(item.remedy.isEmpty()
                            ? QString()
                            : tr("Needed by %1. To fix: %2").arg(item.neededBy, item.remedy));
    row.remedy->setVisible(!item.remedy.isEmpty());
}

} // namespace Cachelab
