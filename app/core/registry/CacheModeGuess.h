// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/registry/CacheConfig.h"

#include <QStringList>

namespace Cachelab {

// Which cache export mode a cacheconfig points to, with the evidence in words.
// - min (BuildKit's default): only the final result's layer chain is exported; every other
//   record is a key only. A min export of a build that loaded results from an imported cache
//   also carries those results' chains, but still leaves other steps as keys only.
// - max: every operation record has a result, intermediate stages included.
class CacheModeGuess
{
public:
    enum class Mode
    {
        Unknown,
        Min,
        Max
    };

    static CacheModeGuess fromConfig(const CacheConfig &config);

    Mode mode() const { return m_mode; }
    QString modeName() const;
    QStringList evidence() const { return m_evidence; }
    // Indexes of the records no other record links to that have results: the final result(s).
    QList<int> finalRecords() const { return m_finalRecords; }
    // Layers of the final results' chains.
    QList<int> finalChainLayers() const { return m_finalLayers; }

private:
    Mode m_mode = Mode::Unknown;
    QStringList m_evidence;
    QList<int> m_finalRecords;
    QList<int> m_finalLayers;
};

} // namespace Cachelab
