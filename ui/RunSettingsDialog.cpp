// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/RunSettingsDialog.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>

namespace Cachelab {

namespace {
const QString kRepo = QStringLiteral("run/dockerRepo");
const QString kHost = QStringLiteral("run/dockerHost");
const QString kFlags = QStringLiteral("run/buildFlags");
const QString kRunFlags = QStringLiteral("run/dockerRunFlags");
const QString kSpeed = QStringLiteral("run/replaySpeed");
} // namespace

RunSettingsDialog::RunSettingsDialog(QWidget *parent)
    : QDialog(parent)
    , m_repo(new QLineEdit(this))
    , m_host(new QLineEdit(this))
    , m_flags(new QLineEdit(this))
    , m_runFlags(new QLineEdit(this))
    , m_speed(new QDoubleSpinBox(this))
{
    setWindowTitle(tr("Run Settings"));
    QSettings settings;
    m_repo->setText(settings.value(kRepo).toString());
    m_repo->setPlaceholderText(tr("default of the script, e.g. localhost:5000/moby-cache"));
    m_host->setText(settings.value(kHost).toString());
    m_host->setPlaceholderText(
        tr("inherited (%1)").arg(qEnvironmentVariable("DOCKER_HOST", tr("the default engine"))));
    m_flags->setText(settings.value(kFlags).toString());
    m_flags->setPlaceholderText(tr("e.g. --network=host"));
    m_runFlags->setText(settings.value(kRunFlags).toString());
    m_runFlags->setPlaceholderText(tr("extra `docker run` flags for build.sh"));
    m_speed->setRange(0, 100);
    m_speed->setDecimals(1);
    m_speed->setSuffix(tr(" × real time"));
    m_speed->setSpecialValueText(tr("as fast as possible"));
    m_speed->setValue(replaySpeed());

    auto *form = new QFormLayout(this);
    form->addRow(tr("DOCKER_REPO"), m_repo);
    form->addRow(tr("DOCKER_HOST"), m_host);
    form->addRow(tr("Extra build flags"), m_flags);
    form->addRow(tr("Extra docker run flags"), m_runFlags);
    form->addRow(tr("Replay speed"), m_speed);
    auto *note
        = new QLabel(tr("Scripts get these as environment variables (CACHELAB_BUILD_FLAGS, "
                        "CACHELAB_DOCKER_RUN_FLAGS); each run shows what it got, secrets masked."),
                     this);
    note->setWordWrap(true);
    form->addRow(note);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        save();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setMinimumWidth(520);
}

void RunSettingsDialog::save()
{
    QSettings settings;
    settings.setValue(kRepo, m_repo->text().trimmed());
    settings.setValue(kHost, m_host->text().trimmed());
    settings.setValue(kFlags, m_flags->text().trimmed());
    settings.setValue(kRunFlags, m_runFlags->text().trimmed());
    settings.setValue(kSpeed, m_speed->value());
}

QMap<QString, QString> RunSettingsDialog::environment()
{
    QSettings settings;
    QMap<QString, QString> environment;
    const QList<QPair<QString, QString>> keys { { kRepo, QStringLiteral("DOCKER_REPO") },
                                                { kHost, QStringLiteral("DOCKER_HOST") },
                                                { kFlags, QStringLiteral("CACHELAB_BUILD_FLAGS") },
                                                { kRunFlags,
                                                  QStringLiteral("CACHELAB_DOCKER_RUN_FLAGS") } };
    for (const auto &[key, variable] : keys) {
        const QString value = settings.value(key).toString();
        if (!value.isEmpty())
            environment.insert(variable, value);
    }
    return environment;
}

double RunSettingsDialog::replaySpeed()
{
    return QSettings().value(kSpeed, 4.0).toDouble();
}

} // namespace Cachelab
