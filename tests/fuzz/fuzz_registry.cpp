// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer: what a registry sends back, on any input: a cacheconfig blob (also as an inline
// cache over three layers), a cache manifest or image index under each content type the
// registry client meets, and a 401's WWW-Authenticate header. A refusal must say why; a
// parsed cacheconfig's chains must name only layers it has.
#include "core/registry/AuthChallenge.h"
#include "core/registry/CacheConfig.h"
#include "core/registry/CacheManifest.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace Cachelab;
    if (size == 0)
        return 0;
    // The first byte picks the reader: one corpus reaches all of them.
    const QByteArray input(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    QString error;
    switch (data[0] % 6) {
    case 0:
        if (const auto config = CacheConfig::parse(input, &error)) {
            const qsizetype layers = config->layers().size();
            for (int layer = 0; layer < layers; ++layer) {
                for (const int link : config->chainOf(layer)) {
                    if (link < 0 || link >= layers)
                        std::abort();
                }
            }
        } else if (error.isEmpty()) {
            std::abort();
        }
        break;
    case 1:
        if (!CacheConfig::parseInline(input, { QStringLiteral("sha256:a"), QStringLiteral("sha256:b"),
                                               QStringLiteral("sha256:c") },
                                      &error)
            && error.isEmpty())
            std::abort();
        break;
    case 2:
    case 3:
    case 4: {
        static const QString types[] = { QStringLiteral("application/vnd.oci.image.index.v1+json"),
                                         QStringLiteral("application/vnd.oci.image.manifest.v1+json"),
                                         QStringLiteral("application/vnd.docker.distribution.manifest.list.v2+json") };
        if (!CacheManifest::parse(input, types[data[0] % 6 - 2], &error) && error.isEmpty())
            std::abort();
        break;
    }
    case 5: {
        const AuthChallenge challenge = AuthChallenge::parse(input);
        if (challenge.scheme() == AuthChallenge::Scheme::None && !challenge.realm().isEmpty())
            std::abort(); // parameters without a scheme
        break;
    }
    }
    return 0;
}
