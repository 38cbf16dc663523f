// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QFile>
#include <QProcessEnvironment>
#include <QString>
#include <QTemporaryDir>

// HAND-MADE STAND-IN for the docker CLI, for tests of the environment check: a bash
// script on a private PATH that answers the few commands the check runs. Its output
// imitates Docker 20.10 and buildx v0.38; it is not a recording of a real docker.
class FakeDocker
{
public:
    struct Behaviour
    {
        bool engine = true; // `docker version` reaches an engine
        bool engineHangs = false; // `docker version` never answers
        bool buildx = true;
        bool containerBuilder = true;
        bool image = true;
    };

    explicit FakeDocker(const Behaviour &behaviour)
    {
        QByteArray script = "#!/bin/bash\n# Hand-made stand-in for docker (tests only).\n"
                            "case \"$1 $2\" in\n"
                            "'--version ') echo 'Docker version 20.10.24+dfsg1, build "
                            "297e128' ;;\n";
        if (behaviour.engineHangs)
            script += "'version --format') exec /bin/sleep 30 ;;\n";
        else if (behaviour.engine)
            script += "'version --format') echo '20.10.24' ;;\n";
        else
            script += "'version --format') echo 'Cannot connect to the Docker daemon at "
                      "unix:///var/run/docker.sock. Is the docker daemon running?' >&2; "
                      "exit 1 ;;\n";
        if (behaviour.buildx) {
            script += "'buildx version') echo 'github.com/docker/buildx v0.38.2 "
                      "0123456789abcdef' ;;\n";
            script += "'buildx ls') echo 'NAME/NODE     DRIVER/ENDPOINT  STATUS   BUILDKIT'\n"
                      "  echo 'default       docker'\n"
                      "  echo '  default     default          running  20.10.24'\n";
            if (behaviour.containerBuilder)
                script += "  echo 'cachelab*    docker-container'\n"
                          "  echo '  cachelab0  unix:///var/run/docker.sock running  "
                          "v0.34.2'\n";
            script += "  ;;\n";
        } else {
            script += "buildx*) echo \"docker: 'buildx' is not a docker command.\" >&2; "
                      "exit 1 ;;\n";
        }
        if (behaviour.image)
            script += "'image inspect') echo 'sha256:4f1c0e5b8d1e2a3b 2024-05-01T10:00:00Z' "
                      ";;\n";
        else
            script += "'image inspect') echo 'Error: No such image: moby/buildkit:master' "
                      ">&2; exit 1 ;;\n";
        script += "*) echo \"fake docker: unexpected $*\" >&2; exit 2 ;;\nesac\n";
        QFile file(m_bin.filePath(QStringLiteral("docker")));
        if (file.open(QIODevice::WriteOnly))
            file.write(script);
        file.close();
        file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }

    // PATH is the stand-in's folder only: the real docker must never answer here.
    QProcessEnvironment environment(const QString &repository) const
    {
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("PATH"), m_bin.path());
        environment.insert(QStringLiteral("DOCKER_REPO"), repository);
        return environment;
    }

private:
    QTemporaryDir m_bin;
};
