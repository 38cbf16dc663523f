// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <QString>

namespace Cachelab {

// An image reference normalised the way BuildKit does it (distribution/reference's
// ParseNormalizedNamed): `alpine` is `docker.io/library/alpine`, `me/app:1` is
// `docker.io/me/app:1`, `localhost:5000/app` keeps its registry.
class ImageReference
{
public:
    // nullopt and *error (BuildKit's wording) when `reference` is not a valid reference.
    static std::optional<ImageReference> parse(const QString &reference, QString *error = nullptr);

    QString domain() const { return m_domain; } // docker.io, localhost:5000, ...
    QString path() const { return m_path; } // library/alpine
    QString tag() const { return m_tag; } // empty when none was given
    QString digest() const { return m_digest; } // sha256:…, empty when none was given

    // domain/path[:tag][@digest]: what BuildKit v0.8 (Docker 20.10) prints after FROM for an
    // image it could not pin to a digest, e.g. `docker.io/library/alpine`.
    QString normalized() const;
    // normalized() with `:latest` when neither tag nor digest was given: what BuildKit asks the
    // registry for (`[internal] load metadata for docker.io/library/alpine:latest`) and what
    // current BuildKit prints after FROM, e.g. `docker.io/library/alpine:latest`.
    QString withDefaultTag() const;

private:
    QString m_domain;
    QString m_path;
    QString m_tag;
    QString m_digest;
};

} // namespace Cachelab
