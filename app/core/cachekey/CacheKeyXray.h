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
        Command, // the op itself differs: the command or its arguments
        Environment, // an exec op's environment (a build argument or ENV) differs
        SameKey, // the key was the same in both runs: the record was not there (not exported, pruned)
        NotFound // no record of the step in one of the runs' data
    };
    Kind kind = Kind::NotFound;
    QString step; // the step this link is about (its label)
    QString subject; // the file, variable or image the change is in
    QString before;
    QString after;

    QString toText() const; // one line in words: "content of js/file1.js changed (…)"
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

    // The records whose op is the step's, in `data`'s order.
    static QList<const CacheDebugData::Record *> recordsOf(const CacheDebugData &data, const XrayStep &step);

private:
    QList<XrayCause> compare(const CacheDebugData::Record &a, const CacheDebugData::Record &b,
                             const QString &label, int depth) const;
    QString labelOf(const CacheDebugData &data, const CacheDebugData::Record &record) const;
    QList<const CacheDebugData::Record *> samePlace(const CacheDebugData::Record &after) const;
    // A record's identity from one answer to another (ids are the answer's own): its op
    // and, recursively, its parents' identities; random session sources left out.
    QString identity(const CacheDebugData &data, const CacheDebugData::Record &record, int depth = 0) const;
    QList<XrayCause> firstDifferentInput(const CacheDebugData::Record &a, const CacheDebugData::Record &b,
                                         const QString &label, int depth) const;

    mutable QHash<QPair<const CacheDebugData *, int>, QString> m_identities;
    mutable QHash<const CacheDebugData *, QHash<int, QString>> m_labels; // record id -> step label

    const CacheDebugData &m_before;
    const CacheDebugData &m_after;
    QList<XrayStep> m_steps;
};

} // namespace Cachelab
