// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lint/CacheFlag.h"
#include "core/lint/LintFinding.h"

#include <QList>
#include <QString>

#include <optional>

namespace Cachelab {

class Dockerfile;

// Lints the BuildKit cache flags of a build script: the mistakes that make a cache
// silently useless, each named with its file and line. The codes are stable:
//
//   error    unterminated-quote  a quote, $( or ` never closed: bash refuses the script
//   error    crlf-continuation   `\` then CRLF: bash does not join the lines
//   error    malformed-flag      a value that is not key=value pairs (the build fails)
//   error    unknown-type        a cache type BuildKit does not have (the build fails)
//   error    inline-import       `type=inline` on an import (the build fails)
//   error    missing-attribute   registry without `ref`, local without `dest`/`src`
//   error    unknown-key         a misspelt key (`mod`): BuildKit ignores it silently;
//   warning  unknown-key         ... or an unknown key with no likely spelling
//   error    invalid-mode        `mode=` neither min nor max: min is used
//   warning  duplicate-key       a key given twice in one flag: the last one wins
//   warning  missing-mode        no `mode` on a multi-stage target: min keeps the final stage only
//   warning  inline-multi-stage  an inline cache (always min) on a multi-stage target
//   warning  inline-mode         `mode=max` on an inline cache: ignored
//   warning  ref-mismatch        one build command exports to one ref and imports from another
//   warning  registry-without-push  an inline cache in an image that is never pushed
//   warning  inline-build-arg-ignored  buildctl --opt build-arg:BUILDKIT_INLINE_CACHE=1
//   info     ignored-key         `push` on a registry cache export (it always pushes)
//   info     export-only-key     `mode` and the like on an import: ignored there
//   info     export-without-import  nothing imported: a fresh builder will not reuse it
//
// Without a Dockerfile, the multi-stage checks say what they would mean at info level.
//
// On "registry cache without push where buildctl needs it": BuildKit's registry cache
// exporter (cache/remotecache/registry) reads only `ref`, `oci-mediatypes` and the shared
// compression/mode keys and always pushes to `ref`; its README exports with
// `--export-cache type=registry,ref=...` and no push key. So `push=true` there is ignored
// (info: ignored-key), and buildctl needs `push=true` only where the cache travels in the
// image: `--export-cache type=inline` with `--output type=image,...` (registry-without-push).
namespace CacheFlagLint {

QList<CacheFlag> flagsIn(const QString &scriptText, const QString &path);
// dockerfile: when given, "multi-stage target" checks use it (more than one needed
// stage; a build command's --target is followed when the Dockerfile has that stage)
QList<LintFinding> lint(const QString &scriptText, const QString &path,
                        const Dockerfile *dockerfile = nullptr);
// Empty list and *error when the file cannot be read.
QList<LintFinding> lintFile(const QString &path, const Dockerfile *dockerfile,
                            QString *error = nullptr);

// Scripts larger than this are not build scripts; lintFile refuses them.
constexpr qint64 MaxScriptSize = 4 * 1024 * 1024;

// A build script's text, as lint and explain read it: nullopt and *error (one line) for a
// file that cannot be read, is larger than MaxScriptSize, or is binary.
std::optional<QString> readScript(const QString &path, QString *error);

} // namespace CacheFlagLint

} // namespace Cachelab
