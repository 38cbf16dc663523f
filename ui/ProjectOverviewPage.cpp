// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ProjectOverviewPage.h"

#include "core/DataLocations.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedLayout>
#include <QUrl>
#include <QVBoxLayout>

namespace Cachelab {

ProjectOverviewPage::ProjectOverviewPage(QWidget *parent)
    : QWidget(parent)
    , m_stack(new QStackedLayout(this))
    , m_welcome(new QWidget(this))
    , m_problem(new QLabel)
    , m_recent(new QLabel)
    , m_openExample(new QPushButton(tr("Open the #1515 example")))
    , m_projectView(new QWidget(this))
    , m_projectTitle(new QLabel(m_projectView))
    , m_dockerfile(new QPlainTextEdit(m_projectView))
{
    // Welcome: what Cachelab is, and the two ways in. A fixed-width card keeps the
    // word-wrapped labels at their full height (a wrapped QLabel aligned in a layout
    // otherwise gets the height of one line).
    auto *card = new QWidget(m_welcome);
    card->setFixedWidth(560);
    auto *icon = new QLabel(card);
    icon->setPixmap(
        QIcon(QStringLiteral(":/cachelab/icons/io.github.cachelab.Cachelab.svg")).pixmap(72, 72));
    auto *title
        = new QLabel(tr("<h2>Cachelab</h2>"
                        "<p>Reproduce, see and explain BuildKit cache behaviour: run a "
                        "project's build scripts, see which Dockerfile steps ran and "
                        "which came from the cache, and compare the cache two runs "
                        "exported.</p>"
                        "<p>Start with the bundled reproduction of BuildKit issue #1515, "
                        "or open a folder that holds a Dockerfile and its build scripts.</p>"),
                     card);
    title->setWordWrap(true);
    m_problem->setParent(card);
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->setStyleSheet(QStringLiteral("QLabel { color: white; background: #b3261e; "
                                            "padding: 8px; border-radius: 4px; }"));
    auto *openProject = new QPushButton(QIcon::fromTheme(QStringLiteral("document-open")),
                                        tr("Open Project…"), card);
    m_openExample->setParent(card);
    m_openExample->setDefault(true);
    m_openExample->setToolTip(tr("The bundled reproduction of BuildKit issue #1515 "
                                 "(a five-stage Dockerfile and its build scripts)"));
    m_openExample->setEnabled(!DataLocations::bundledProjectDir().isEmpty());
    connect(openProject, &QPushButton::clicked, this, &ProjectOverviewPage::openProjectRequested);
    connect(m_openExample, &QPushButton::clicked, this, &ProjectOverviewPage::openExampleRequested);
    auto *openDemo = new QPushButton(tr("Open the demo (no Docker)"), card);
    openDemo->setToolTip(
        tr("The #1515 project with recordings of real buildctl, buildx and docker runs"));
    openDemo->setEnabled(!DataLocations::demoBundle().isEmpty());
    connect(openDemo, &QPushButton::clicked, this, &ProjectOverviewPage::openDemoRequested);
    auto *openBundle = new QPushButton(tr("Open Bundle…"), card);
    openBundle->setObjectName(QStringLiteral("openBundle"));
    openBundle->setToolTip(tr("A .cachelab file: runs someone recorded and exported, read-only"));
    connect(openBundle, &QPushButton::clicked, this, &ProjectOverviewPage::openBundleRequested);
    auto *setUpLab = new QPushButton(tr("Set Up Lab…"), card);
    setUpLab->setObjectName(QStringLiteral("setUpLab"));
    setUpLab->setToolTip(tr("Start what the build scripts need that Cachelab can set up itself"));
    connect(setUpLab, &QPushButton::clicked, this, &ProjectOverviewPage::setUpLabRequested);

    m_recent->setParent(card);
    m_recent->setObjectName(QStringLiteral("recentProjects"));
    m_recent->setTextFormat(Qt::RichText);
    m_recent->setWordWrap(true);
    m_recent->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    connect(m_recent, &QLabel::linkActivated, this, [this](const QString &link) {
        Q_EMIT openRecentRequested(QUrl(link).toLocalFile());
    });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_openExample);
    buttons->addWidget(openDemo);
    buttons->addWidget(openProject);
    buttons->addStretch();
    // A second row: what is opened less often, and the lab; one row would cut the labels.
    auto *more = new QHBoxLayout;
    more->addWidget(openBundle);
    more->addWidget(setUpLab);
    more->addStretch();
    auto *cardLayout = new QVBoxLayout(card);
    cardLayout->addWidget(icon);
    cardLayout->addWidget(title);
    cardLayout->addWidget(m_problem);
    cardLayout->addSpacing(8);
    cardLayout->addLayout(buttons);
    cardLayout->addLayout(more);
    cardLayout->addSpacing(12);
    cardLayout->addWidget(m_recent);

    // Centred with stretches, not an alignment flag, so the card keeps its height-for-width.
    auto *row = new QHBoxLayout;
    row->addStretch();
    row->addWidget(card);
    row->addStretch();
    auto *welcomeLayout = new QVBoxLayout(m_welcome);
    welcomeLayout->addStretch(2);
    welcomeLayout->addLayout(row);
    welcomeLayout->addStretch(3);

    // Project: its Dockerfile, until the stage graph takes this place.
    m_projectTitle->setWordWrap(true);
    m_projectTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_dockerfile->setObjectName(QStringLiteral("dockerfileView"));
    m_dockerfile->setReadOnly(true);
    m_dockerfile->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_dockerfile->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *projectLayout = new QVBoxLayout(m_projectView);
    projectLayout->addWidget(m_projectTitle);
    projectLayout->addWidget(m_dockerfile, 1);

    m_recent->setVisible(false);
    m_stack->addWidget(m_welcome);
    m_stack->addWidget(m_projectView);
    showWelcome();
}

void ProjectOverviewPage::showWelcome(const QString &problem)
{
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_stack->setCurrentWidget(m_welcome);
}

void ProjectOverviewPage::showProject(const ProjectFolder &project)
{
    m_projectTitle->setText(
        tr("<b>%1</b> — %2")
            .arg(project.name().toHtmlEscaped(), project.dockerfilePath().toHtmlEscaped()));
    QFile file(project.dockerfilePath());
    if (file.open(QIODevice::ReadOnly))
        m_dockerfile->setPlainText(QString::fromUtf8(file.readAll()));
    else
        m_dockerfile->setPlainText(
            tr("Cannot read %1: %2").arg(project.dockerfilePath(), file.errorString()));
    m_stack->setCurrentWidget(m_projectView);
}

void ProjectOverviewPage::setRecentProjects(const QStringList &paths)
{
    QString html;
    for (const QString &path : paths) {
        html += QStringLiteral("<br><a href=\"%1\">%2</a> <small>%3</small>")
                    .arg(QUrl::fromLocalFile(path).toString().toHtmlEscaped(),
                         QFileInfo(path).fileName().toHtmlEscaped(),
                         QDir::toNativeSeparators(path).toHtmlEscaped());
    }
    m_recent->setText(paths.isEmpty() ? QString() : tr("<b>Recent projects</b>") + html);
    m_recent->setVisible(!paths.isEmpty());
}

QString ProjectOverviewPage::recentProjectsText() const
{
    return m_recent->isVisibleTo(this) ? m_recent->text() : QString();
}

QString ProjectOverviewPage::dockerfileText() const
{
    return m_dockerfile->toPlainText();
}

QString ProjectOverviewPage::problemText() const
{
    return m_problem->isVisibleTo(this) ? m_problem->text() : QString();
}

} // namespace Cachelab
