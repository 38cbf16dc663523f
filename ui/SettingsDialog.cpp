// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/SettingsDialog.h"

#include "core/AppSettings.h"
#include "ui/AppearanceTheme.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QTabWidget>
#include <QVBoxLayout>

namespace Cachelab {

namespace {
QLabel *note(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}
} // namespace

SettingsDialog::SettingsDialog(AppSettings *settings, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_tabs(new QTabWidget(this))
    , m_repo(new QLineEdit(this))
    , m_host(new QLineEdit(this))
    , m_flags(new QLineEdit(this))
    , m_runFlags(new QLineEdit(this))
    , m_speed(new QDoubleSpinBox(this))
    , m_insecure(new QLineEdit(this))
    , m_appearance(new QComboBox(this))
{
    setWindowTitle(tr("Settings"));

    auto *build = new QWidget(m_tabs);
    auto *buildForm = new QFormLayout(build);
    m_repo->setObjectName(QStringLiteral("dockerRepo"));
    m_repo->setText(settings->dockerRepo());
    m_repo->setPlaceholderText(tr("the script's default, e.g. localhost:5000/moby-cache"));
    m_host->setText(settings->dockerHost());
    m_host->setPlaceholderText(
        tr("inherited (%1)").arg(qEnvironmentVariable("DOCKER_HOST", tr("the default engine"))));
    m_flags->setText(settings->buildFlags());
    m_flags->setPlaceholderText(tr("e.g. --network=host"));
    m_runFlags->setText(settings->dockerRunFlags());
    m_runFlags->setPlaceholderText(tr("extra `docker run` flags for build.sh"));
    m_speed->setRange(0, 100);
    m_speed->setDecimals(1);
    m_speed->setSuffix(tr(" × real time"));
    m_speed->setSpecialValueText(tr("as fast as possible"));
    m_speed->setValue(settings->replaySpeed());
    buildForm->addRow(tr("DOCKER_REPO"), m_repo);
    buildForm->addRow(tr("DOCKER_HOST"), m_host);
    buildForm->addRow(tr("Extra build flags"), m_flags);
    buildForm->addRow(tr("Extra docker run flags"), m_runFlags);
    buildForm->addRow(tr("Replay speed"), m_speed);
    buildForm->addRow(note(tr("Scripts get these as environment variables (DOCKER_REPO, "
                              "DOCKER_HOST, CACHELAB_BUILD_FLAGS, CACHELAB_DOCKER_RUN_FLAGS); "
                              "each run shows what it got, secrets masked."),
                           build));
    m_tabs->addTab(build, tr("Build"));

    auto *registry = new QWidget(m_tabs);
    auto *registryForm = new QFormLayout(registry);
    m_insecure->setObjectName(QStringLiteral("insecureRegistries"));
    m_insecure->setText(settings->insecureRegistries().join(QStringLiteral(", ")));
    m_insecure->setPlaceholderText(tr("e.g. registry.lan:5000, buildcache.internal"));
    registryForm->addRow(tr("Plain HTTP registries"), m_insecure);
    registryForm->addRow(note(tr("The Registry cache tab reads these without TLS (loopback "
                                 "registries always are). Credentials come from Docker's "
                                 "config.json and its credential helpers, never from here."),
                              registry));
    m_tabs->addTab(registry, tr("Registry"));

    auto *appearance = new QWidget(m_tabs);
    auto *appearanceForm = new QFormLayout(appearance);
    m_appearance->setObjectName(QStringLiteral("appearance"));
    m_appearance->addItem(tr("As the desktop"), int(AppSettings::Appearance::System));
    m_appearance->addItem(tr("Light"), int(AppSettings::Appearance::Light));
    m_appearance->addItem(tr("Dark"), int(AppSettings::Appearance::Dark));
    m_appearance->setCurrentIndex(m_appearance->findData(int(settings->appearance())));
    appearanceForm->addRow(tr("Colours"), m_appearance);
    appearanceForm->addRow(note(tr("Step states keep their colours (safe for colour-blind "
                                   "eyes) and their glyphs in every palette."),
                                appearance));
    m_tabs->addTab(appearance, tr("Appearance"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        save();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setMinimumWidth(560);
}

void SettingsDialog::save()
{
    m_settings->setDockerRepo(m_repo->text());
    m_settings->setDockerHost(m_host->text());
    m_settings->setBuildFlags(m_flags->text());
    m_settings->setDockerRunFlags(m_runFlags->text());
    m_settings->setReplaySpeed(m_speed->value());
    m_settings->setInsecureRegistries(AppSettings::splitList(m_insecure->text()));
    const auto appearance = AppSettings::Appearance(m_appearance->currentData().toInt());
    m_settings->setAppearance(appearance);
    AppearanceTheme::apply(appearance);
}

} // namespace Cachelab
