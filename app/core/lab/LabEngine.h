// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMap>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>

namespace Cachelab {

// The lab's engine, builder and moby/buildkit:master image: what both #1515 scripts run on.
//
// The user's engine (DOCKER_HOST or the default socket) when it answers and can start the
// privileged containers both scripts need (build.sh's `docker run --privileged`, buildx's
// docker-container builder). Then the image is pulled when missing and a builder
// `cachelab` (docker-container driver, host network, buildkitdFlags()) is created.
//
// Otherwise, as root, Cachelab's private engine: the engine scripts (tests/engine/up.sh
// --buildkit, installed as share/cachelab/engine/) start containerd, dockerd with the
// runc-capbnd runtime, a local moby/buildkit:master assembled from the BuildKit tools
// build and the builder `cachelab`, all under the lab folder (lab/engine), using the lab's
// registry. It is sealed like the tests' engine: nothing but 127.0.0.1 is contacted, and
// `FROM alpine` is a busybox image served through the lab registry.
//
// down() removes exactly what up() made: the private engine's processes, mounts and
// folder, or on the user's engine the builder and the image the lab created (known from
// lab/engine.json), never the user's own.
class LabEngine
{
public:
    enum class Kind
    {
        None, // the lab set up no engine
        User, // the user's engine, with the lab's builder
        Private, // Cachelab's own engine under lab/engine
    };
    using Progress = std::function<void(const QString &line)>;

    explicit LabEngine(const QString &labRoot, const QString &scriptsDir = defaultScriptsDir());

    // Where the engine scripts are (up.sh, down.sh, buildkit-tools.sh, …): the source
    // tree's tests/engine when run from a build tree, else the installed copy;
    // CACHELAB_ENGINE_SCRIPTS overrides. Empty when none is found.
    static QString defaultScriptsDir();
    static QString builderName() { return QStringLiteral("cachelab"); }
    // buildkitd's flags for the lab's builders: the one place that later steps extend.
    // With an address (127.0.0.1:PORT): BuildKit keeps the plain inputs of every cache key
    // and serves them there (--save-cache-debug, --debugaddr; docs/cache-debug.md), for
    // the cache-key X-ray. The builders use the host network, so the address is the host's.
    static QStringList buildkitdFlags(const QString &cacheDebugAddress = {});
    // Where the lab's builder serves its cache debug data ("127.0.0.1:PORT"), or empty when
    // the lab set up none (no lab, or one set up before Cachelab asked for it).
    QString cacheDebugAddress() const;
    static QString kindName(Kind kind); // "none", "user", "private"

    QString stateDir() const; // the private engine's folder, lab/engine
    // Which engine the lab uses now. Cheap (files and /proc only): fit for every run.
    Kind kind() const;
    bool privateEngineRuns() const;
    // One line: which engine, where ("Cachelab's private engine (unix://…/d.sock)").
    QString describe() const;

    // What the scripts get from the lab's engine: for the private engine DOCKER_HOST,
    // DOCKER_CONFIG, PATH (its docker client first), BUILDX_BUILDER and
    // CACHELAB_DOCKER_RUN_FLAGS; for the user's engine the builder and the host network.
    QMap<QString, QString> environment(const QProcessEnvironment &inherited) const;

    // Sets the engine up, or says it is there. CACHELAB_LAB_ENGINE=private|user forces the
    // choice. registry: the lab registry's address
    // (127.0.0.1:PORT). Each step and the scripts' output through progress.
    bool up(const QString &registry, const Progress &progress, QString *error);
    bool down(const Progress &progress, QString *error);

    // Why the user's engine cannot run the scripts (none answers, or it cannot start
    // privileged containers), or empty when it can. Runs `docker version` (15 s at most).
    QString userEngineProblem(const QProcessEnvironment &environment) const;
    // The capabilities Docker asks for a privileged container that this machine's
    // capability bounding set lacks (CapBnd in /proc/self/status), by name.
    static QStringList missingCapabilities();

private:
    // *imageMissing: failed for want of moby/buildkit:master (the private engine can help).
    bool upUser(const QProcessEnvironment &environment, const QString &registry,
                const Progress &progress, QString *error, bool *imageMissing);
    bool upPrivate(const QString &registry, const Progress &progress, QString *error);
    QString toolsDir() const;
    QString stateFile() const; // lab/engine.json
    void saveState(const QMap<QString, QString> &state) const;
    QMap<QString, QString> loadState() const;

    QString m_labRoot;
    QString m_scriptsDir;
};

} // namespace Cachelab
