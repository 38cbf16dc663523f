// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/dockerfile/Dockerfile.h"
#include "core/dockerfile/DockerfileError.h"

#include <optional>
#include <QByteArray>
#include <QMap>
#include <QString>

namespace Cachelab {

// Reads a Dockerfile the way BuildKit's Dockerfile frontend does (frontend/dockerfile:
// parser, instructions, dockerfile2llb) and works out the stage graph and the steps
// BuildKit will print. Never pulls or resolves anything: all of it is static.
//
// Checked against BuildKit v0.34 (its dockerfile2llb run on the same files) and against
// what Docker 20.10's BuildKit v0.8 printed in fixtures/recordings/.
class DockerfileParser
{
public:
    struct Options
    {
        QMap<QString, QString> buildArgs; // --build-arg NAME=value
        QString target; // --target; empty: the last stage
        // The target platform (TARGETPLATFORM, TARGETOS, TARGETARCH, TARGETVARIANT) and the
        // build platform (BUILDPLATFORM, ...; empty: the same). One platform per parse: for a
        // multi-platform build BuildKit dispatches every stage once per target platform
        // and prefixes its labels with it (`[linux/amd64->arm64 tools 3/3]`).
        QString platform = QStringLiteral("linux/amd64");
        QString buildPlatform;
    };

    // Guards against what is not a Dockerfile. BuildKit's own limit on a line is the
    // same (bufio.Scanner's 64 KiB); the file size limit is ours.
    static constexpr qsizetype MaxLineLength = 65535;
    static constexpr qsizetype MaxFileSize = 16 * 1024 * 1024;
    // Bound on what stages hand on to the stages built FROM them (variables, ONBUILD
    // triggers) and on the steps: hostile input can make these grow with the square of
    // its size. Real Dockerfiles stay far below.
    static constexpr qsizetype MaxInheritedWork = 200000;

    // nullopt and *error (if given) when the content is not a Dockerfile BuildKit would
    // build with these options. `path` only names the file in the result and in errors.
    static std::optional<Dockerfile> parse(const QByteArray &content, const QString &path,
                                           const Options &options, DockerfileError *error);
    static std::optional<Dockerfile> parseFile(const QString &path, const Options &options,
                                               DockerfileError *error);
};

} // namespace Cachelab
