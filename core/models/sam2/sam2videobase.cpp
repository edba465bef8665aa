// Port of the video part of sam2/modeling/sam2_base.py and sam2_utils.get_1d_sine_pe
// (Meta, Apache-2.0).
#include "models/sam2/sam2videobase.h"

#include "models/sam2/positionencoding.h"

#include <torch/torch.h>

namespace dinosam::sam2 {

namespace F = torch::nn::functional;

namespace {

constexpr float kNoObjScore = -1024.0f; // NO_OBJ_SCORE

/// 1x1 conv on a channels-last map, returned as contiguous NCHW: [B, H, W, Cin] -> [B, Cout, H, W].
at::Tensor conv1x1ToNchw(const at::Tensor &nhwc, const torch::nn::Conv2d &conv)
{
    const auto &w = conv->weight;
    return at::linear(nhwc, w.view({w.size(0), w.size(1)}), conv->bias).permute({0, 3, 1, 2}).contiguous();
}

/// get_1d_sine_pe(pos_inds, dim, temperature=10000).
at::Tensor get1dSinePe(const at::Tensor &posInds, int64_t dim, double temperature = 10000.0)
{
    const int64_t peDim = dim / 2;
    auto dimT = torch::arange(peDim, posInds.options().dtype(torch::kFloat32));
    dimT = torch::pow(temperature, 2 * torch::div(dimT, 2, "floor") / peDim);
    const auto posEmbed = posInds.unsqueeze(-1) / dimT;
    return torch::cat({posEmbed.sin(), posEmbed.cos()}, -1);
}

at::Tensor bilinear(const at::Tensor &x, int64_t h, int64_t w, bool antialias = false)
{
    return F::interpolate(x, F::InterpolateFuncOptions()
                                 .size(std::vector<int64_t>{h, w})
                                 .mode(torch::kBilinear)
                                 .align_corners(false)
                                 .antialias(antialias));
}

} // namespace

size_t VideoFrameFeatures::byteSize() const
{
    size_t bytes = 0;
    for (const auto *t : {&visionFeat, &highResFeats[0], &highResFeats[1]})
        if (t->defined())
            bytes += t->numel() * t->element_size();
    return bytes;
}

Sam2VideoBaseImpl::Sam2VideoBaseImpl(const Sam2Config &config, const Sam2VideoConfig &video)
    : Sam2BaseImpl(config), m_video(video)
{
    const int64_t c = config.dModel;
    m_memoryAttention = register_module(
        "memory_attention", MemoryAttention(c, video.memoryAttentionLayers, video.memoryAttentionFeedforward,
                                            video.memDim, video.ropeTheta));
    m_memoryEncoder = register_module("memory_encoder", MemoryEncoder(c, video.memDim));
    m_maskmemTposEnc =
        register_parameter("maskmem_tpos_enc", torch::zeros({video.memory.numMaskmem, 1, 1, video.memDim}));
    m_noMemPosEnc = register_parameter("no_mem_pos_enc", torch::zeros({1, 1, c}));
    m_noObjPtr = register_parameter("no_obj_ptr", torch::zeros({1, c}));
    if (video.noObjEmbedSpatial)
        m_noObjEmbedSpatial = register_parameter("no_obj_embed_spatial", torch::zeros({1, video.memDim}));
    m_maskDownsample = register_module(
        "mask_downsample", torch::nn::Conv2d(torch::nn::Conv2dOptions(1, 1, 4).stride(4)));
    m_objPtrProj = register_module("obj_ptr_proj", Mlp(c, c, c, 3));
    if (video.projTposEncInObjPtrs)
        m_objPtrTposProj = register_module("obj_ptr_tpos_proj", torch::nn::Linear(c, video.memDim));
}

VideoFrameFeatures Sam2VideoBaseImpl::encodeFrame(const at::Tensor &input)
{
    auto backbone = imageEncoder()->forward(input); // channels-last, highest resolution first
    TORCH_CHECK(backbone.fpn.size() == 3, "SAM2 image encoder: expected 3 feature levels after scalp");
    VideoFrameFeatures out;
    out.visionFeat = backbone.fpn[2].permute({0, 3, 1, 2}).contiguous();
    out.highResFeats[0] = conv1x1ToNchw(backbone.fpn[0], maskDecoder()->convS0());
    out.highResFeats[1] = conv1x1ToNchw(backbone.fpn[1], maskDecoder()->convS1());
    return out;
}

bool Sam2VideoBaseImpl::useMultimask(bool isInitCondFrame, int64_t numPoints) const
{
    return m_video.multimaskOutputInSam && (isInitCondFrame || m_video.multimaskOutputForTracking) &&
           m_video.multimaskMinPtNum <= numPoints && numPoints <= m_video.multimaskMaxPtNum;
}

const at::Tensor &Sam2VideoBaseImpl::maskmemPosEnc()
{
    const auto device = m_maskmemTposEnc.device();
    if (!m_maskmemPosEnc.defined() || m_maskmemPosEnc.device() != device) {
        const int64_t s = config().embeddingSize();
        m_maskmemPosEnc = positionEmbeddingSine(1, s, s, m_video.memDim).to(device);
    }
    return m_maskmemPosEnc;
}

const at::Tensor &Sam2VideoBaseImpl::visionPosEnc()
{
    const auto device = m_maskmemTposEnc.device();
    if (!m_visionPosEnc.defined() || m_visionPosEnc.device() != device) {
        const int64_t s = config().embeddingSize();
        m_visionPosEnc = positionEmbeddingSine(1, s, s, config().dModel).to(device);
    }
    return m_visionPosEnc;
}

SamHeadsOutput Sam2VideoBaseImpl::forwardSamHeads(const at::Tensor &backboneFeatures, const at::Tensor &coordsIn,
                                                  const at::Tensor &labelsIn, const at::Tensor &maskInputs,
                                                  const std::array<at::Tensor, 2> &highResFeats, bool multimaskOutput)
{
    const int64_t b = backboneFeatures.size(0);
    const auto device = backboneFeatures.device();
    at::Tensor coords = coordsIn, labels = labelsIn;
    if (!coords.defined()) {
        // No points: one padding point (label -1).
        coords = torch::zeros({b, 1, 2}, torch::TensorOptions().device(device));
        labels = -torch::ones({b, 1}, torch::TensorOptions().dtype(torch::kLong).device(device));
    }
    at::Tensor maskPrompt;
    if (maskInputs.defined()) {
        const int64_t lowRes = config().embeddingSize() * 4;
        maskPrompt = (maskInputs.size(-2) != lowRes || maskInputs.size(-1) != lowRes)
                         ? bilinear(maskInputs.to(torch::kFloat32), lowRes, lowRes, /*antialias=*/true)
                         : maskInputs;
    }
    // boxes=None, so the prompt encoder pads the points.
    auto emb = promptEncoder()->forward(coords, labels, maskPrompt, /*pad=*/true);
    if (!m_densePe.defined() || m_densePe.device() != device)
        m_densePe = promptEncoder()->denseEncoding().contiguous();
    auto dec = maskDecoder()->forward(backboneFeatures, m_densePe, emb.sparse, emb.dense, multimaskOutput,
                                      highResFeats, m_video.dynamicMultimaskViaStability);

    SamHeadsOutput out;
    out.objectScoreLogits = dec.objectScoreLogits;               // [B, 1]
    const auto isObjAppearing = dec.objectScoreLogits > 0;      // [B, 1]
    auto lowResMultimasks = torch::where(isObjAppearing.view({b, 1, 1, 1}), dec.masks,
                                         torch::full({}, kNoObjScore, dec.masks.options()))
                                .to(torch::kFloat32);
    at::Tensor samOutputToken = dec.samTokens.select(1, 0); // [B, C]
    if (multimaskOutput) {
        const auto best = dec.iouPred.argmax(-1); // [B]
        const auto batchInds = torch::arange(b, best.options());
        out.lowResMasks = lowResMultimasks.index({batchInds, best}).unsqueeze(1);
        out.ious = dec.iouPred.index({batchInds, best}).unsqueeze(1);
        if (dec.samTokens.size(1) > 1)
            samOutputToken = dec.samTokens.index({batchInds, best});
    } else {
        out.lowResMasks = lowResMultimasks;
        out.ious = dec.iouPred;
    }
    // Object pointer with occlusion handling (fixed_no_obj_ptr, hard lambda).
    auto objPtr = m_objPtrProj->forward(samOutputToken);
    const auto lambda = isObjAppearing.to(torch::kFloat32);
    if (m_video.fixedNoObjPtr)
        objPtr = lambda * objPtr;
    out.objPtr = objPtr + (1 - lambda) * m_noObjPtr;
    return out;
}

SamHeadsOutput Sam2VideoBaseImpl::useMaskAsOutput(const at::Tensor &visionFeat,
                                                  const std::array<at::Tensor, 2> &highResFeats,
                                                  const at::Tensor &maskInputs)
{
    constexpr double outScale = 20.0, outBias = -10.0;
    const auto maskFloat = maskInputs.to(torch::kFloat32);
    SamHeadsOutput out;
    out.highResMasks = maskFloat * outScale + outBias;
    out.lowResMasks = bilinear(out.highResMasks, out.highResMasks.size(-2) / 4, out.highResMasks.size(-1) / 4,
                               /*antialias=*/true);
    out.ious = torch::ones({maskInputs.size(0), 1}, maskFloat.options());
    auto objPtr = forwardSamHeads(visionFeat, {}, {}, m_maskDownsample->forward(maskFloat), highResFeats, false).objPtr;
    const auto isObjAppearing = (maskFloat.flatten(1) > 0.0).any(1).unsqueeze(-1);
    const auto lambda = isObjAppearing.to(torch::kFloat32);
    out.objectScoreLogits = outScale * lambda + outBias;
    if (m_video.fixedNoObjPtr)
        objPtr = lambda * objPtr;
    out.objPtr = objPtr + (1 - lambda) * m_noObjPtr;
    return out;
}

at::Tensor Sam2VideoBaseImpl::prepareMemoryConditionedFeatures(const at::Tensor &visionFeat, bool isInitCondFrame,
                                                               const std::vector<SelectedMemory> &memories,
                                                               const std::vector<SelectedPointer> &pointers,
                                                               int64_t tDiffMax)
{
    const int64_t b = visionFeat.size(0), c = visionFeat.size(1), h = visionFeat.size(2), w = visionFeat.size(3);
    const int64_t memDim = m_video.memDim;
    const int64_t numMaskmem = m_video.memory.numMaskmem;
    if (isInitCondFrame) {
        // directly_add_no_mem_embed (every official config)
        return visionFeat + noMemEmbed().view({1, c, 1, 1});
    }
    TORCH_CHECK(!memories.empty(), "SAM2 video: a tracked frame needs at least one conditioning memory");
    std::vector<at::Tensor> toCatMemory, toCatPos;
    const auto &posEnc = maskmemPosEnc(); // [1, mem, h, w]
    const auto spatialPos = posEnc.flatten(2).permute({0, 2, 1}); // [1, HW, mem]
    for (const auto &m : memories) {
        // [B, mem, h, w] (bf16 as stored) -> [B, HW, mem]; torch.cat promotes to float32.
        toCatMemory.push_back(m.features.to(visionFeat.device()).to(torch::kFloat32).flatten(2).permute({0, 2, 1}));
        const auto tpos = m_maskmemTposEnc.select(0, numMaskmem - m.tPos - 1).view({1, 1, memDim});
        toCatPos.push_back((spatialPos + tpos).expand({b, -1, -1}));
    }
    int64_t numObjPtrTokens = 0;
    if (!pointers.empty()) {
        std::vector<at::Tensor> ptrs;
        std::vector<int64_t> posList;
        for (const auto &p : pointers) {
            ptrs.push_back(p.objPtr);
            posList.push_back(p.pos);
        }
        auto objPtrs = torch::stack(ptrs, 0); // [P, B, C]
        const int64_t numPtrs = objPtrs.size(0);
        at::Tensor objPos;
        if (m_video.addTposEncToObjPtrs) {
            const int64_t tposDim = m_video.projTposEncInObjPtrs ? c : memDim;
            const auto posT = torch::tensor(posList, torch::TensorOptions().dtype(torch::kLong).device(visionFeat.device()));
            objPos = get1dSinePe(posT / tDiffMax, tposDim);
            if (m_objPtrTposProj)
                objPos = m_objPtrTposProj->forward(objPos);
            objPos = objPos.unsqueeze(1).expand({-1, b, memDim}); // [P, B, mem]
        } else {
            objPos = torch::zeros({numPtrs, b, memDim}, objPtrs.options());
        }
        if (memDim < c) {
            // Split each pointer into C / mem tokens (pointer-major).
            objPtrs = objPtrs.reshape({-1, b, c / memDim, memDim}).permute({0, 2, 1, 3}).flatten(0, 1);
            objPos = objPos.repeat_interleave(c / memDim, 0);
        }
        numObjPtrTokens = objPtrs.size(0);
        toCatMemory.push_back(objPtrs.permute({1, 0, 2})); // [B, P*k, mem]
        toCatPos.push_back(objPos.permute({1, 0, 2}));
    }
    const auto memory = torch::cat(toCatMemory, 1);
    const auto memoryPos = torch::cat(toCatPos, 1);
    const auto curr = visionFeat.flatten(2).permute({0, 2, 1});                          // [B, HW, C]
    const auto currPos = visionPosEnc().flatten(2).permute({0, 2, 1}).expand({b, -1, -1}); // [B, HW, C]
    const auto out = m_memoryAttention->forward(curr, currPos, memory, memoryPos, numObjPtrTokens);
    return out.permute({0, 2, 1}).reshape({b, c, h, w}).contiguous();
}

at::Tensor Sam2VideoBaseImpl::encodeNewMemory(const at::Tensor &visionFeat, const at::Tensor &highResMasks,
                                              const at::Tensor &objectScoreLogits, bool isMaskFromPts)
{
    const bool binarize = m_video.binarizeMaskFromPtsForMemEnc && isMaskFromPts;
    at::Tensor maskForMem = binarize ? (highResMasks > 0).to(torch::kFloat32) : torch::sigmoid(highResMasks);
    if (m_video.sigmoidScaleForMemEnc != 1.0)
        maskForMem = maskForMem * m_video.sigmoidScaleForMemEnc;
    if (m_video.sigmoidBiasForMemEnc != 0.0)
        maskForMem = maskForMem + m_video.sigmoidBiasForMemEnc;
    auto features = m_memoryEncoder->forward(visionFeat, maskForMem).features;
    if (m_noObjEmbedSpatial.defined()) {
        const auto isObjAppearing = (objectScoreLogits > 0).to(torch::kFloat32); // [B, 1]
        features = features + (1 - isObjAppearing.view({-1, 1, 1, 1})) *
                                  m_noObjEmbedSpatial.view({1, -1, 1, 1}).expand_as(features);
    }
    return features;
}

} // namespace dinosam::sam2
