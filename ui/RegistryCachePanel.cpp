// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/RegistryCachePanel.h"

#include "core/AppSettings.h"
#include "core/registry/CacheInspector.h"
#include "core/registry/DockerCredentials.h"
#include "core/registry/ImageRef.h"
#include "core/registry/RegistryClient.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace Cachelab {

RegistryCachePanel::RegistryCachePanel(QWidget *parent)
    : QWidget(parent)
    , m_ref(new QComboBox(this))
    , m_insecure(new QCheckBox(tr("Plain HTTP"), this))
    , m_inspect(new QPushButton(tr("Inspect"), this))
    , m_status(new QLabel(this))
    , m_result(new QPlainTextEdit(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Cache ref"), this));
    m_ref->setObjectName(QStringLiteral("cacheRef"));
    m_ref->setEditable(true);
    m_ref->setInsertPolicy(QComboBox::NoInsert);
    m_ref->lineEdit()->setPlaceholderText(tr("registry/repository:tag, e.g. "
                                             "localhost:5000/moby-cache/test:cache"));
    row->addWidget(m_ref, 1);
    m_insecure->setToolTip(tr("Loopback registries are read over plain HTTP anyway; tick this "
                              "for another registry without TLS"));
    row->addWidget(m_insecure);
    row->addWidget(m_inspect);
    layout->addLayout(row);
    m_status->setObjectName(QStringLiteral("cacheStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);
    m_result->setObjectName(QStringLiteral("cacheResult"));
    m_result->setReadOnly(true);
    m_result->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_result->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(m_result, 1);
    connect(m_inspect, &QPushButton::clicked, this, &RegistryCachePanel::inspect);
    connect(m_ref->lineEdit(), &QLineEdit::returnPressed, this, &RegistryCachePanel::inspect);
    m_status->setText(tr("Read a cache back from its registry: which steps it holds results "
                         "for, and whether it was exported in min or max mode."));
}

RegistryCachePanel::~RegistryCachePanel() = default;

void RegistryCachePanel::setSuggestedRefs(const QStringList &refs)
{
    const QString typed = m_ref->currentText();
    m_ref->clear();
    m_ref->addItems(refs);
    if (!refs.isEmpty())
        m_ref->setCurrentIndex(0);
    else
        m_ref->setEditText(typed);
}

QString RegistryCachePanel::ref() const
{
    return m_ref->currentText().trimmed();
}

void RegistryCachePanel::inspect()
{
    if (isBusy())
        return;
    QString error;
    const auto parsed = ImageRef::parse(ref(), &error);
    if (!parsed) {
        finish(false, tr("Not a cache ref: %1").arg(error), {});
        return;
    }
    const DockerCredentials credentials = DockerCredentials::fromEnvironment();
    m_client = std::make_unique<RegistryClient>(*parsed);
    // Ticked here, or listed in Settings → Registry.
    m_client->setInsecure(m_insecure->isChecked()
                          || AppSettings().isInsecureRegistry(parsed->domain()));
    m_client->setTimeout(20000);
    QString lookupError;
    m_client->setCredentials(credentials.lookup(parsed->credentialKey(), &lookupError));
    if (!credentials.loadError().isEmpty() || !lookupError.isEmpty()) {
        const QString why
            = credentials.loadError().isEmpty() ? lookupError : credentials.loadError();
        finish(false, m_client->redact(tr("Docker credentials: %1").arg(why)), {});
        return;
    }
    m_inspector = std::make_unique<CacheInspector>(m_client.get());
    m_inspect->setEnabled(false);
    m_status->setText(tr("Reading %1 …").arg(ref()));
    m_result->clear();
    m_inspector->inspect([this](const CacheInspection &inspection, const RegistryError &failure) {
        // Never delete the inspector from inside its own callback.
        const bool ok = !failure.isError();
        const QString status = ok ? tr("%1: %2 layer(s), mode %3")
                                        .arg(ref())
                                        .arg(inspection.layers().size())
                                        .arg(inspection.modeGuess().modeName())
                                  : m_client->redact(failure.message);
        const QString text = ok ? m_client->redact(inspection.toText()) : QString();
        if (ok && !inspection.manifestBytes().isEmpty() && !inspection.configBytes().isEmpty())
            Q_EMIT cacheRead(inspection);
        QTimer::singleShot(0, this, [this, ok, status, text] {
            finish(ok, status, text);
        });
    });
}

void RegistryCachePanel::finish(bool ok, const QString &status, const QString &text)
{
    m_inspector.reset();
    m_inspect->setEnabled(true);
    m_status->setText(ok ? status : tr("Cannot read the cache: %1").arg(status));
    m_result->setPlainText(text);
    Q_EMIT inspected(ok);
}

void RegistryCachePanel::showKept(const CacheInspection &inspection, const QString &where)
{
    m_status->setText(tr("%1: %2 layer(s), mode %3 — %4")
                          .arg(inspection.ref())
                          .arg(inspection.layers().size())
                          .arg(inspection.modeGuess().modeName(), where));
    m_result->setPlainText(inspection.toText());
}

QString RegistryCachePanel::resultText() const
{
    return m_result->toPlainText();
}

QString RegistryCachePanel::statusText() const
{
    return m_status->text();
}

} // namespace Cachelab
