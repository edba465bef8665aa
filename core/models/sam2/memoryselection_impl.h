#pragma once
// Template body of selectMemories() (memoryselection.h).
#include <algorithm>
#include <cstdlib>

namespace dinosam::sam2 {

namespace detail {
/// Python's floor division for integers.
inline int64_t floorDiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}
inline bool contains(const std::vector<int64_t> &v, int64_t x)
{
    return std::find(v.begin(), v.end(), x) != v.end();
}
} // namespace detail

template<typename HasNonCond>
MemorySelection selectMemories(int64_t frameIdx, const std::vector<int64_t> &condFrames, HasNonCond &&hasNonCond,
                               int64_t numFrames, bool reverse, const MemorySelectionConfig &config)
{
    MemorySelection sel;
    std::vector<int64_t> selected, unselected;
    selectClosestCondFrames(frameIdx, condFrames, config.maxCondFramesInAttn, selected, unselected);
    for (int64_t t : selected)
        sel.spatial.push_back({t, 0, true});

    // The last (numMaskmem - 1) frames before this one; t_pos 1 is the oldest.
    const int64_t stride = std::max<int64_t>(1, config.memoryTemporalStrideForEval);
    for (int64_t tPos = 1; tPos < config.numMaskmem; ++tPos) {
        const int64_t tRel = config.numMaskmem - tPos;
        int64_t prev = 0;
        if (tRel == 1) {
            prev = reverse ? frameIdx + tRel : frameIdx - tRel;
        } else if (!reverse) {
            prev = detail::floorDiv(frameIdx - 2, stride) * stride;
            prev = prev - (tRel - 2) * stride;
        } else {
            prev = -detail::floorDiv(-(frameIdx + 2), stride) * stride;
            prev = prev + (tRel - 2) * stride;
        }
        if (hasNonCond(prev))
            sel.spatial.push_back({prev, tPos, false});
        else if (detail::contains(unselected, prev))
            sel.spatial.push_back({prev, tPos, true});
    }

    // Object pointers.
    const int64_t maxPtrs = std::min(numFrames, config.maxObjPtrsInEncoder);
    sel.tDiffMax = maxPtrs - 1;
    for (int64_t t : selected) {
        if (config.onlyObjPtrsInThePastForEval && !(reverse ? t >= frameIdx : t <= frameIdx))
            continue;
        const int64_t pos = config.useSignedTposEncToObjPtrs ? (frameIdx - t) * (reverse ? -1 : 1)
                                                             : std::abs(frameIdx - t);
        sel.pointers.push_back({t, pos, true});
    }
    for (int64_t tDiff = 1; tDiff < maxPtrs; ++tDiff) {
        const int64_t t = reverse ? frameIdx + tDiff : frameIdx - tDiff;
        if (t < 0 || t >= numFrames)
            break;
        if (hasNonCond(t))
            sel.pointers.push_back({t, tDiff, false});
        else if (detail::contains(unselected, t))
            sel.pointers.push_back({t, tDiff, true});
    }
    return sel;
}

} // namespace dinosam::sam2
