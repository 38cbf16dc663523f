# SPDX-License-Identifier: GPL-3.0-or-later
# Reproduction bundles (.cachelab): a manifest and the files of an investigation in a
# tar.gz written and read with libarchive. Paths relative to app/core.
list(APPEND CACHELAB_CORE_SOURCES
    bundle/Bundle.cpp bundle/Bundle.h
    bundle/BundleArchive.cpp bundle/BundleArchive.h
    bundle/BundleManifest.cpp bundle/BundleManifest.h
)
