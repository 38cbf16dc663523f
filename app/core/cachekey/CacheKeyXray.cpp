// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cachekey/CacheKeyXray.h"

#include "core/dockerfile/Dockerfile.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace Cachelab {

namespace {

constexpr int kMaxDepth = 64; // parent chains of real Dockerfiles are far shorter

QJsonObject jsonOf(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

QList<QJsonObject> fileActions(const QJsonObject &op)
{
    QList<QJsonObject> actions;
    if (op.value(QLatin1String("Type")).toString() != QLatin1String("buildkit.file.v0"))
        return actions;
    for (const QJsonValue &action : op.value(QLatin1String("Actions")).toArray())
        actions.append(jsonOf(QByteArray::fromBase64(action.toString().toLatin1())));
    return actions;
}

QJsonObject execMeta(const QJsonObject &op)
{
    if (op.value(QLatin1String("Type")).toString() != QLatin1String("buildkit.exec.v0"))
        return {};
    return op.value(QLatin1String("Exec")).toObject().value(QLatin1String("meta")).toObject();
}

QString trimmedPath(QString path)
{
    while (path.startsWith(QLatin1String("./")))
        path = path.mid(2);
    while (path.size() > 1 && path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return path == QLatin1String(".") ? QString() : path;
}

bool copies(const QJsonObject &op, const XrayStep &step)
{
    const QList<QJsonObject> actions = fileActions(op);
    if (actions.isEmpty())
        return false;
    const QString destination = trimmedPath(step.destination);
    for (const QString &source : step.sources) {
        const QString name = trimmedPath(source).section(QLatin1Char('/'), -1);
        const bool found = std::any_of(actions.begin(), actions.end(), [&](const QJsonObject &action) {
            if (!action.contains(QLatin1String("src")) || action.value(QLatin1String("src")).toString() != name)
                return false;
            return trimmedPath(action.value(QLatin1String("dest")).toString()) == destination;
        });
        if (!found)
            return false;
    }
    return !step.sources.isEmpty();
}

bool matches(const QJsonObject &op, const XrayStep &step)
{
    switch (step.kind) {
    case XrayStep::Kind::From:
        return op.contains(QLatin1String("Digest")) && !op.contains(QLatin1String("Type"));
    case XrayStep::Kind::Copy:
        return copies(op, step);
    case XrayStep::Kind::Run: {
        const QJsonArray args = execMeta(op).value(QLatin1String("args")).toArray();
        return !args.isEmpty() && args.last().toString() == step.command;
    }
    case XrayStep::Kind::Workdir: {
        const QString path = trimmedPath(step.path);
        for (const QJsonObject &action : fileActions(op)) {
            if (action.contains(QLatin1String("path")) && !action.contains(QLatin1String("src"))
                && trimmedPath(action.value(QLatin1String("path")).toString()) == path)
                return true;
        }
        return false;
    }
    case XrayStep::Kind::Other:
        break;
    }
    return false;
}

} // namespace

QList<XrayStep> XrayStep::of(const Dockerfile &dockerfile)
{
    QList<XrayStep> steps;
    // Each stage's working directory as its steps go (a stage built FROM another starts
    // in that one's last): COPY destinations are made absolute against it, as BuildKit's
    // file ops have them.
    QHash<int, QString> finalWorkdir;
    for (const DockerfileStage &stage : dockerfile.stages()) {
        QString workdir = stage.base.stage >= 0 ? finalWorkdir.value(stage.base.stage, QStringLiteral("/"))
                                                : QStringLiteral("/");
        const auto absolute = [&workdir](const QString &path) {
            if (path.startsWith(QLatin1Char('/')))
                return trimmedPath(path);
            const QString relative = trimmedPath(path);
            if (relative.isEmpty())
                return trimmedPath(workdir);
            return trimmedPath(workdir == QLatin1String("/") ? QString(QLatin1Char('/') + relative)
                                                             : QString(workdir + QLatin1Char('/') + relative));
        };
        for (const DockerfileStep &dockerfileStep : stage.steps) {
            if (dockerfileStep.kind == DockerfileStep::Kind::Workdir)
                workdir = absolute(dockerfileStep.text.section(QLatin1Char(' '), 1));
        }
        finalWorkdir.insert(stage.index, workdir);
        if (!stage.needed)
            continue;
        workdir = stage.base.stage >= 0 ? finalWorkdir.value(stage.base.stage, QStringLiteral("/"))
                                        : QStringLiteral("/");
        for (const DockerfileStep &dockerfileStep : stage.steps) {
            const DockerfileStage &owner = dockerfileStep.onbuildTrigger && stage.base.stage >= 0
                ? dockerfile.stages().at(stage.base.stage)
                : stage;
            if (dockerfileStep.instruction < 0 || dockerfileStep.instruction >= owner.instructions.size())
                continue;
            const DockerfileInstruction &written = owner.instructions.at(dockerfileStep.instruction);
            const DockerfileInstruction &instruction
                = dockerfileStep.onbuildTrigger && written.trigger ? *written.trigger : written;
            XrayStep step;
            step.ref = { stage.index, dockerfileStep.number };
            step.label = dockerfileStep.label;
            switch (dockerfileStep.kind) {
            case DockerfileStep::Kind::From:
                step.kind = Kind::From;
                break;
            case DockerfileStep::Kind::Copy:
            case DockerfileStep::Kind::Add:
                step.kind = Kind::Copy;
                if (instruction.arguments.size() >= 2) {
                    step.sources = instruction.arguments.mid(0, instruction.arguments.size() - 1);
                    step.destination = absolute(instruction.arguments.constLast());
                }
                break;
            case DockerfileStep::Kind::Run:
                step.kind = Kind::Run;
                step.command = instruction.json ? instruction.arguments.join(QLatin1Char(' '))
                                                : instruction.arguments.value(0);
                break;
            case DockerfileStep::Kind::Workdir:
                step.kind = Kind::Workdir;
                workdir = absolute(dockerfileStep.text.section(QLatin1Char(' '), 1));
                step.path = workdir;
                break;
            }
            steps.append(step);
        }
    }
    return steps;
}

QString XrayCause::toText() const
{
    switch (kind) {
    case Kind::Content:
        return QStringLiteral("content of %1 changed (checksum %2 → %3)").arg(subject, before, after);
    case Kind::Mode:
        return QStringLiteral("mode of %1 %2 → %3").arg(subject, before, after);
    case Kind::FileAdded:
        return QStringLiteral("%1 was added").arg(subject);
    case Kind::FileRemoved:
        return QStringLiteral("%1 was removed").arg(subject);
    case Kind::ParentStep:
        return QStringLiteral("its parent step %1 changed").arg(subject);
    case Kind::BaseImage:
        return QStringLiteral("base image resolved to %1 → %2").arg(before, after);
    case Kind::Command:
        return QStringLiteral("command text changed (%1 → %2)").arg(before, after);
    case Kind::Environment:
        return before.isEmpty() ? QStringLiteral("%1 set to %2 (a build argument or ENV)").arg(subject, after)
            : after.isEmpty()   ? QStringLiteral("%1 no longer set (was %2)").arg(subject, before)
                                : QStringLiteral("%1 %2 → %3 (a build argument or ENV)").arg(subject, before, after);
    case Kind::SameKey:
        return QStringLiteral("the cache key was the same in both runs: its result was not there (not in "
                              "the imported cache, or pruned)");
    case Kind::NotFound:
        return QStringLiteral("no record of %1 in %2").arg(step, subject);
    }
    return {};
}

CacheKeyXray::CacheKeyXray(const CacheDebugData &before, const CacheDebugData &after,
                           const QList<XrayStep> &steps)
    : m_before(before)
    , m_after(after)
    , m_steps(steps)
{
}

QList<const CacheDebugData::Record *> CacheKeyXray::recordsOf(const CacheDebugData &data, const XrayStep &step)
{
    QList<const CacheDebugData::Record *> found;
    for (const CacheDebugData::Record &record : data.records()) {
        if (!record.op.isEmpty() && matches(record.op, step))
            found.append(&record);
    }
    return found;
}

QString CacheKeyXray::identity(const CacheDebugData &data, const CacheDebugData::Record &record, int depth) const
{
    const QPair<const CacheDebugData *, int> key(&data, record.id);
    if (const auto it = m_identities.constFind(key); it != m_identities.constEnd())
        return *it;
    // The record's own key: the op reference its parent links name, or for a record with
    // no parents (a source, a content key) its texts but the selectors. Not every text of
    // its "debug" list: that list grows with the links other builds add.
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QStringList own;
    for (const CacheDebugData::Parent &parent : record.parents)
        own.append(parent.digest);
    if (own.isEmpty()) {
        for (const QString &digest : record.texts) {
            const CacheKeyText *text = data.text(digest);
            if (!text || text->kind != CacheKeyText::Kind::StringList)
                own.append(digest);
        }
    }
    own.removeDuplicates();
    own.sort();
    hash.addData(own.join(QLatin1Char(',')).toUtf8());
    QStringList parents;
    if (depth < kMaxDepth) {
        for (const CacheDebugData::Parent &parent : record.parents) {
            const CacheDebugData::Record *target = data.record(parent.target);
            if (!target || target->random)
                continue; // a session's source: another one every build
            parents.append(QStringLiteral("%1:%2:%3").arg(parent.input).arg(parent.selector,
                                                                       identity(data, *target, depth + 1)));
        }
    }
    parents.sort();
    hash.addData(parents.join(QLatin1Char(';')).toUtf8());
    const QString id = QString::fromLatin1(hash.result().toHex());
    m_identities.insert(key, id);
    return id;
}

QString CacheKeyXray::labelOf(const CacheDebugData &data, const CacheDebugData::Record &record) const
{
    // Which step each record is, worked out once per answer (the first step whose op it is).
    QHash<int, QString> &labels = m_labels[&data];
    if (labels.isEmpty()) {
        for (const XrayStep &step : m_steps) {
            for (const CacheDebugData::Record *found : recordsOf(data, step)) {
                if (!labels.contains(found->id))
                    labels.insert(found->id, step.label);
            }
        }
    }
    return labels.value(record.id, QStringLiteral("(an op of the build)"));
}

QList<XrayCause> CacheKeyXray::explain(const XrayStep &step) const
{
    QList<const CacheDebugData::Record *> inBefore = recordsOf(m_before, step);
    const QList<const CacheDebugData::Record *> inAfter = recordsOf(m_after, step);
    if (inBefore.isEmpty() && !inAfter.isEmpty())
        inBefore = samePlace(*inAfter.constLast());
    if (inBefore.isEmpty() || inAfter.isEmpty()) {
        XrayCause cause;
        cause.kind = XrayCause::Kind::NotFound;
        cause.step = step.label;
        cause.subject = inBefore.isEmpty() ? QStringLiteral("the first run's cache debug data")
                                           : QStringLiteral("the second run's cache debug data");
        return { cause };
    }
    QSet<QString> known;
    for (const CacheDebugData::Record *record : inBefore)
        known.insert(identity(m_before, *record));
    QList<const CacheDebugData::Record *> added;
    for (const CacheDebugData::Record *record : inAfter) {
        if (!known.contains(identity(m_after, *record)))
            added.append(record);
    }
    if (added.isEmpty()) {
        XrayCause cause;
        cause.kind = XrayCause::Kind::SameKey;
        cause.step = step.label;
        return { cause };
    }
    const CacheDebugData::Record &b = *added.constLast();
    // The record of the first run it is compared with: of the step's keys there, the one
    // sharing the most inputs (the store may hold older builds' keys too).
    QSet<QString> inputsOfB;
    for (const CacheDebugData::Parent &parent : b.parents) {
        if (const CacheDebugData::Record *target = m_after.record(parent.target))
            inputsOfB.insert(identity(m_after, *target));
    }
    const CacheDebugData::Record *a = inBefore.constFirst();
    int best = -1;
    for (const CacheDebugData::Record *candidate : inBefore) {
        int shared = 0;
        for (const CacheDebugData::Parent &parent : candidate->parents) {
            if (const CacheDebugData::Record *target = m_before.record(parent.target))
                shared += inputsOfB.contains(identity(m_before, *target)) ? 1 : 0;
        }
        if (shared > best) {
            best = shared;
            a = candidate;
        }
    }
    return compare(*a, b, step.label, 0);
}

// The records of the first run at the same place as `after` (an op of the same type on
// the same previous step): where an edited instruction's old op is, since its text no
// longer matches the step's.
QList<const CacheDebugData::Record *> CacheKeyXray::samePlace(const CacheDebugData::Record &after) const
{
    const QString type = after.op.value(QLatin1String("Type")).toString();
    QSet<QString> previous;
    for (const CacheDebugData::Parent &parent : after.parents) {
        const CacheDebugData::Record *target = m_after.record(parent.target);
        if (parent.input == 0 && target && !target->random)
            previous.insert(identity(m_after, *target));
    }
    QList<const CacheDebugData::Record *> found;
    if (type.isEmpty() || previous.isEmpty())
        return found;
    for (const CacheDebugData::Record &record : m_before.records()) {
        if (record.op.value(QLatin1String("Type")).toString() != type)
            continue;
        for (const CacheDebugData::Parent &parent : record.parents) {
            const CacheDebugData::Record *target = m_before.record(parent.target);
            if (parent.input == 0 && target && !target->random && previous.contains(identity(m_before, *target))) {
                found.append(&record);
                break;
            }
        }
    }
    return found;
}

QList<XrayCause> CacheKeyXray::compare(const CacheDebugData::Record &a, const CacheDebugData::Record &b,
                                       const QString &label, int depth) const
{
    const QJsonObject &opA = a.op;
    const QJsonObject &opB = b.op;
    if (opA != opB) {
        XrayCause cause;
        cause.step = label;
        if (opA.contains(QLatin1String("Digest")) && opB.contains(QLatin1String("Digest"))) {
            cause.kind = XrayCause::Kind::BaseImage;
            cause.before = opA.value(QLatin1String("Digest")).toString();
            cause.after = opB.value(QLatin1String("Digest")).toString();
            return { cause };
        }
        const QJsonObject metaA = execMeta(opA);
        const QJsonObject metaB = execMeta(opB);
        if (!metaA.isEmpty() && !metaB.isEmpty()
            && metaA.value(QLatin1String("args")) == metaB.value(QLatin1String("args"))) {
            // The same command in another environment: name the first variable that differs.
            QMap<QString, QString> envA;
            QMap<QString, QString> envB;
            for (const QJsonValue &value : metaA.value(QLatin1String("env")).toArray())
                envA.insert(value.toString().section(QLatin1Char('='), 0, 0), value.toString().section(QLatin1Char('='), 1));
            for (const QJsonValue &value : metaB.value(QLatin1String("env")).toArray())
                envB.insert(value.toString().section(QLatin1Char('='), 0, 0), value.toString().section(QLatin1Char('='), 1));
            QStringList names = envA.keys() + envB.keys();
            names.sort();
            for (const QString &name : std::as_const(names)) {
                if (envA.value(name) != envB.value(name) || envA.contains(name) != envB.contains(name)) {
                    cause.kind = XrayCause::Kind::Environment;
                    cause.subject = name;
                    cause.before = envA.value(name);
                    cause.after = envB.value(name);
                    return { cause };
                }
            }
        }
        cause.kind = XrayCause::Kind::Command;
        const QJsonArray argsA = metaA.value(QLatin1String("args")).toArray();
        const QJsonArray argsB = metaB.value(QLatin1String("args")).toArray();
        cause.before = argsA.isEmpty() ? QString::fromUtf8(QJsonDocument(opA).toJson(QJsonDocument::Compact)).left(200)
                                       : argsA.last().toString();
        cause.after = argsB.isEmpty() ? QString::fromUtf8(QJsonDocument(opB).toJson(QJsonDocument::Compact)).left(200)
                                      : argsB.last().toString();
        return { cause };
    }
    return firstDifferentInput(a, b, label, depth);
}

QList<XrayCause> CacheKeyXray::firstDifferentInput(const CacheDebugData::Record &a, const CacheDebugData::Record &b,
                                                   const QString &label, int depth) const
{
    int inputs = 0;
    for (const CacheDebugData::Parent &parent : a.parents + b.parents)
        inputs = qMax(inputs, parent.input + 1);
    for (int input = 0; input < inputs; ++input) {
        // This input's parents in each run, session sources left out; and the paths it
        // selects (from the session source's link).
        QList<const CacheDebugData::Record *> parentsA;
        QList<const CacheDebugData::Record *> parentsB;
        QStringList selected;
        auto gather = [&](const CacheDebugData &data, const CacheDebugData::Record &record,
                          QList<const CacheDebugData::Record *> *into) {
            for (const CacheDebugData::Parent &parent : record.parents) {
                if (parent.input != input)
                    continue;
                const CacheDebugData::Record *target = data.record(parent.target);
                if (!parent.selector.isEmpty() && selected.isEmpty())
                    selected = data.selectorPaths(parent.selector);
                if (target && !target->random)
                    into->append(target);
            }
        };
        gather(m_before, a, &parentsA);
        gather(m_after, b, &parentsB);
        QSet<QString> idsA;
        QSet<QString> idsB;
        for (const CacheDebugData::Record *record : std::as_const(parentsA))
            idsA.insert(identity(m_before, *record));
        for (const CacheDebugData::Record *record : std::as_const(parentsB))
            idsB.insert(identity(m_after, *record));
        if (idsA == idsB)
            continue;
        // A content key: the files under it.
        const auto content = [](const CacheDebugData &data, const QList<const CacheDebugData::Record *> &records) {
            for (const CacheDebugData::Record *record : records) {
                const QMap<QString, CacheKeyFile> files = data.contentFiles(*record);
                if (!files.isEmpty())
                    return files;
            }
            return QMap<QString, CacheKeyFile>();
        };
        const QMap<QString, CacheKeyFile> filesA = content(m_before, parentsA);
        const QMap<QString, CacheKeyFile> filesB = content(m_after, parentsB);
        if (!filesA.isEmpty() || !filesB.isEmpty()) {
            const QList<CacheKeyFileChange> changes = CacheDebugData::diff(filesA, filesB);
            if (!changes.isEmpty()) {
                const CacheKeyFileChange &change = changes.constFirst();
                QString base = selected.value(0);
                while (base.startsWith(QLatin1Char('/')))
                    base = base.mid(1);
                XrayCause cause;
                cause.step = label;
                cause.subject = base.isEmpty() ? change.path
                    : change.path.isEmpty()    ? base
                                               : base + QLatin1Char('/') + change.path;
                switch (change.kind) {
                case CacheKeyFileChange::Kind::Content:
                    cause.kind = XrayCause::Kind::Content;
                    cause.before = QStringLiteral("%1, %2 bytes").arg(change.before.digest.mid(7, 12)).arg(change.before.size);
                    cause.after = QStringLiteral("%1, %2 bytes").arg(change.after.digest.mid(7, 12)).arg(change.after.size);
                    break;
                case CacheKeyFileChange::Kind::Mode:
                    cause.kind = XrayCause::Kind::Mode;
                    cause.before = QStringLiteral("%1").arg(change.before.mode, 4, 8, QLatin1Char('0'));
                    cause.after = QStringLiteral("%1").arg(change.after.mode, 4, 8, QLatin1Char('0'));
                    break;
                case CacheKeyFileChange::Kind::Added:
                    cause.kind = XrayCause::Kind::FileAdded;
                    break;
                case CacheKeyFileChange::Kind::Removed:
                    cause.kind = XrayCause::Kind::FileRemoved;
                    break;
                }
                return { cause };
            }
        }
        // Another step's key: say which, then why it changed.
        const auto step = [&](const CacheDebugData &data, const QList<const CacheDebugData::Record *> &records) {
            for (const CacheDebugData::Record *record : records) {
                if (data.contentFiles(*record).isEmpty() && !record->op.isEmpty())
                    return record;
            }
            return static_cast<const CacheDebugData::Record *>(nullptr);
        };
        const CacheDebugData::Record *stepA = step(m_before, parentsA);
        const CacheDebugData::Record *stepB = step(m_after, parentsB);
        if (stepA && stepB && depth < kMaxDepth) {
            XrayCause cause;
            cause.kind = XrayCause::Kind::ParentStep;
            cause.step = label;
            cause.subject = labelOf(m_after, *stepB);
            return QList<XrayCause>{ cause } + compare(*stepA, *stepB, cause.subject, depth + 1);
        }
    }
    XrayCause cause;
    cause.kind = XrayCause::Kind::SameKey;
    cause.step = label;
    return { cause };
}

} // namespace Cachelab
