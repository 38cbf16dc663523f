// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class QTextStream;

namespace Cachelab {

// `cachelab doctor [--format text|json] [--timeout S]`: the environment check without a
// window — docker CLI, engine (DOCKER_HOST), buildx and a docker-container builder, the
// moby/buildkit:master image, the registry of DOCKER_REPO — each with what to do when it
// is missing. Uses the caller's environment. Needs a running QCoreApplication; exit status
// 0 when everything is there, 1 when not, 2 on a usage error.
class DoctorCommand
{
public:
    static int run(const QStringList &arguments, QTextStream &out, QTextStream &err);
};

} // namespace Cachelab
