// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/LabSetupDialog.h"

#include "core/lab/Lab.h"
#include "core/lab/LabRegistry.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QThread>
#include <QVBoxLayout>

namespace Cachelab {

LabSetupDialog::LabSetupDialog(const QString &labRoot, QWidget *parent)
    : QDialog(parent)
    , m_labRoot(labRoot)
    , m_status(new QLabel(this))
    , m_busyBar(new QProgressBar(this))
    , m_steps(new QPlainTextEdit(this))
    , m_close(new QPushButton(tr("Close"), this))
{
    setObjectName(QStringLiteral("labSetupDialog"));
    setWindowTitle(tr("Set Up Lab"));
    auto *intro = new QLabel(
        tr("Cachelab sets up what the build scripts need and owns it: a registry on "
           "127.0.0.1 for the cache exports (the scripts get it as DOCKER_REPO when you set "
           "none); when <code>docker buildx</code> is missing, the buildx plugin; and an "
           "engine with a <code>cachelab</code> builder and <code>moby/buildkit:master</code> "
           "— yours when it can run them, else, as root, a private one of Cachelab's. "
           "<code>cachelab lab down</code> takes away what it set up."),
        this);
    intro->setWordWrap(true);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_busyBar->setRange(0, 0);
    m_busyBar->setVisible(false);
    m_steps->setReadOnly(true);
    m_steps->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_close, QDialogButtonBox::RejectRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_status);
    layout->addWidget(m_busyBar);
    layout->addWidget(m_steps, 1);
    layout->addWidget(buttons);
    resize(620, 320);
}

void LabSetupDialog::start()
{
    if (m_busy)
        return;
    m_busy = true;
    m_succeeded = false;
    m_busyBar->setVisible(true);
    m_status->setText(tr("Setting up the lab…"));
    m_steps->clear();
    // The steps block (processes to start, a port to answer, an engine to come up): on a
    // worker thread, each line handed back as it comes, and only while the dialog exists.
    QPointer<LabSetupDialog> dialog(this);
    const QString root = m_labRoot;
    QThread *worker = QThread::create([dialog, root] {
        QString error;
        const bool ok = Lab::up(
            root,
            [dialog](const QString &line) {
                QMetaObject::invokeMethod(
                    qApp, [dialog, line] {
                        if (dialog)
                            dialog->onLine(line);
                    },
                    Qt::QueuedConnection);
            },
            &error);
        QMetaObject::invokeMethod(
            qApp, [dialog, ok, error] {
                if (dialog)
                    dialog->onDone(ok, error);
            },
            Qt::QueuedConnection);
    });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->start();
}

void LabSetupDialog::onLine(const QString &line)
{
    m_steps->appendPlainText(line);
    // The step in progress, in the status line: the engine's steps take a while.
    if (!line.startsWith(QLatin1Char(' ')))
        m_status->setText(line);
}

void LabSetupDialog::onDone(bool ok, const QString &error)
{
    m_busy = false;
    m_succeeded = ok;
    m_busyBar->setVisible(false);
    m_status->setText(ok ? tr("✓ The lab is ready: registry at %1; engine: %2.")
                               .arg(LabRegistry(m_labRoot).address(), LabEngine(m_labRoot).describe())
                         : tr("✗ %1").arg(error));
    Q_EMIT finished(ok);
}

QString LabSetupDialog::stepsText() const
{
    return m_steps->toPlainText();
}

QString LabSetupDialog::statusText() const
{
    return m_status->text();
}

} // namespace Cachelab
