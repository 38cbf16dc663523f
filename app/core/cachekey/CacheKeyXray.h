// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/analysis/StepRef.h"
#include "core/cachekey/CacheDebugData.h"

#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace Cachelab {

class Dockerfile;

// What a Dockerfile step's cache record is recognised by in BuildKit's debug data: its op
// (docs/cache-debug.md, "Records against steps"). Progress vertex digests are not the
// cache keys' op digests, so the op's plain text is matched instead.
struct XrayStep
{
    enum class Kind
    {
        From, // the base image source: {"Digest": …}
        Copy, // a file op copying `sources` (COPY, ADD of local paths, COPY --from)
        Run, // an exec op running `command` with /bin/sh -c
        Workdir, // a file op making `path`
        Other
    };
    Kind kind = Kind::Other;
    StepRef ref; // the Dockerfile step
    QString label; // "[build-public 4/8] COPY assets assets"
    QStringList sources; // Copy: the source paths as written
    QString destination; // Copy: absolute, against the stage's working directory then
    QString command; // Run: the shell command as written
    QString path; // Workdir: the absolute path it makes

    // Every step of the stages the Dockerfile's target needs.
    static QList<XrayStep> of(const Dockerfile &dockerfile);
};

// One link of the answer to "why did this step not hit the cache": the first input of its
// cache key that differs from the run where it hit, followed to its root.
struct XrayCause
{
    enum class Kind
    {
        Content, // a file's content (checksum, size)
        Mode, // a file's mode
        FileAdded,
        FileRemoved,
        ParentStep, // an input step's key changed: the next cause says why
        BaseImage, // the base image resolved to another digest
        Command, // the op itself differs: the command or its arguments, a file op's action
        Environment, // an exec op's environment (a build argument or ENV) differs
        RunSetting, // the same command and environment, another setting: mounts, cwd, user, network
        SameKey, // the key was the same in both runs: the record was not there (not exported, pruned)
        NotFound // no record of the step in one of the runs' data
    };
    // Why a record with the same key was not there, when the runs' cache flags or exports
    // tell (the session fills it from the rebuild explanation of the pair).
    enum class Missing
    {
        Unknown,
        MinModeExport, // the cache was exported in min mode: the final stage's layers only
        InlineCache, // inline cache: min mode too
        ImportFailed, // the import of the cache failed
        NotImported // the imported cache held no record (another build wrote it, or pruned)
    };
    Kind kind = Kind::NotFound;
    Missing missing = Missing::Unknown; // SameKey only
    QString step; // the step this link is about (its label)
    QString subject; // the file, variable or image the change is in
    QString before;
    QString after;

    QString toText() const; // one line in words: "content of js/file1.js changed (…)"
};

// One input of a step's cache key in both runs, for showing them side by side.
struct XrayInput
{
    enum class Kind
    {
        Operation, // a field of the op: "command", "cwd", "mounts", "action 1", "image digest"
        Environment, // one variable of an exec op's environment
        Step, // the step an input comes from, with its key
        File // a file under a content key: mode, size, checksum
    };
    Kind kind = Kind::Operation;
    QString name; // the field, variable, input or file
    QString before; // empty: not there in that run
    QString after;

    bool differs() const { return before != after; }
};

// Compares the cache keys of one step in two runs' debug data (each the store as read
// after that run; the store accumulates, so `after` may hold `before`'s records too).
class CacheKeyXray
{
public:
    CacheKeyXray(const CacheDebugData &before, const CacheDebugData &after, const QList<XrayStep> &steps);

    // The causes, outermost first: e.g. [ParentStep [build-public 4/8], Content
    // js/file1.js] for [build-public 5/8] after the #1515 edit.
    QList<XrayCause> explain(const XrayStep &step) const;
    // The inputs of the step's key in both runs (the records explain() compares), the
    // differing ones first; at most `maxRows` rows (files beyond it are
    // counted in one last row). Empty when a run holds no record of the step.
    QList<XrayInput> inputs(const XrayStep &step, int maxRows = 60) const;

    // The records whose op is the step's, in `data`'s order.
    static QList<const CacheDebugData::Record *> recordsOf(const CacheDebugData &data, const XrayStep &step);

private:
    enum class Pairing
    {
        Missing, // no record in one run: *missingIn says which
        SameKey, // every key of the step in `after` was in `before` too
        Changed
    };
    Pairing pair(const XrayStep &step, const CacheDebugData::Record **a, const CacheDebugData::Record **b,
                 QString *missingIn = nullptr) const;
    // recordsOf() of a step of m_steps, from an index made once per answer.
    const QList<const CacheDebugData::Record *> &stepRecords(const CacheDebugData &data, const XrayStep &step) const;
    // An input's parent records (session sources left out), and the paths it selects.
    static QList<const CacheDebugData::Record *> inputParents(const CacheDebugData &data,
                                                              const CacheDebugData::Record &record, int input,
                                                              QStringList *selected);
    QList<XrayCause> compare(const CacheDebugData::Record &a, const CacheDebugData::Record &b,
                             const QString &label, int depth) const;
    QList<XrayCause> compareOnce(const CacheDebugData::Record &a, const CacheDebugData::Record &b,
                                 const QString &label, int depth) const;
    QString labelOf(const CacheDebugData &data, const CacheDebugData::Record &record) const;
    QList<const CacheDebugData::Record *> samePlace(const CacheDebugData::Record &after) const;
    // A record's identity from one answer to another (ids are the answer's own): its op
    // and, recursively, its parents' identities; random session sources left out.
    QString identity(const CacheDebugData &data, const CacheDebugData::Record &record, int depth = 0) const;
    QList<XrayCause> firstDifferentInput(const CacheDebugData::Record &a, const CacheDebugData::Record &b,
                                         const QString &label, int depth) const;

    // (a, b) -> label -> causes
    mutable QHash<QPair<const CacheDebugData::Record *, const CacheDebugData::Record *>,
                  QHash<QString, QList<XrayCause>>>
        m_compared;
    mutable QHash<QPair<const CacheDebugData *, int>, QString> m_identities;
    mutable QHash<const CacheDebugData *, QHash<int, QString>> m_labels; // record id -> step label
    mutable QHash<const CacheDebugData *, QHash<StepRef, QList<const CacheDebugData::Record *>>> m_stepRecords;

    const CacheDebugData &m_before;
    const CacheDebugData &m_after;
    QList<XrayStep> m_steps;
};

} // namespace Cachelab
