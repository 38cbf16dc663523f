# SPDX-License-Identifier: GPL-3.0-or-later
# The registry cache inspector: registry HTTP API v2 client (QtNetwork), Docker credentials,
# cache manifest and cacheconfig decoding. Paths relative to app/core.
list(APPEND CACHELAB_CORE_SOURCES
    registry/AuthChallenge.cpp registry/AuthChallenge.h
    registry/CacheConfig.cpp registry/CacheConfig.h
    registry/CacheInspection.cpp registry/CacheInspection.h
    registry/CacheInspector.cpp registry/CacheInspector.h
    registry/CacheManifest.cpp registry/CacheManifest.h
    registry/CacheModeGuess.cpp registry/CacheModeGuess.h
    registry/DockerCredentials.cpp registry/DockerCredentials.h
    registry/ImageHistory.cpp registry/ImageHistory.h
    registry/ImageRef.cpp registry/ImageRef.h
    registry/ManifestDescriptor.h
    registry/RegistryClient.cpp registry/RegistryClient.h
    registry/RegistryCredentials.h
    registry/RegistryError.cpp registry/RegistryError.h
)
