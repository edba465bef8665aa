#pragma once
// The memory bank's selection rules of SAM2Base._prepare_memory_conditioned_features
// (sam2/modeling/sam2_base.py) and select_closest_cond_frames (sam2_utils.py), as
// plain data so they can be tested without a model: which spatial memories (with
// their temporal position) and which object pointers (with their temporal
// distance) a frame attends to. No LibTorch.
#include <cstdint>
#include <vector>

namespace dinosam::sam2 {

struct MemorySelectionConfig
{
    int64_t numMaskmem = 7;                 ///< 1 conditioning slot + 6 previous frames
    int64_t memoryTemporalStrideForEval = 1;
    int64_t maxCondFramesInAttn = -1;       ///< -1: all conditioning frames
    int64_t maxObjPtrsInEncoder = 16;
    bool onlyObjPtrsInThePastForEval = true;
    bool useSignedTposEncToObjPtrs = false; ///< SAM2.1 yaml: true
};

struct SpatialMemoryRef
{
    int64_t frame = 0;
    int64_t tPos = 0;        ///< 0 for conditioning frames, 1..numMaskmem-1 otherwise (oldest first)
    bool conditioning = false;
    /// Index into maskmem_tpos_enc: numMaskmem - tPos - 1.
    int64_t tposEncIndex(int64_t numMaskmem) const { return numMaskmem - tPos - 1; }
    bool operator==(const SpatialMemoryRef &o) const
    {
        return frame == o.frame && tPos == o.tPos && conditioning == o.conditioning;
    }
};

struct ObjectPointerRef
{
    int64_t frame = 0;
    int64_t pos = 0; ///< temporal distance fed to the sine encoding (before / tDiffMax)
    bool conditioning = false;
    bool operator==(const ObjectPointerRef &o) const
    {
        return frame == o.frame && pos == o.pos && conditioning == o.conditioning;
    }
};

struct MemorySelection
{
    std::vector<SpatialMemoryRef> spatial; ///< attention order: conditioning first, then oldest to newest
    std::vector<ObjectPointerRef> pointers; ///< attention order
    int64_t tDiffMax = 1;                  ///< min(numFrames, maxObjPtrsInEncoder) - 1
};

/// Which memories frame `frameIdx` attends to. condFrames: the object's conditioning
/// frames in insertion order (Python dict order); hasNonCond(frame) tells whether a
/// non-conditioning output with a memory exists for that frame. reverse: tracking
/// backwards in time. numFrames: the video's frame count.
template<typename HasNonCond>
MemorySelection selectMemories(int64_t frameIdx, const std::vector<int64_t> &condFrames, HasNonCond &&hasNonCond,
                               int64_t numFrames, bool reverse, const MemorySelectionConfig &config);

/// select_closest_cond_frames: (selected, unselected), both in the input's order.
void selectClosestCondFrames(int64_t frameIdx, const std::vector<int64_t> &condFrames, int64_t maxCondFrameNum,
                             std::vector<int64_t> &selected, std::vector<int64_t> &unselected);

} // namespace dinosam::sam2

#include "models/sam2/memoryselection_impl.h"
