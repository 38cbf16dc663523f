// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/bundle/BundleArchive.h"
#include "core/bundle/BundleManifest.h"
#include "core/store/StoredRun.h"

#include <optional>
#include <QHash>
#include <QList>
#include <QString>

namespace Cachelab {

// A whole investigation in one file: the project's Dockerfile and build scripts as they
// were, its runs (logs and what is known of each) and how they follow one another.
// docs/bundle-format.md says what is inside.
class Bundle
{
public:
    static QString fileSuffix() { return QStringLiteral("cachelab"); }

    // Unpacks (or finds already unpacked) a bundle under unpackRoot/<content hash>/ and
    // reads its manifest. nullopt and *error, one line naming the file, on any problem;
    // nothing is written outside unpackRoot.
    static std::optional<Bundle> open(const QString &file, const QString &unpackRoot,
                                      QString *error, const BundleArchive::Limits &limits = {});
    // QStandardPaths::CacheLocation + "/bundles": unpacked bundles are a cache.
    static QString defaultUnpackRoot();
    // How many unpacked bundles the unpack folder keeps (the most recently opened).
    static constexpr int KeptUnpacked = 16;

    QString file() const { return m_file; }
    QString root() const { return m_root; } // the unpacked folder
    QString projectDir() const; // root()/project: a project folder Cachelab opens
    QString title() const; // the manifest's title, else the file's name
    const BundleManifest &manifest() const { return m_manifest; }
    QString memberPath(const QString &member) const; // absolute path of an unpacked member

    // The runs, oldest first, as the session shows them: scripts and Dockerfile point
    // into projectDir(). A log that cannot be read leaves its run with `error` set.
    QList<StoredRun> runs() const;
    // id -> id of the run it follows, for Explain.
    QHash<QString, QString> predecessors() const;

private:
    QString m_file;
    QString m_root;
    BundleManifest m_manifest;
};

// What goes into a bundle, gathered from a project or from loose files.
struct BundleSource
{
    QString title;
    QString projectName;
    QString dockerfile; // absolute path
    QStringList scripts; // absolute paths; stored under project/ by their file names
    QString dockerignore; // absolute path; may be empty
    QList<StoredRun> runs; // oldest first; each run's script is one of `scripts` or empty
    QHash<QString, QString> previous; // run id -> id of the run it follows
    struct CacheFiles
    {
        QString manifest; // absolute paths; may be empty
        QString config;
    };
    QHash<QString, CacheFiles> cache; // by run id
    QStringList selection;
};

namespace BundleWriter {
// Writes the bundle atomically; logs and environments are passed through the secret
// redactor once more. false and *error (one line) on failure.
bool write(const BundleSource &source, const QString &file, QString *error);
} // namespace BundleWriter

} // namespace Cachelab
