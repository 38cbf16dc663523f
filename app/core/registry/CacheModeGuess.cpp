// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry/CacheModeGuess.h"

#include <QSet>

namespace Cachelab {

QString CacheModeGuess::modeName() const
{
    switch (m_mode) {
    case Mode::Min:
        return QStringLiteral("min");
    case Mode::Max:
        return QStringLiteral("max");
    case Mode::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

CacheModeGuess CacheModeGuess::fromConfig(const CacheConfig &config)
{
    CacheModeGuess guess;
    const QList<CacheConfig::Record> records = config.records();
    QSet<int> linked;
    for (const CacheConfig::Record &record : records) {
        for (const auto &alternatives : record.inputs) {
            for (const CacheConfig::Input &input : alternatives)
                linked.insert(input.link);
        }
    }
    // Steps are counted by digest: one operation can have several records (one per variant of
    // its inputs, e.g. after a rebuild), and a result kept for any of them counts.
    QSet<QString> stepDigests;
    QSet<QString> stepDigestsWithResults;
    QSet<int> finalLayers;
    int recordsWithResults = 0;
    for (int i = 0; i < records.size(); ++i) {
        const CacheConfig::Record &record = records.at(i);
        if (!record.isSource())
            stepDigests.insert(record.digest);
        if (!record.hasResults())
            continue;
        ++recordsWithResults;
        if (!record.isSource())
            stepDigestsWithResults.insert(record.digest);
        if (!linked.contains(i) && !record.isSource()) {
            guess.m_finalRecords.append(i);
            const QList<QList<int>> chains = config.resultChains(record);
            for (const QList<int> &chain : chains) {
                for (const int layer : chain)
                    finalLayers.insert(layer);
            }
        }
    }
    guess.m_finalLayers = QList<int>(finalLayers.begin(), finalLayers.end());
    std::sort(guess.m_finalLayers.begin(), guess.m_finalLayers.end());

    // Results that are neither a final result nor on its chain: intermediate stages' layers.
    int outside = 0;
    for (int i = 0; i < records.size(); ++i) {
        const CacheConfig::Record &record = records.at(i);
        if (!record.hasResults() || guess.m_finalRecords.contains(i))
            continue;
        const QList<QList<int>> chains = config.resultChains(record);
        for (const QList<int> &chain : chains) {
            if (!chain.isEmpty() && !finalLayers.contains(chain.last())) {
                ++outside;
                break;
            }
        }
    }
    const int steps = int(stepDigests.size());
    const int stepsWithResults = int(stepDigestsWithResults.size());
    const int keysOnly = steps - stepsWithResults;
    const int layerCount = int(config.layers().size());

    guess.m_evidence.append(
        QStringLiteral("%1 layers; %2 records, %3 of them with results; "
                       "%4 steps (distinct operation digests), %5 with results, "
                       "%6 keys only")
            .arg(layerCount)
            .arg(records.size())
            .arg(recordsWithResults)
            .arg(steps)
            .arg(stepsWithResults)
            .arg(keysOnly));
    if (recordsWithResults == 0) {
        guess.m_evidence.append(
            QStringLiteral("no record has a result: nothing can be loaded from this cache"));
        return guess;
    }
    if (guess.m_finalRecords.isEmpty()) {
        guess.m_evidence.append(QStringLiteral("no final result: every record with results is an "
                                               "input of another record"));
    } else {
        guess.m_evidence.append(QStringLiteral("the final result's chain has %1 layers")
                                    .arg(guess.m_finalLayers.size()));
    }
    if (outside == 0 && !guess.m_finalRecords.isEmpty()) {
        guess.m_mode = Mode::Min;
        guess.m_evidence.append(
            QStringLiteral(
                "only the final result's chain has layers: the %1 other steps are keys only, "
                "as mode=min exports them (intermediate stages must run again)")
                .arg(keysOnly));
        return guess;
    }
    if (keysOnly == 0) {
        guess.m_mode = Mode::Max;
        guess.m_evidence.append(
            QStringLiteral(
                "every one of the %1 steps has layers, %2 of them intermediate results off the "
                "final chain: what mode=max exports")
                .arg(steps)
                .arg(outside));
        return guess;
    }
    guess.m_mode = Mode::Min;
    guess.m_evidence.append(
        QStringLiteral(
            "%1 intermediate results off the final chain have layers, but %2 steps are keys "
            "only, which mode=max never leaves: a min-mode export that also carries results "
            "this build loaded from an imported cache")
            .arg(outside)
            .arg(keysOnly));
    return guess;
}

} // namespace Cachelab
