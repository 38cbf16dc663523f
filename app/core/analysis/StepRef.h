// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>

namespace Cachelab {

// A Dockerfile step by position: stage index and its 1-based number i.
struct StepRef
{
    int stage = -1;
    int number = 0;

    bool operator==(const StepRef &other) const
    {
        return stage == other.stage && number == other.number;
    }
    bool operator<(const StepRef &other) const
    {
        return stage != other.stage ? stage < other.stage : number < other.number;
    }
};

inline size_t qHash(const StepRef &ref, size_t seed = 0)
{
    return qHashMulti(seed, ref.stage, ref.number);
}

} // namespace Cachelab
