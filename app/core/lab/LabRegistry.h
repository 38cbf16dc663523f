// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace Cachelab {

// The lab's registry: a loopback registry that Cachelab owns, for the scripts' cache
// exports and the Registry cache tab when the user names none. Debian's docker-registry
// on a free 127.0.0.1 port, its storage and state in Cachelab's data folder (lab/), the
// port kept across restarts. It outlives the window (its own session, like a daemon);
// stop() ends exactly the process start() made, known by its pid and command line.
// Without docker-registry, the `registry:2` image on the user's engine (pulled when
// missing): a container of the lab's own name and label, published on 127.0.0.1 only,
// its storage the same folder; stop() removes that container only.
class LabRegistry
{
public:
    // root: e.g. the data folder + "/lab"; program: the docker-registry executable.
    explicit LabRegistry(const QString &root = defaultRoot(), const QString &program = defaultProgram());

    static QString defaultRoot();
    static QString defaultProgram(); // docker-registry in PATH or /usr/bin; empty if none

    // "127.0.0.1:PORT" while the lab's registry runs (its process alive); empty otherwise.
    // No network: cheap enough before every run.
    QString address() const;
    bool isRunning() const { return !address().isEmpty(); }
    qint64 pid() const;
    int port() const; // the kept port (0 before the first start)

    // Starts it unless it runs (then nothing happens); waits until GET /v2/ answers 200.
    // Each step said in *steps; false and *error (what to do) on failure, nothing left
    // running.
    bool start(QStringList *steps, QString *error);
    // Stops it if it runs (SIGTERM, SIGKILL after a grace period); its storage stays
    // (the caches), the port is kept.
    bool stop(QStringList *steps, QString *error);

    QString storageDir() const;
    QString logFile() const;

private:
    bool answers(int port, int timeoutMs) const;
    bool startContainer(int port, QStringList *steps, QString *error);
    QString containerName() const; // cachelab-lab-registry-<hash of the lab folder>
    bool portFree(int port) const;
    int pickPort() const;
    void saveState(int port, qint64 pid, const QString &container = {}) const;

    QString m_root;
    QString m_program;
};

} // namespace Cachelab
