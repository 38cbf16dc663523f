// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <QString>

namespace Cachelab {

// A registry reference as the registry HTTP API needs it: `host[:port]/repo[:tag][@digest]`,
// with Docker's defaults (`alpine` is registry-1.docker.io/library/alpine:latest). Not the
// Dockerfile's ImageReference: this one knows where to connect (API host, TLS or not) and
// under which key credentials are stored.
class ImageRef
{
public:
    // nullopt and *error when `text` is not a reference.
    static std::optional<ImageRef> parse(const QString &text, QString *error = nullptr);

    // The host[:port] as written, `docker.io` for Docker Hub.
    QString domain() const { return m_domain; }
    // Where the API is: `registry-1.docker.io` for Docker Hub, else domain().
    QString apiHost() const;
    QString repository() const { return m_repository; } // library/alpine
    QString tag() const { return m_tag; } // empty when none was written
    QString digest() const { return m_digest; } // sha256:…, empty when none was written
    // What to ask /v2/<repo>/manifests/ for: the digest if any, else the tag, else `latest`.
    QString manifestReference() const;
    // The key of config.json's `auths` and of credential helpers: Docker Hub's is
    // `https://index.docker.io/v1/`, any other registry's its host[:port].
    QString credentialKey() const;

    bool isDockerHub() const { return m_domain == QLatin1String("docker.io"); }
    // 127.0.0.0/8, ::1 and localhost: plain HTTP is allowed there without --insecure.
    bool isLoopback() const;

    // domain/repository[:tag][@digest], normalised.
    QString toString() const;

private:
    QString m_domain;
    QString m_repository;
    QString m_tag;
    QString m_digest;
};

} // namespace Cachelab
