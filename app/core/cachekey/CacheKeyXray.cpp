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

QString compact(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return value.toVariant().toString();
}

// An exec op's mounts in words: "cache /cache (id //cache)", "secret /run/secrets/token
// (id token)". pb.MountType: 0 bind, 1 secret, 2 ssh, 3 cache, 4 tmpfs.
QString mountsText(const QJsonArray &mounts)
{
    static const char *const types[] = { "bind", "secret", "ssh", "cache", "tmpfs" };
    QStringList parts;
    for (const QJsonValue &value : mounts) {
        const QJsonObject mount = value.toObject();
        const int type = mount.value(QLatin1String("mountType")).toInt();
        QString part = QStringLiteral("%1 %2").arg(type >= 0 && type <= 4 ? QLatin1String(types[type]) : QLatin1String("mount"),
                                                   mount.value(QLatin1String("dest")).toString());
        QString id;
        for (const char *options : { "cacheOpt", "secretOpt", "SSHOpt", "sshOpt" }) {
            if (mount.contains(QLatin1String(options)))
                id = mount.value(QLatin1String(options)).toObject().value(QLatin1String("ID")).toString();
        }
        if (!id.isEmpty())
            part += QStringLiteral(" (id %1)").arg(id);
        if (mount.value(QLatin1String("readonly")).toBool())
            part += QStringLiteral(" read-only");
        parts.append(part);
    }
    return parts.join(QStringLiteral(", "));
}

// A file op's action in words, every field kept: "copy assets → /var/www/gdc/assets
// (followSymlink, dirCopyContents, …)"; a mode, owner or timestamp set is named with its
// value, flags that are off and values at their defaults (-1) are left out.
QString actionText(const QJsonObject &action)
{
    QString text;
    QStringList shown;
    if (action.contains(QLatin1String("src")) && action.contains(QLatin1String("dest"))) {
        text = QStringLiteral("copy %1 → %2").arg(action.value(QLatin1String("src")).toString(),
                                                   action.value(QLatin1String("dest")).toString());
        shown = { QStringLiteral("src"), QStringLiteral("dest") };
    } else if (action.contains(QLatin1String("path"))) {
        text = QStringLiteral("make %1").arg(action.value(QLatin1String("path")).toString());
        shown = { QStringLiteral("path") };
    } else {
        return compact(action);
    }
    QStringList details;
    for (auto it = action.begin(); it != action.end(); ++it) {
        if (shown.contains(it.key()))
            continue;
        const QJsonValue &value = it.value();
        if (value.isBool()) {
            if (value.toBool())
                details.append(it.key());
        } else if (it.key() == QLatin1String("mode") && value.isDouble() && value.toInt() >= 0) {
            details.append(QStringLiteral("mode %1").arg(value.toInt(), 4, 8, QLatin1Char('0')));
        } else if (!(value.isDouble() && value.toDouble() == -1) && !value.isNull()) {
            details.append(QStringLiteral("%1=%2").arg(it.key(), compact(value)));
        }
    }
    return details.isEmpty() ? text : QStringLiteral("%1 (%2)").arg(text, details.join(QStringLiteral(", ")));
}

// An op's fields one by one, for comparing and showing them: an exec op's command, its
// other settings (cwd, user, mounts, network, …) and platform; a file op's actions
// decoded; a base image's digest. The environment goes to *env, by variable.
QMap<QString, QString> opFields(const QJsonObject &op, QMap<QString, QString> *env)
{
    QMap<QString, QString> fields;
    const QString type = op.value(QLatin1String("Type")).toString();
    if (type.isEmpty() && op.contains(QLatin1String("Digest"))) {
        fields.insert(QStringLiteral("image digest"), op.value(QLatin1String("Digest")).toString());
        return fields;
    }
    if (type == QLatin1String("buildkit.exec.v0")) {
        const QJsonObject exec = op.value(QLatin1String("Exec")).toObject();
        const QJsonObject meta = exec.value(QLatin1String("meta")).toObject();
        for (auto it = meta.begin(); it != meta.end(); ++it) {
            if (it.key() == QLatin1String("args")) {
                const QJsonArray args = it.value().toArray();
                // "/bin/sh -c TEXT" is the Dockerfile's shell form: its text is the command.
                QStringList words;
                for (const QJsonValue &arg : args)
                    words.append(arg.toString());
                const bool shell = words.size() == 3 && words.at(1) == QLatin1String("-c");
                fields.insert(QStringLiteral("command"), shell ? words.last() : words.join(QLatin1Char(' ')));
            } else if (it.key() == QLatin1String("env")) {
                for (const QJsonValue &value : it.value().toArray()) {
                    if (env)
                        env->insert(value.toString().section(QLatin1Char('='), 0, 0),
                                    value.toString().section(QLatin1Char('='), 1));
                }
            } else {
                fields.insert(it.key(), compact(it.value()));
            }
        }
        for (auto it = exec.begin(); it != exec.end(); ++it) {
            if (it.key() == QLatin1String("mounts"))
                fields.insert(it.key(), mountsText(it.value().toArray()));
            else if (it.key() != QLatin1String("meta"))
                fields.insert(it.key(), compact(it.value()));
        }
    } else if (type == QLatin1String("buildkit.file.v0")) {
        const QJsonArray actions = op.value(QLatin1String("Actions")).toArray();
        for (qsizetype i = 0; i < actions.size(); ++i)
            fields.insert(QStringLiteral("action %1").arg(i + 1),
                          actionText(jsonOf(QByteArray::fromBase64(actions.at(i).toString().toLatin1()))));
    } else {
        for (auto it = op.begin(); it != op.end(); ++it) {
            if (it.key() != QLatin1String("Type") && it.key() != QLatin1String("OS")
                && it.key() != QLatin1String("Arch") && it.key() != QLatin1String("Variant"))
                fields.insert(it.key(), compact(it.value()));
        }
    }
    if (op.contains(QLatin1String("OS"))) {
        QString platform = op.value(QLatin1String("OS")).toString() + QLatin1Char('/')
            + op.value(QLatin1String("Arch")).toString();
        if (op.contains(QLatin1String("Variant")))
            platform += QLatin1Char('/') + op.value(QLatin1String("Variant")).toString();
        fields.insert(QStringLiteral("platform"), platform);
    }
    return fields;
}

QString fileText(const CacheKeyFile &file)
{
    if (file.typeflag == 5)
        return QStringLiteral("directory, mode %1").arg(file.mode, 4, 8, QLatin1Char('0'));
    return QStringLiteral("mode %1, %2 bytes, %3")
        .arg(file.mode, 4, 8, QLatin1Char('0'))
        .arg(file.size)
        .arg(file.digest.mid(7, 12));
}

bool copies(const QList<QJsonObject> &actions, const XrayStep &step)
{
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

// `actions`: the op's file actions, decoded once per record (fileActions).
bool matches(const QJsonObject &op, const QList<QJsonObject> &actions, const XrayStep &step)
{
    switch (step.kind) {
    case XrayStep::Kind::From:
        return op.contains(QLatin1String("Digest")) && !op.contains(QLatin1String("Type"));
    case XrayStep::Kind::Copy:
        return copies(actions, step);
    case XrayStep::Kind::Run: {
        const QJsonArray args = execMeta(op).value(QLatin1String("args")).toArray();
        return !args.isEmpty() && args.last().toString() == step.command;
    }
    case XrayStep::Kind::Workdir: {
        const QString path = trimmedPath(step.path);
        for (const QJsonObject &action : actions) {
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
        // A file op's action (COPY's flags, a new source) is named; an exec op's is its command.
        return subject.isEmpty()
            ? QStringLiteral("command text changed (%1 → %2)").arg(before, after)
            : QStringLiteral("%1 of the file operation changed (%2 → %3)")
                  .arg(subject, before.isEmpty() ? QStringLiteral("none") : before,
                       after.isEmpty() ? QStringLiteral("none") : after);
    case Kind::RunSetting:
        return QStringLiteral("run setting %1 changed (%2 → %3)")
            .arg(subject, before.isEmpty() ? QStringLiteral("none") : before,
                 after.isEmpty() ? QStringLiteral("none") : after);
    case Kind::Environment:
        return before.isEmpty() ? QStringLiteral("%1 set to %2 (a build argument or ENV)").arg(subject, after)
            : after.isEmpty()   ? QStringLiteral("%1 no longer set (was %2)").arg(subject, before)
                                : QStringLiteral("%1 %2 → %3 (a build argument or ENV)").arg(subject, before, after);
    case Kind::SameKey:
        switch (missing) {
        case Missing::MinModeExport:
            return QStringLiteral("not in the imported cache (min mode): the cache key was the same in both "
                                  "runs, but a min-mode export keeps the final stage's layers only");
        case Missing::InlineCache:
            return QStringLiteral("not in the imported cache (inline cache, min mode): the cache key was the "
                                  "same in both runs, but an inline cache keeps the final stage's layers only");
        case Missing::ImportFailed:
            return QStringLiteral("not in the cache: the cache key was the same in both runs, but importing the "
                                  "cache failed");
        case Missing::NotImported:
            return QStringLiteral("not in the imported cache: the cache key was the same in both runs, but the "
                                  "imported cache held no record of it (written by another build, or pruned)");
        case Missing::Unknown:
            break;
        }
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
        if (!record.op.isEmpty() && matches(record.op, fileActions(record.op), step))
            found.append(&record);
    }
    return found;
}

const QList<const CacheDebugData::Record *> &CacheKeyXray::stepRecords(const CacheDebugData &data,
                                                                      const XrayStep &step) const
{
    // Every step's records, found in one pass per answer with each op's file actions
    // decoded once (matching decoded them for every step and record: 100,000 times for a
    // 200-step build).
    QHash<StepRef, QList<const CacheDebugData::Record *>> &index = m_stepRecords[&data];
    if (index.isEmpty()) {
        for (const XrayStep &each : m_steps)
            index.insert(each.ref, {});
        for (const CacheDebugData::Record &record : data.records()) {
            if (record.op.isEmpty())
                continue;
            const QList<QJsonObject> actions = fileActions(record.op);
            for (const XrayStep &each : m_steps) {
                if (matches(record.op, actions, each))
                    index[each.ref].append(&record);
            }
        }
    }
    static const QList<const CacheDebugData::Record *> none;
    const auto it = index.constFind(step.ref);
    return it == index.constEnd() ? none : *it;
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
            for (const CacheDebugData::Record *found : stepRecords(data, step)) {
                if (!labels.contains(found->id))
                    labels.insert(found->id, step.label);
            }
        }
    }
    return labels.value(record.id, QStringLiteral("(an op of the build)"));
}

CacheKeyXray::Pairing CacheKeyXray::pair(const XrayStep &step, const CacheDebugData::Record **a,
                                         const CacheDebugData::Record **b, QString *missingIn) const
{
    QList<const CacheDebugData::Record *> inBefore = stepRecords(m_before, step);
    const QList<const CacheDebugData::Record *> inAfter = stepRecords(m_after, step);
    if (inBefore.isEmpty() && !inAfter.isEmpty())
        inBefore = samePlace(*inAfter.constLast());
    if (inBefore.isEmpty() || inAfter.isEmpty()) {
        if (missingIn)
            *missingIn = inBefore.isEmpty() ? QStringLiteral("the first run's cache debug data")
                                            : QStringLiteral("the second run's cache debug data");
        return Pairing::Missing;
    }
    QHash<QString, const CacheDebugData::Record *> known;
    for (const CacheDebugData::Record *record : inBefore)
        known.insert(identity(m_before, *record), record);
    QList<const CacheDebugData::Record *> added;
    for (const CacheDebugData::Record *record : inAfter) {
        if (!known.contains(identity(m_after, *record)))
            added.append(record);
    }
    if (added.isEmpty()) {
        *b = inAfter.constLast();
        *a = known.value(identity(m_after, **b));
        return Pairing::SameKey;
    }
    *b = added.constLast();
    // The record of the first run it is compared with: of the step's keys there, the one
    // sharing the most inputs (the store may hold older builds' keys too).
    QSet<QString> inputsOfB;
    for (const CacheDebugData::Parent &parent : (*b)->parents) {
        if (const CacheDebugData::Record *target = m_after.record(parent.target))
            inputsOfB.insert(identity(m_after, *target));
    }
    *a = inBefore.constFirst();
    int best = -1;
    for (const CacheDebugData::Record *candidate : inBefore) {
        int shared = 0;
        for (const CacheDebugData::Parent &parent : candidate->parents) {
            if (const CacheDebugData::Record *target = m_before.record(parent.target))
                shared += inputsOfB.contains(identity(m_before, *target)) ? 1 : 0;
        }
        if (shared > best) {
            best = shared;
            *a = candidate;
        }
    }
    return Pairing::Changed;
}

QList<XrayCause> CacheKeyXray::explain(const XrayStep &step) const
{
    const CacheDebugData::Record *a = nullptr;
    const CacheDebugData::Record *b = nullptr;
    XrayCause cause;
    cause.step = step.label;
    switch (pair(step, &a, &b, &cause.subject)) {
    case Pairing::Missing:
        cause.kind = XrayCause::Kind::NotFound;
        return { cause };
    case Pairing::SameKey:
        cause.kind = XrayCause::Kind::SameKey;
        return { cause };
    case Pairing::Changed:
        break;
    }
    return compare(*a, *b, step.label, 0);
}

QList<const CacheDebugData::Record *> CacheKeyXray::inputParents(const CacheDebugData &data,
                                                                const CacheDebugData::Record &record, int input,
                                                                QStringList *selected)
{
    QList<const CacheDebugData::Record *> parents;
    for (const CacheDebugData::Parent &parent : record.parents) {
        if (parent.input != input)
            continue;
        const CacheDebugData::Record *target = data.record(parent.target);
        if (!parent.selector.isEmpty() && selected && selected->isEmpty())
            *selected = data.selectorPaths(parent.selector);
        if (target && !target->random)
            parents.append(target); // a session's source is another one every build: left out
    }
    return parents;
}

QList<XrayInput> CacheKeyXray::inputs(const XrayStep &step, int maxRows) const
{
    const CacheDebugData::Record *a = nullptr;
    const CacheDebugData::Record *b = nullptr;
    if (pair(step, &a, &b) == Pairing::Missing || !a || !b)
        return {};
    // Differing rows first within each kind (stable: the op's own order otherwise).
    const auto differingFirst = [](QList<XrayInput> rows) {
        std::stable_sort(rows.begin(), rows.end(),
                         [](const XrayInput &x, const XrayInput &y) { return x.differs() && !y.differs(); });
        return rows;
    };
    QMap<QString, QString> envA;
    QMap<QString, QString> envB;
    const QMap<QString, QString> fieldsA = opFields(a->op, &envA);
    const QMap<QString, QString> fieldsB = opFields(b->op, &envB);
    const auto rowsOf = [](XrayInput::Kind kind, const QMap<QString, QString> &x, const QMap<QString, QString> &y) {
        QStringList names = x.keys() + y.keys();
        names.removeDuplicates();
        // The command first: what a reader looks for; then the rest by name.
        std::stable_sort(names.begin(), names.end(), [](const QString &p, const QString &q) {
            return p == QLatin1String("command") && q != QLatin1String("command");
        });
        QList<XrayInput> rows;
        for (const QString &name : std::as_const(names))
            rows.append({ kind, name, x.value(name), y.value(name) });
        return rows;
    };
    QList<XrayInput> rows = rowsOf(XrayInput::Kind::Operation, fieldsA, fieldsB);
    rows += rowsOf(XrayInput::Kind::Environment, envA, envB);

    int inputCount = 0;
    for (const CacheDebugData::Parent &parent : a->parents + b->parents)
        inputCount = qMax(inputCount, parent.input + 1);
    QList<XrayInput> stepRows;
    QList<XrayInput> fileRows;
    for (int input = 0; input < inputCount && input < kMaxDepth; ++input) {
        QStringList selected;
        const QList<const CacheDebugData::Record *> parentsA = inputParents(m_before, *a, input, &selected);
        const QList<const CacheDebugData::Record *> parentsB = inputParents(m_after, *b, input, &selected);
        QMap<QString, CacheKeyFile> filesA;
        QMap<QString, CacheKeyFile> filesB;
        QString stepA;
        QString stepB;
        for (const CacheDebugData::Record *record : parentsA) {
            const QMap<QString, CacheKeyFile> files = m_before.contentFiles(*record);
            if (!files.isEmpty())
                filesA.insert(files);
            else if (!record->op.isEmpty() && stepA.isEmpty())
                stepA = QStringLiteral("%1 (key %2)").arg(labelOf(m_before, *record),
                                                            identity(m_before, *record).left(12));
        }
        for (const CacheDebugData::Record *record : parentsB) {
            const QMap<QString, CacheKeyFile> files = m_after.contentFiles(*record);
            if (!files.isEmpty())
                filesB.insert(files);
            else if (!record->op.isEmpty() && stepB.isEmpty())
                stepB = QStringLiteral("%1 (key %2)").arg(labelOf(m_after, *record),
                                                            identity(m_after, *record).left(12));
        }
        if (!stepA.isEmpty() || !stepB.isEmpty())
            stepRows.append({ XrayInput::Kind::Step, QStringLiteral("input %1").arg(input), stepA, stepB });
        QString base = selected.value(0);
        while (base.startsWith(QLatin1Char('/')))
            base = base.mid(1);
        QStringList paths = filesA.keys() + filesB.keys();
        paths.removeDuplicates();
        paths.sort();
        for (const QString &path : std::as_const(paths)) {
            const QString name = base.isEmpty() ? path
                : path.isEmpty()                ? base
                                                : base + QLatin1Char('/') + path;
            fileRows.append({ XrayInput::Kind::File, name.isEmpty() ? QStringLiteral(".") : name,
                              filesA.contains(path) ? fileText(filesA.value(path)) : QString(),
                              filesB.contains(path) ? fileText(filesB.value(path)) : QString() });
        }
    }
    rows += stepRows;
    rows = differingFirst(rows);
    fileRows = differingFirst(fileRows);
    // Room for one file (a differing one comes first) and the row counting the rest.
    const qsizetype room = qMax<qsizetype>(2, maxRows - rows.size());
    if (fileRows.size() > room) {
        const qsizetype left = fileRows.size() - (room - 1);
        fileRows = fileRows.mid(0, room - 1);
        const QString more = QStringLiteral("%1 more").arg(left);
        fileRows.append({ XrayInput::Kind::File, QStringLiteral("… %1 more files").arg(left), more, more });
    }
    // The differing rows of every kind first: what the causes above were read from.
    return differingFirst(rows + fileRows);
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
    // Every step after a change leads through the same parents to the root: each pair of
    // records is compared once (a 200-step chain took 200 × 100 comparisons before).
    const QPair<const CacheDebugData::Record *, const CacheDebugData::Record *> key(&a, &b);
    if (const auto it = m_compared.constFind(key); it != m_compared.constEnd()) {
        if (const auto found = it->constFind(label); found != it->constEnd())
            return *found;
    }
    const QList<XrayCause> causes = compareOnce(a, b, label, depth);
    m_compared[key].insert(label, causes);
    return causes;
}

QList<XrayCause> CacheKeyXray::compareOnce(const CacheDebugData::Record &a, const CacheDebugData::Record &b,
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
        // Another setting of the same command (a mount added, another cwd or user), or
        // another action of a file op: name the first field that differs.
        QMap<QString, QString> envA;
        QMap<QString, QString> envB;
        const QMap<QString, QString> fieldsA = opFields(opA, &envA);
        const QMap<QString, QString> fieldsB = opFields(opB, &envB);
        if (fieldsA.value(QStringLiteral("command")) == fieldsB.value(QStringLiteral("command"))) {
            QStringList names = fieldsA.keys() + fieldsB.keys();
            names.removeDuplicates();
            names.sort();
            for (const QString &name : std::as_const(names)) {
                if (fieldsA.value(name) == fieldsB.value(name))
                    continue;
                cause.kind = metaA.isEmpty() ? XrayCause::Kind::Command : XrayCause::Kind::RunSetting;
                cause.subject = name;
                cause.before = fieldsA.value(name);
                cause.after = fieldsB.value(name);
                return { cause };
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
        QStringList selected;
        const QList<const CacheDebugData::Record *> parentsA = inputParents(m_before, a, input, &selected);
        const QList<const CacheDebugData::Record *> parentsB = inputParents(m_after, b, input, &selected);
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
