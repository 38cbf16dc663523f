// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lint/BuildCommandChecks.h"

#include "core/lint/CacheBackendKeys.h"
#include "core/lint/LintText.h"
#include "core/text/EditDistance.h"

#include <utility>

namespace Cachelab {

namespace {

bool usable(const CacheFlag &flag)
{
    return flag.parseError.isEmpty();
}

bool isInlineExport(const CacheFlag &flag)
{
    return flag.kind == CacheFlag::Kind::InlineBuildArg
        || (flag.kind == CacheFlag::Kind::Export && flag.isInline());
}

// Where a cache is kept, for comparing an export with an import: a registry ref (an inline
// cache is kept in the image, so its refs are the image's names) or a local directory.
struct Location
{
    bool local = false;
    QStringList places; // comparable refs or directories
};

Location exportLocation(const CacheFlag &flag, const BuildCommand &build)
{
    Location location;
    if (isInlineExport(flag)) {
        for (const QString &name : build.imageNames())
            location.places.append(LintText::comparableRef(name));
    } else if (flag.type() == QLatin1String("registry")) {
        location.places.append(LintText::comparableRef(flag.ref()));
    } else if (flag.type() == QLatin1String("local")) {
        location.local = true;
        location.places.append(
            LintText::comparableRef(flag.attributes.value(QStringLiteral("dest"))));
    }
    location.places.removeAll(QString());
    return location;
}

Location importLocation(const CacheFlag &flag)
{
    Location location;
    if (flag.type() == QLatin1String("registry")) {
        location.places.append(LintText::comparableRef(flag.ref()));
    } else if (flag.type() == QLatin1String("local")) {
        location.local = true;
        location.places.append(
            LintText::comparableRef(flag.attributes.value(QStringLiteral("src"))));
    }
    location.places.removeAll(QString());
    return location;
}

} // namespace

BuildCommandChecks::BuildCommandChecks(const BuildCommand &build, const QString &path,
                                       const QStringList &pushedImages,
                                       QList<LintFinding> *findings)
    : m_build(build)
    , m_path(path)
    , m_pushedImages(pushedImages)
    , m_findings(findings)
{ }

void BuildCommandChecks::check()
{
    checkOutputKeys();
    checkRefs();
    checkInlinePush();
    checkBuildctlInlineArg();
}

void BuildCommandChecks::add(int line, const char *code, const char *severity,
                             const QString &message, const QString &suggestion)
{
    m_findings->append({ m_path, line, QString::fromLatin1(code), QString::fromLatin1(severity),
                         message, suggestion });
}

void BuildCommandChecks::checkRefs()
{
    struct Import
    {
        Location location;
        int line;
    };
    QList<Import> imports;
    for (const CacheFlag &flag : m_build.cacheFlags) {
        if (flag.kind == CacheFlag::Kind::Import && usable(flag)) {
            const Location location = importLocation(flag);
            if (!location.places.isEmpty())
                imports.append({ location, flag.line });
        }
    }
    for (const CacheFlag &flag : m_build.cacheFlags) {
        if (!flag.isExport() || !usable(flag))
            continue;
        const Location exported = exportLocation(flag, m_build);
        if (exported.places.isEmpty())
            continue; // gha, s3, azblob, or an inline cache in an image with no name
        QList<Import> sameKind;
        bool found = false;
        for (const Import &import : std::as_const(imports)) {
            if (import.location.local != exported.local)
                continue;
            sameKind.append(import);
            for (const QString &place : import.location.places)
                found = found || exported.places.contains(place);
        }
        const bool inlineCache = isInlineExport(flag);
        const QString to = LintText::code(exported.places.first());
        const QString suggestedImport = m_build.tool == BuildCommand::Tool::Buildctl
            ? QStringLiteral("--import-cache type=%1,%2=%3")
                  .arg(exported.local ? QStringLiteral("local") : QStringLiteral("registry"),
                       exported.local ? QStringLiteral("src") : QStringLiteral("ref"),
                       exported.places.first())
            : QStringLiteral("--cache-from %1").arg(exported.places.first());
        if (sameKind.isEmpty()) {
            add(flag.line, "export-without-import", "info",
                QStringLiteral("%1 %2 but this build imports no cache: a builder without local "
                               "cache will not reuse it")
                    .arg(inlineCache ? QStringLiteral("the inline cache travels in the image")
                                     : QStringLiteral("the cache is exported to"),
                         to),
                QStringLiteral("add %1").arg(LintText::code(suggestedImport)));
            continue;
        }
        if (found)
            continue;
        const Import &first = sameKind.first();
        add(flag.line, "ref-mismatch", "warning",
            QStringLiteral("%1 %2 but imported from %3 (line %4): the next build will not find "
                           "what this one exports")
                .arg(inlineCache ? QStringLiteral("the inline cache travels in the image")
                                 : QStringLiteral("the cache is exported to"),
                     to, LintText::code(first.location.places.first()))
                .arg(first.line),
            QStringLiteral("import from the same place: %1").arg(LintText::code(suggestedImport)));
    }
}

void BuildCommandChecks::checkInlinePush()
{
    const CacheFlag *inlineFlag = nullptr;
    for (const CacheFlag &flag : m_build.cacheFlags) {
        if (isInlineExport(flag) && usable(flag)) {
            inlineFlag = &flag;
            break;
        }
    }
    if (!inlineFlag || m_build.pushesImage())
        return;
    if (m_build.tool == BuildCommand::Tool::Buildctl) {
        const BuildOutput *image = nullptr;
        for (const BuildOutput &output : m_build.outputs) {
            if (output.type() == QLatin1String("image"))
                image = &output;
        }
        if (image)
            add(image->line, "registry-without-push", "warning",
                QStringLiteral("the inline cache travels in the image, but %1 does not push it: a "
                               "later build has no cache to import")
                    .arg(LintText::code(QStringLiteral("--output ") + image->raw)),
                QStringLiteral("add %1").arg(LintText::code(QStringLiteral("push=true"))));
        else
            add(inlineFlag->line, "registry-without-push", "warning",
                QStringLiteral("the inline cache travels in the image, but this build pushes no "
                               "image: a later build has no cache to import"),
                QStringLiteral("add %1").arg(
                    LintText::code(QStringLiteral("--output type=image,name=<image>,push=true"))));
        return;
    }
    for (const QString &name : m_build.imageNames()) {
        for (const QString &pushed : m_pushedImages) {
            if (LintText::comparableRef(pushed) == LintText::comparableRef(name))
                return;
        }
    }
    const QStringList names = m_build.imageNames();
    const QString image
        = names.isEmpty() ? QStringLiteral("the image") : LintText::code(names.first());
    if (m_build.tool == BuildCommand::Tool::Buildx)
        add(inlineFlag->line, "registry-without-push", "warning",
            QStringLiteral("the inline cache travels in %1, but the build does not push it "
                           "(no %2, and no %3 of it in this script): a later build on another "
                           "builder has no cache to import")
                .arg(image, LintText::code(QStringLiteral("--push")),
                     LintText::code(QStringLiteral("docker push"))),
            QStringLiteral("add %1").arg(LintText::code(QStringLiteral("--push"))));
    else
        add(inlineFlag->line, "registry-without-push", "info",
            QStringLiteral("the inline cache travels in %1, which this script never pushes: only "
                           "this engine can use it")
                .arg(image),
            QStringLiteral("push it: %1")
                .arg(LintText::code(
                    QStringLiteral("docker push ")
                    + (names.isEmpty() ? QStringLiteral("<image>") : names.first()))));
}

void BuildCommandChecks::checkBuildctlInlineArg()
{
    if (m_build.ignoredInlineBuildArgLine == 0)
        return;
    bool exportsInline = false;
    for (const CacheFlag &flag : m_build.cacheFlags)
        exportsInline = exportsInline || (flag.isExport() && flag.isInline());
    add(m_build.ignoredInlineBuildArgLine, "inline-build-arg-ignored",
        exportsInline ? "info" : "warning",
        exportsInline
            ? QStringLiteral("buildctl ignores %1; the %2 of this build writes the inline cache")
                  .arg(LintText::code(QStringLiteral("BUILDKIT_INLINE_CACHE")),
                       LintText::code(QStringLiteral("--export-cache type=inline")))
            : QStringLiteral("buildctl ignores %1: without %2 no inline cache is written")
                  .arg(LintText::code(QStringLiteral("BUILDKIT_INLINE_CACHE")),
                       LintText::code(QStringLiteral("--export-cache type=inline"))),
        exportsInline ? QStringLiteral("drop the build-arg")
                      : QStringLiteral("use %1").arg(
                          LintText::code(QStringLiteral("--export-cache type=inline"))));
}

void BuildCommandChecks::checkOutputKeys()
{
    // Only likely misspellings: the image exporters read more keys than are listed here
    // (attestations, annotations with their own prefixes), so an unknown key alone proves
    // nothing. `pus=true` does: the image, and an inline cache in it, is never pushed.
    const QStringList known = CacheBackendKeys::imageOutputKeys();
    for (const BuildOutput &output : m_build.outputs) {
        if (output.type() != QLatin1String("image") && output.type() != QLatin1String("registry"))
            continue;
        for (auto it = output.attributes.cbegin(); it != output.attributes.cend(); ++it) {
            const QString &key = it.key();
            if (known.contains(key) || key.startsWith(QLatin1String("annotation"))
                || key.startsWith(QLatin1String("attest")))
                continue;
            const QString nearest = EditDistance::nearest(key, known);
            if (nearest.isEmpty())
                continue;
            add(output.line, "unknown-key", "error",
                QStringLiteral("unknown image output key %1: BuildKit ignores it")
                    .arg(LintText::code(key)),
                QStringLiteral("use %1").arg(
                    LintText::code(nearest + QLatin1Char('=') + it.value())));
        }
    }
}

} // namespace Cachelab
