// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/project/RecentProjects.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace Cachelab;

class TestRecentProjects : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_settingsFile = std::make_unique<QTemporaryDir>();
        m_settings = std::make_unique<QSettings>(m_settingsFile->filePath(QStringLiteral("s.ini")),
                                                 QSettings::IniFormat);
        for (const char *name : { "a", "b", "c" })
            QVERIFY(QDir(m_projects.path()).mkpath(QLatin1String(name)));
    }

    void mostRecentFirstWithoutRepeats()
    {
        RecentProjects recent(m_settings.get());
        recent.add(project("a"));
        recent.add(project("b"));
        recent.add(project("a") + QStringLiteral("/")); // the same folder, spelled otherwise
        QCOMPARE(recent.paths(), (QStringList { project("a"), project("b") }));
    }

    void survivesANewInstance()
    {
        RecentProjects(m_settings.get()).add(project("c"));
        m_settings->sync();
        QSettings reread(m_settingsFile->filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        QCOMPARE(RecentProjects(&reread).paths(), QStringList { project("c") });
    }

    void keepsAtMostEight()
    {
        RecentProjects recent(m_settings.get());
        for (int i = 0; i < 12; ++i) {
            const QString name = QStringLiteral("p%1").arg(i);
            QVERIFY(QDir(m_projects.path()).mkpath(name));
            recent.add(m_projects.filePath(name));
        }
        QCOMPARE(recent.paths().size(), RecentProjects::MaxEntries);
        QCOMPARE(recent.paths().constFirst(), m_projects.filePath(QStringLiteral("p11")));
    }

    void dropsFoldersThatAreGone()
    {
        RecentProjects recent(m_settings.get());
        QTemporaryDir gone;
        recent.add(gone.path());
        recent.add(project("b"));
        gone.remove();
        QCOMPARE(recent.paths(), QStringList { project("b") });
    }

    void readsTheSingleEntryOfEarlierVersions()
    {
        m_settings->setValue(QStringLiteral("recentProject"), project("b"));
        RecentProjects recent(m_settings.get());
        QCOMPARE(recent.paths(), QStringList { project("b") });
        recent.add(project("a"));
        QCOMPARE(recent.paths(), (QStringList { project("a"), project("b") }));
        QVERIFY(!m_settings->contains(QStringLiteral("recentProject")));
    }

    void removeAndClear()
    {
        RecentProjects recent(m_settings.get());
        recent.add(project("a"));
        recent.add(project("b"));
        recent.remove(project("a"));
        QCOMPARE(recent.paths(), QStringList { project("b") });
        recent.clear();
        QVERIFY(recent.paths().isEmpty());
    }

private:
    QString project(const char *name) const { return m_projects.filePath(QLatin1String(name)); }

    QTemporaryDir m_projects;
    std::unique_ptr<QTemporaryDir> m_settingsFile;
    std::unique_ptr<QSettings> m_settings;
};

QTEST_GUILESS_MAIN(TestRecentProjects)
#include "tst_recentprojects.moc"
