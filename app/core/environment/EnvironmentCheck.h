// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>
#include <QProcessEnvironment>
#include <QString>

namespace Cachelab {

// What the #1515 build scripts need, checked before anyone presses Run: the docker CLI,
// a reachable engine, the buildx plugin with a docker-container builder, the
// moby/buildkit:master image and the registry at DOCKER_REPO. Every check runs
// asynchronously with a timeout, in the environment the scripts would get (the Run
// Settings' DOCKER_HOST and DOCKER_REPO), and each item says what to do when it fails.
class EnvironmentCheck : public QObject
{
    Q_OBJECT
public:
    struct Item
    {
        enum Status
        {
            Ok,
            Missing,
            Failed,
            Unknown
        };
        QString name;
        Status status = Unknown;
        QString detail; // the version or what was found, or what went wrong
        QString remedy; // what to do, concrete; empty when Ok
        QString neededBy; // which scripts need it
    };
    // The items, always in this order.
    enum Index
    {
        DockerCli,
        Engine,
        Buildx,
        Builder,
        BuildkitImage,
        Registry,
        ItemCount
    };

    explicit EnvironmentCheck(QObject *parent = nullptr);
    ~EnvironmentCheck() override;

    // Each command and the registry request get this long (default 5 s).
    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }
    int timeout() const { return m_timeoutMs; }

    // (Re)starts every check in `environment`; a check still running is abandoned.
    void start(const QProcessEnvironment &environment);
    bool isRunning() const { return m_pending > 0; }
    QList<Item> items() const { return m_items; }
    bool allOk() const;
    // DOCKER_REPO of the environment checked, or the scripts' default.
    QString repository() const;

    static QString statusName(Item::Status status); // "ok", "missing", "failed", "unknown"
    static QString buildkitImage() { return QStringLiteral("moby/buildkit:master"); }
    static QString defaultRepository() { return QStringLiteral("localhost:5000/moby-cache"); }

Q_SIGNALS:
    void itemChanged(int index);
    void finished();

private:
    void checkCli();
    void checkEngine();
    void checkBuildx();
    void checkBuilder();
    void checkImage();
    void checkRegistry();
    void set(int index, Item::Status status, const QString &detail, const QString &remedy = {});
    void done(); // one check less to wait for
    void abandon(); // the running round, if any
    QStringList docker(const QStringList &arguments) const;

    QList<Item> m_items;
    QProcessEnvironment m_environment;
    QObject *m_work = nullptr; // parent of the running probes: deleting it abandons them
    int m_pending = 0;
    int m_timeoutMs = 5000;
};

} // namespace Cachelab
