#pragma once
// Port of sam2/modeling/backbones/hieradet.py (+ PatchEmbed and the window
// helpers of backbones/utils.py): the Hiera trunk of SAM2's image encoder.
// Tensors inside the trunk are channels-last, [B, H, W, C].
#include "models/sam2/sam2config.h"
#include "models/sam2/sam2utils.h"

#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/normalization.h>

#include <mutex>
#include <vector>

namespace dinosam::sam2 {

/// Conv 7x7 / stride 4 / pad 3 patch embedding ("patch_embed.proj").
class PatchEmbedImpl : public torch::nn::Module
{
public:
    explicit PatchEmbedImpl(int64_t embedDim);
    at::Tensor forward(const at::Tensor &x); // [B, 3, H, W] -> [B, H/4, W/4, C] (a permuted view)

private:
    torch::nn::Conv2d m_proj{nullptr};
};
TORCH_MODULE(PatchEmbed);

/// Multi-head attention over windows, with optional 2x2 max-pooling of the queries
/// at stage changes ("attn.qkv", "attn.proj").
class MultiScaleAttentionImpl : public torch::nn::Module
{
public:
    MultiScaleAttentionImpl(int64_t dim, int64_t dimOut, int64_t numHeads, int64_t qStride);
    at::Tensor forward(const at::Tensor &x); // [B', h, w, dim] -> [B', h/q, w/q, dimOut]

private:
    int64_t m_dimOut;
    int64_t m_numHeads;
    int64_t m_qStride; // 0: no pooling
    double m_scale;
    torch::nn::Linear m_qkv{nullptr};
    torch::nn::Linear m_proj{nullptr};
};
TORCH_MODULE(MultiScaleAttention);

class MultiScaleBlockImpl : public torch::nn::Module
{
public:
    MultiScaleBlockImpl(int64_t dim, int64_t dimOut, int64_t numHeads, double mlpRatio, int64_t qStride,
                        int64_t windowSize);
    /// [B, H, W, dim] contiguous -> [B, H/q, W/q, dimOut] contiguous. Does not modify x.
    at::Tensor forward(const at::Tensor &x);

    int64_t dimOut() const { return m_dimOut; }
    int64_t windowSize() const { return m_windowSize; }
    int64_t qStride() const { return m_qStride; }
    int64_t numHeads() const { return m_numHeads; }

private:
    int64_t m_dim;
    int64_t m_dimOut;
    int64_t m_numHeads;
    int64_t m_qStride;
    int64_t m_windowSize;
    torch::nn::LayerNorm m_norm1{nullptr};
    torch::nn::LayerNorm m_norm2{nullptr};
    MultiScaleAttention m_attn{nullptr};
    Mlp m_mlp{nullptr};
    torch::nn::Linear m_proj{nullptr}; // only when dim != dimOut
};
TORCH_MODULE(MultiScaleBlock);

/// Hiera trunk. forward() returns the output of every stage's last block as
/// channels-last tensors, highest resolution first: [B, H/4, W/4, C], ...,
/// [B, H/32, W/32, 8C].
class HieraImpl : public torch::nn::Module
{
public:
    explicit HieraImpl(const HieraConfig &config);
    std::vector<at::Tensor> forward(const at::Tensor &x); // x: [B, 3, H, W]

    const std::vector<MultiScaleBlock> &blocks() const { return m_blocks; }
    /// Drops the cached position embedding (call after loading weights).
    void clearCache();

private:
    at::Tensor positionEmbedding(int64_t h, int64_t w); // [1, h, w, C], cached

    HieraConfig m_config;
    std::vector<int64_t> m_stageEnds;
    PatchEmbed m_patchEmbed{nullptr};
    at::Tensor m_posEmbed;       // [1, C, bkgH, bkgW]
    at::Tensor m_posEmbedWindow; // [1, C, w0, w0]
    torch::nn::ModuleList m_blockList{nullptr};
    std::vector<MultiScaleBlock> m_blocks;

    std::mutex m_cacheMutex;
    at::Tensor m_posCache;
};
TORCH_MODULE(Hiera);

} // namespace dinosam::sam2
