#pragma once
// Video-predictor settings of Meta's sam2{,.1}_hiera_*.yaml plus the overrides
// build_sam2_video_predictor(apply_postprocessing=True) adds. Plain data, no LibTorch.
#include "models/sam2/memoryselection.h"
#include "models/sam2/sam2config.h"

namespace dinosam::sam2 {

struct Sam2VideoConfig
{
    MemorySelectionConfig memory;            ///< num_maskmem, strides, pointer caps
    int64_t memDim = 64;                     ///< memory_encoder.out_dim (kv_in_dim of cross-attention)
    int64_t memoryAttentionLayers = 4;
    int64_t memoryAttentionFeedforward = 2048;
    double ropeTheta = 10000.0;
    double sigmoidScaleForMemEnc = 20.0;
    double sigmoidBiasForMemEnc = -10.0;
    bool binarizeMaskFromPtsForMemEnc = true; ///< apply_postprocessing
    bool useMaskInputAsOutputWithoutSam = true;
    bool multimaskOutputInSam = true;
    int64_t multimaskMinPtNum = 0;
    int64_t multimaskMaxPtNum = 1;
    bool multimaskOutputForTracking = true;
    bool dynamicMultimaskViaStability = true; ///< apply_postprocessing
    bool addTposEncToObjPtrs = true;          ///< SAM2.1 true, SAM2 false
    bool projTposEncInObjPtrs = true;         ///< SAM2.1 true (obj_ptr_tpos_proj), SAM2 false
    bool noObjEmbedSpatial = true;            ///< SAM2.1 only
    bool fixedNoObjPtr = true;
    /// Meta's default false: a click on an already tracked frame is a non-conditioning
    /// output that the next propagation overwrites. true: corrected frames become
    /// conditioning frames (what Meta's internal configs and SAM 3 use).
    bool addAllFramesToCorrectAsCond = false;
};

/// The settings Meta's yaml gives the catalog entry `config` (SAM2 vs SAM2.1).
Sam2VideoConfig sam2VideoConfigFor(const Sam2Config &config);

} // namespace dinosam::sam2
