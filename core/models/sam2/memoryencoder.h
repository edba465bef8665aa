#pragma once
// Port of sam2/modeling/memory_encoder.py: MaskDownSampler, CXBlock, Fuser and
// MemoryEncoder (video predictor only). Turns a frame's top-level features and
// its predicted mask into the 64-channel memory the later frames attend to.
#include "models/sam2/sam2utils.h"

#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>

namespace dinosam::sam2 {

/// MaskDownSampler(embed_dim 256, kernel 3, stride 2, padding 1, total_stride 16):
/// "encoder.{0,3,6,9}" convs, "encoder.{1,4,7,10}" LayerNorm2d, GELU between,
/// "encoder.12" the final 1x1 conv. [B, 1, 1024, 1024] -> [B, 256, 64, 64].
class MaskDownSamplerImpl : public torch::nn::Module
{
public:
    MaskDownSamplerImpl(int64_t embedDim = 256, int64_t kernelSize = 3, int64_t stride = 2, int64_t padding = 1,
                        int64_t totalStride = 16);
    at::Tensor forward(const at::Tensor &x);

private:
    torch::nn::Sequential m_encoder{nullptr};
};
TORCH_MODULE(MaskDownSampler);

/// ConvNeXt block: "dwconv", "norm" (LayerNorm2d eps 1e-6), "pwconv1", "pwconv2", "gamma".
class CXBlockImpl : public torch::nn::Module
{
public:
    CXBlockImpl(int64_t dim, int64_t kernelSize = 7, int64_t padding = 3);
    at::Tensor forward(const at::Tensor &x); // [B, C, H, W]

private:
    torch::nn::Conv2d m_dwconv{nullptr};
    LayerNorm2d m_norm{nullptr};
    torch::nn::Linear m_pwconv1{nullptr}, m_pwconv2{nullptr};
    at::Tensor m_gamma;
};
TORCH_MODULE(CXBlock);

/// Fuser: "layers.N" CXBlocks, no input projection (as in every official yaml).
class FuserImpl : public torch::nn::Module
{
public:
    FuserImpl(int64_t dim, int64_t numLayers);
    at::Tensor forward(at::Tensor x);

private:
    torch::nn::ModuleList m_layerList{nullptr};
    std::vector<CXBlock> m_layers;
};
TORCH_MODULE(Fuser);

struct MemoryEncoderOutput
{
    at::Tensor features; ///< [B, outDim, 64, 64]
    at::Tensor posEnc;   ///< [B, outDim, 64, 64] sine encoding
};

/// MemoryEncoder(out_dim 64): "mask_downsampler", "pix_feat_proj", "fuser", "out_proj";
/// the position encoding is PositionEmbeddingSine(out_dim, normalize, temperature 10000).
class MemoryEncoderImpl : public torch::nn::Module
{
public:
    MemoryEncoderImpl(int64_t inDim = 256, int64_t outDim = 64);
    /// pixFeat [B, 256, 64, 64]; masks [B, 1, 1024, 1024] already scaled for the
    /// encoder (skip_mask_sigmoid=True, as SAM2Base calls it).
    MemoryEncoderOutput forward(const at::Tensor &pixFeat, const at::Tensor &masks);

private:
    int64_t m_outDim;
    MaskDownSampler m_maskDownsampler{nullptr};
    torch::nn::Conv2d m_pixFeatProj{nullptr}, m_outProj{nullptr};
    Fuser m_fuser{nullptr};
};
TORCH_MODULE(MemoryEncoder);

} // namespace dinosam::sam2
