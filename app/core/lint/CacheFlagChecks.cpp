// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lint/CacheFlagChecks.h"

#include "core/lint/CacheBackendKeys.h"
#include "core/lint/LintText.h"
#include "core/text/EditDistance.h"

namespace Cachelab {

namespace {

CacheBackendKeys::Direction directionOf(const CacheFlag &flag)
{
    return flag.isExport() ? CacheBackendKeys::Direction::Export
                           : CacheBackendKeys::Direction::Import;
}

QString what(const CacheFlag &flag) // "cache export", "cache import"
{
    return flag.isExport() ? QStringLiteral("cache export") : QStringLiteral("cache import");
}

} // namespace

CacheFlagChecks::CacheFlagChecks(const BuildCommand &build, const TargetStages &stages,
                                 QList<LintFinding> *findings)
    : m_build(build)
    , m_stages(stages)
    , m_findings(findings)
{ }

void CacheFlagChecks::check(const CacheFlag &flag)
{
    if (flag.kind == CacheFlag::Kind::InlineBuildArg) {
        checkInline(flag);
        return;
    }
    if (!checkSyntax(flag) || !checkType(flag))
        return;
    const bool modeMisspelt = checkKeys(flag);
    checkMode(flag, modeMisspelt);
    checkInline(flag);
}

void CacheFlagChecks::add(const CacheFlag &flag, const char *code, const char *severity,
                          const QString &message, const QString &suggestion)
{
    m_findings->append({ flag.file, flag.line, QString::fromLatin1(code),
                         QString::fromLatin1(severity), message, suggestion });
}

bool CacheFlagChecks::checkSyntax(const CacheFlag &flag)
{
    if (flag.parseError.isEmpty())
        return true;
    const QString example = QStringLiteral("write it as %1")
                                .arg(LintText::code(QStringLiteral("type=registry,ref=<image>")));
    if (flag.raw.trimmed().isEmpty())
        add(flag, "malformed-flag", "error",
            QStringLiteral("%1 has no value: the build fails").arg(LintText::code(flag.flag)),
            example);
    else
        add(flag, "malformed-flag", "error",
            QStringLiteral("%1 %2 cannot be read (%3): the build fails")
                .arg(LintText::code(flag.flag), LintText::code(flag.raw), flag.parseError),
            example);
    return false;
}

bool CacheFlagChecks::checkType(const CacheFlag &flag)
{
    const CacheBackendKeys::Direction direction = directionOf(flag);
    const QString type = flag.type();
    if (!flag.isExport() && type == QLatin1String("inline")) {
        const QStringList images = m_build.imageNames();
        add(flag, "inline-import", "error",
            QStringLiteral("%1 is not a cache import type: BuildKit fails with \"unknown cache "
                           "importer\"")
                .arg(LintText::code(QStringLiteral("type=inline"))),
            QStringLiteral("import an inline cache from its image: %1")
                .arg(LintText::code(
                    QStringLiteral("type=registry,ref=%1")
                        .arg(images.isEmpty() ? QStringLiteral("<image>") : images.first()))));
        return false;
    }
    if (!CacheBackendKeys::isKnownType(type, direction)) {
        const QStringList types = CacheBackendKeys::types(direction);
        const QString nearest = EditDistance::nearest(type, types);
        add(flag, "unknown-type", "error",
            QStringLiteral("unknown %1 type %2: BuildKit fails the build")
                .arg(what(flag), LintText::code(type)),
            nearest.isEmpty()
                ? QStringLiteral("types: %1").arg(LintText::codeList(types))
                : QStringLiteral("use %1").arg(LintText::code(QStringLiteral("type=") + nearest)));
        return false;
    }
    QString required;
    if (type == QLatin1String("registry"))
        required = QStringLiteral("ref");
    else if (type == QLatin1String("local"))
        required = flag.isExport() ? QStringLiteral("dest") : QStringLiteral("src");
    if (!required.isEmpty() && flag.attributes.value(required).trimmed().isEmpty()) {
        add(flag, "missing-attribute", "error",
            QStringLiteral("the %1 %2 has no %3: BuildKit fails the build")
                .arg(type, what(flag), LintText::code(required)),
            QStringLiteral("add %1").arg(
                LintText::code(required
                               + (required == QLatin1String("ref")
                                      ? QStringLiteral("=<registry>/<repository>:<tag>")
                                      : QStringLiteral("=<directory>")))));
    }
    return true;
}

bool CacheFlagChecks::checkKeys(const CacheFlag &flag)
{
    const CacheBackendKeys::Direction direction = directionOf(flag);
    const QString type = flag.type();
    bool modeMisspelt = false;
    for (auto it = flag.attributes.cbegin(); it != flag.attributes.cend(); ++it) {
        const QString &key = it.key();
        const QString &value = it.value();
        const QString written = LintText::code(key + QLatin1Char('=') + value);
        if (CacheBackendKeys::isKnownKey(type, direction, key))
            continue;
        if (!flag.isExport()
            && CacheBackendKeys::isKnownKey(type, CacheBackendKeys::Direction::Export, key)) {
            add(flag, "export-only-key", "info",
                QStringLiteral("%1 only applies to a cache export: BuildKit ignores it on %2")
                    .arg(written, LintText::code(flag.flag)),
                QStringLiteral("set it on %1")
                    .arg(LintText::code(LintText::exportFlag(m_build.tool))));
            continue;
        }
        if (flag.isExport() && type == QLatin1String("registry") && key == QLatin1String("push")) {
            add(flag, "ignored-key", "info",
                QStringLiteral("the registry cache exporter has no %1 key: it always pushes the "
                               "cache to %2, so %3 is ignored")
                    .arg(LintText::code(key), LintText::code(QStringLiteral("ref")), written),
                QStringLiteral("drop %1").arg(written));
            continue;
        }
        if (type == QLatin1String("inline") && key == QLatin1String("mode")) {
            add(flag, "inline-mode", "warning",
                QStringLiteral("the inline cache exporter ignores %1: an inline cache is always "
                               "min mode")
                    .arg(written),
                QStringLiteral("for max mode export a registry cache: %1")
                    .arg(LintText::code(QStringLiteral("%1 type=registry,ref=<cache ref>,mode=max")
                                            .arg(LintText::exportFlag(m_build.tool)))));
            continue;
        }
        const QString nearest = EditDistance::nearest(key, CacheBackendKeys::keys(type, direction));
        if (nearest.isEmpty()) {
            const QStringList known = CacheBackendKeys::keys(type, direction);
            add(flag, "unknown-key", "warning",
                QStringLiteral("unknown %1 key %2 for type %3: BuildKit ignores it")
                    .arg(what(flag), LintText::code(key), type),
                known.isEmpty() ? QStringLiteral("the %1 %2 takes no keys").arg(type, what(flag))
                                : QStringLiteral("it reads %1").arg(LintText::codeList(known)));
            continue;
        }
        if (flag.isExport() && nearest == QLatin1String("mode")) {
            modeMisspelt = true;
            const bool valid = value == QLatin1String("min") || value == QLatin1String("max");
            QString message = QStringLiteral("unknown cache export key %1: BuildKit ignores it and "
                                             "exports in min mode")
                                  .arg(LintText::code(key));
            if (m_stages.isMultiStage())
                message += QStringLiteral(", which keeps %1").arg(LintText::minModeKeeps(m_stages));
            add(flag, "unknown-key", "error", message,
                QStringLiteral("use %1").arg(LintText::code(
                    QStringLiteral("mode=") + (valid ? value : QStringLiteral("max")))));
            continue;
        }
        add(flag, "unknown-key", "error",
            QStringLiteral("unknown %1 key %2: BuildKit ignores it")
                .arg(what(flag), LintText::code(key)),
            QStringLiteral("use %1").arg(LintText::code(nearest + QLatin1Char('=') + value)));
    }
    for (const QString &key : flag.duplicateKeys) {
        add(flag, "duplicate-key", "warning",
            QStringLiteral(
                "%1 is given more than once in one flag: BuildKit keeps the last one (%2)")
                .arg(LintText::code(key),
                     LintText::code(key + QLatin1Char('=') + flag.attributes.value(key))),
            QStringLiteral("keep one %1").arg(LintText::code(key + QLatin1Char('='))));
    }
    return modeMisspelt;
}

void CacheFlagChecks::checkMode(const CacheFlag &flag, bool modeMisspelt)
{
    if (!flag.isExport() || flag.isInline())
        return;
    const QString mode = QStringLiteral("mode");
    if (flag.attributes.contains(mode)) {
        const QString value = flag.attributes.value(mode);
        if (value == QLatin1String("min") || value == QLatin1String("max"))
            return;
        const QString nearest = EditDistance::nearest(
            value.toLower(), { QStringLiteral("min"), QStringLiteral("max") });
        add(flag, "invalid-mode", "error",
            QStringLiteral("%1 is neither %2 nor %3: BuildKit ignores it and exports in min mode")
                .arg(LintText::code(QStringLiteral("mode=") + value),
                     LintText::code(QStringLiteral("min")), LintText::code(QStringLiteral("max"))),
            QStringLiteral("use %1").arg(LintText::code(
                QStringLiteral("mode=") + (nearest.isEmpty() ? QStringLiteral("max") : nearest))));
        return;
    }
    if (modeMisspelt || (m_stages.known && !m_stages.isMultiStage()))
        return;
    if (m_stages.isMultiStage())
        add(flag, "missing-mode", "warning",
            QStringLiteral(
                "the cache export has no %1: BuildKit exports in min mode, which keeps %2")
                .arg(LintText::code(mode), LintText::minModeKeeps(m_stages)),
            QStringLiteral("add %1").arg(LintText::code(QStringLiteral("mode=max"))));
    else
        add(flag, "missing-mode", "info",
            QStringLiteral("the cache export has no %1: BuildKit exports in min mode, which keeps "
                           "only the final stage's layers (give the Dockerfile to know whether "
                           "the target needs other stages)")
                .arg(LintText::code(mode)),
            QStringLiteral("add %1 for a multi-stage target")
                .arg(LintText::code(QStringLiteral("mode=max"))));
}

void CacheFlagChecks::checkInline(const CacheFlag &flag)
{
    if (flag.kind != CacheFlag::Kind::InlineBuildArg && !(flag.isExport() && flag.isInline()))
        return;
    if (m_stages.known && !m_stages.isMultiStage())
        return;
    QString suggestion;
    const QString registryMax = QStringLiteral("type=registry,ref=<cache ref>,mode=max");
    switch (m_build.tool) {
    case BuildCommand::Tool::Buildctl:
        suggestion = QStringLiteral("export a registry cache instead: %1")
                         .arg(LintText::code(QStringLiteral("--export-cache ") + registryMax));
        break;
    case BuildCommand::Tool::Buildx:
        suggestion = QStringLiteral("use %1").arg(
            LintText::code(QStringLiteral("--cache-to ") + registryMax));
        break;
    case BuildCommand::Tool::DockerBuild:
        suggestion = QStringLiteral("build with %1 on a docker-container builder")
                         .arg(LintText::code(QStringLiteral("docker buildx build --cache-to ")
                                             + registryMax));
        break;
    }
    if (m_stages.isMultiStage())
        add(flag, "inline-multi-stage", "warning",
            QStringLiteral("an inline cache is always min mode: it keeps %1, so those run again "
                           "on a builder that has only the imported cache")
                .arg(LintText::minModeKeeps(m_stages)),
            suggestion);
    else
        add(flag, "inline-multi-stage", "info",
            QStringLiteral("an inline cache is always min mode: it keeps only the final stage's "
                           "layers, so any other stage the target needs runs again on a fresh "
                           "builder (give the Dockerfile to check)"),
            suggestion);
}

} // namespace Cachelab
