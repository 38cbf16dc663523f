// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

namespace Cachelab {

// The build context of a project at one moment: every file BuildKit would send (the
// .dockerignore honoured) with the SHA-256 of its content. Two snapshots tell which
// files changed between two runs — what Explain compares rebuilds against.
class ContextSnapshot
{
public:
    // A cap on the files hashed before each run: a runaway context (a node_modules that
    // .dockerignore forgot) must not stall the start of a build.
    static constexpr int MaxFiles = 20000;

    static ContextSnapshot take(const QString &contextDir, QString *warning = nullptr);

    const QMap<QString, QString> &hashes() const { return m_hashes; } // relative path -> hex
    bool isEmpty() const { return m_hashes.isEmpty(); }
    // Added, removed or modified files, sorted.
    QStringList changedSince(const ContextSnapshot &earlier) const;

    QJsonObject toJson() const;
    static ContextSnapshot fromJson(const QJsonObject &object);

private:
    QMap<QString, QString> m_hashes;
};

} // namespace Cachelab
