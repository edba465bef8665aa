#pragma once
// Port of the video part of sam2/modeling/sam2_base.py (SAM2Base): the root
// module of the video predictor. It extends the image predictor's root
// (Sam2BaseImpl: image_encoder, sam_prompt_encoder, sam_mask_decoder,
// no_mem_embed) with every video-only key of Meta's checkpoints:
// memory_attention, memory_encoder, maskmem_tpos_enc, no_mem_pos_enc,
// no_obj_ptr, mask_downsample, obj_ptr_proj, no_obj_embed_spatial (SAM2.1),
// obj_ptr_tpos_proj (SAM2.1). The methods are SAM2Base's steps; the
// bookkeeping of frames and objects is Sam2VideoPredictor's.
#include "models/sam2/memoryattention.h"
#include "models/sam2/memoryencoder.h"
#include "models/sam2/sam2base.h"
#include "models/sam2/sam2videoconfig.h"

namespace dinosam::sam2 {

/// forward_image + _prepare_backbone_features for one frame.
struct VideoFrameFeatures
{
    at::Tensor visionFeat;                  ///< [1, 256, 64, 64] top level, no no_mem_embed
    std::array<at::Tensor, 2> highResFeats; ///< conv_s0 [1, 32, 256, 256], conv_s1 [1, 64, 128, 128]
    size_t byteSize() const;
};

/// What _forward_sam_heads / _use_mask_as_output return (the kept mask only).
struct SamHeadsOutput
{
    at::Tensor lowResMasks;       ///< [B, 1, 256, 256], -1024 where the object is absent
    at::Tensor ious;              ///< [B, 1] of the kept mask
    at::Tensor objPtr;            ///< [B, 256]
    at::Tensor objectScoreLogits; ///< [B, 1]
    at::Tensor highResMasks;      ///< [B, 1, 1024, 1024] (set by useMaskAsOutput only; else undefined)
};

/// One selected spatial memory (features as stored, bf16) and its temporal position.
struct SelectedMemory
{
    at::Tensor features; ///< [B, 64, 64, 64]
    int64_t tPos = 0;
};

/// One selected object pointer and its temporal distance.
struct SelectedPointer
{
    at::Tensor objPtr; ///< [B, 256]
    int64_t pos = 0;
};

class Sam2VideoBaseImpl : public Sam2BaseImpl
{
public:
    Sam2VideoBaseImpl(const Sam2Config &config, const Sam2VideoConfig &video);

    const Sam2VideoConfig &videoConfig() const { return m_video; }
    Sam2VideoConfig &videoConfig() { return m_video; }

    /// Image encoder on a normalised frame [1, 3, 1024, 1024].
    VideoFrameFeatures encodeFrame(const at::Tensor &input);

    /// _use_multimask(is_init_cond_frame, point_inputs) for numPoints points.
    bool useMultimask(bool isInitCondFrame, int64_t numPoints) const;

    /// _forward_sam_heads: coords [B, N, 2] in model pixels and labels [B, N] (or undefined:
    /// one padding point), maskInputs [B, 1, h, w] (or undefined).
    SamHeadsOutput forwardSamHeads(const at::Tensor &backboneFeatures, const at::Tensor &coords,
                                   const at::Tensor &labels, const at::Tensor &maskInputs,
                                   const std::array<at::Tensor, 2> &highResFeats, bool multimaskOutput);

    /// _use_mask_as_output: maskInputs [B, 1, 1024, 1024] binary (float).
    SamHeadsOutput useMaskAsOutput(const at::Tensor &visionFeat, const std::array<at::Tensor, 2> &highResFeats,
                                   const at::Tensor &maskInputs);

    /// _prepare_memory_conditioned_features with the memories already selected.
    /// Initial conditioning frames: visionFeat + no_mem_embed. Returns [B, 256, 64, 64].
    at::Tensor prepareMemoryConditionedFeatures(const at::Tensor &visionFeat, bool isInitCondFrame,
                                                const std::vector<SelectedMemory> &memories,
                                                const std::vector<SelectedPointer> &pointers, int64_t tDiffMax);

    /// _encode_new_memory: memory of a frame from its high-res mask logits [B, 1, 1024, 1024].
    /// Returns the fp32 features [B, 64, 64, 64] (the no-object term included).
    at::Tensor encodeNewMemory(const at::Tensor &visionFeat, const at::Tensor &highResMasks,
                               const at::Tensor &objectScoreLogits, bool isMaskFromPts);

    /// maskmem_pos_enc of every memory: [1, 64, 64, 64].
    const at::Tensor &maskmemPosEnc();
    /// vision_pos_enc of the top level: [1, 256, 64, 64].
    const at::Tensor &visionPosEnc();

    MemoryAttention memoryAttention() const { return m_memoryAttention; }
    MemoryEncoder memoryEncoder() const { return m_memoryEncoder; }

private:
    Sam2VideoConfig m_video;
    MemoryAttention m_memoryAttention{nullptr};
    MemoryEncoder m_memoryEncoder{nullptr};
    at::Tensor m_maskmemTposEnc;    // [num_maskmem, 1, 1, mem_dim]
    at::Tensor m_noMemPosEnc;       // [1, 1, C]
    at::Tensor m_noObjPtr;          // [1, C]
    at::Tensor m_noObjEmbedSpatial; // [1, mem_dim] (SAM2.1)
    torch::nn::Conv2d m_maskDownsample{nullptr};
    Mlp m_objPtrProj{nullptr};
    torch::nn::Linear m_objPtrTposProj{nullptr}; // SAM2.1
    at::Tensor m_maskmemPosEnc, m_visionPosEnc, m_densePe;
};
TORCH_MODULE(Sam2VideoBase);

} // namespace dinosam::sam2
