// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace Cachelab {

// A build script found in a project folder (`build.sh`, `build-with-buildx.sh`, ...).
struct ProjectScript
{
    QString fileName;
    QString absolutePath;
    bool executable = false;
};

// A Cachelab project: a folder holding a Dockerfile and the shell scripts that build it.
// Value type; `open()` reads the folder once and says clearly what is wrong with it.
class ProjectFolder
{
public:
    // On failure returns an invalid folder and sets *errorMessage (if given).
    static ProjectFolder open(const QString &directory, QString *errorMessage = nullptr);

    bool isValid() const { return !m_absolutePath.isEmpty(); }
    QString absolutePath() const { return m_absolutePath; }
    QString name() const;
    QString dockerfilePath() const { return m_dockerfilePath; }
    QList<ProjectScript> scripts() const { return m_scripts; }
    // The context file the project's scenario edits between two builds, relative to the
    // folder (`.cachelab.json`: {"scenario": {"edit": "assets/js/file1.js"}}); empty when
    // the project defines none.
    QString scenarioFile() const { return m_scenarioFile; }
    static QString settingsFileName() { return QStringLiteral(".cachelab.json"); }

private:
    QString m_absolutePath;
    QString m_dockerfilePath;
    QList<ProjectScript> m_scripts;
    QString m_scenarioFile;
};

} // namespace Cachelab
