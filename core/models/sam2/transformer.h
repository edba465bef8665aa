#pragma once
// Port of sam2/modeling/sam/transformer.py: the two-way transformer of SAM's
// mask decoder (Attention, TwoWayAttentionBlock, TwoWayTransformer). The
// RoPE attention of the memory modules is video-only and not ported.
#include "models/sam2/sam2utils.h"

#include <torch/nn/modules/normalization.h>

namespace dinosam::sam2 {

/// Attention with an optional downscaled internal dimension ("q_proj", "k_proj", "v_proj", "out_proj").
class AttentionImpl : public torch::nn::Module
{
public:
    AttentionImpl(int64_t embeddingDim, int64_t numHeads, int64_t downsampleRate = 1);
    at::Tensor forward(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v); // [B, N, C] each

private:
    /// Few queries (prompt tokens) attending to many keys (image tokens).
    at::Tensor forwardFewQueries(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v);
    /// Many queries (image tokens) attending to few keys (prompt tokens).
    at::Tensor forwardFewKeys(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v);
    at::Tensor blockDiagonal(const at::Tensor &x) const;

    int64_t m_internalDim;
    int64_t m_numHeads;
    torch::nn::Linear m_qProj{nullptr}, m_kProj{nullptr}, m_vProj{nullptr}, m_outProj{nullptr};
};
TORCH_MODULE(Attention);

class TwoWayAttentionBlockImpl : public torch::nn::Module
{
public:
    TwoWayAttentionBlockImpl(int64_t embeddingDim, int64_t numHeads, int64_t mlpDim, int64_t attentionDownsampleRate,
                             bool skipFirstLayerPe);
    /// queries [B, Nq, C], keys [B, Nk, C], queryPe like queries, keyPe [1 or B, Nk, C].
    std::pair<at::Tensor, at::Tensor> forward(at::Tensor queries, at::Tensor keys, const at::Tensor &queryPe,
                                              const at::Tensor &keyPe);

private:
    bool m_skipFirstLayerPe;
    Attention m_selfAttn{nullptr}, m_crossAttnTokenToImage{nullptr}, m_crossAttnImageToToken{nullptr};
    torch::nn::LayerNorm m_norm1{nullptr}, m_norm2{nullptr}, m_norm3{nullptr}, m_norm4{nullptr};
    Mlp m_mlp{nullptr};
};
TORCH_MODULE(TwoWayAttentionBlock);

class TwoWayTransformerImpl : public torch::nn::Module
{
public:
    TwoWayTransformerImpl(int64_t depth, int64_t embeddingDim, int64_t numHeads, int64_t mlpDim,
                          int64_t attentionDownsampleRate = 2);
    /// imageEmbedding [B, C, h, w], imagePe [1 or B, C, h, w], pointEmbedding [B, N, C].
    /// Returns (queries [B, N, C], keys [B, h*w, C]).
    std::pair<at::Tensor, at::Tensor> forward(const at::Tensor &imageEmbedding, const at::Tensor &imagePe,
                                              const at::Tensor &pointEmbedding);

private:
    torch::nn::ModuleList m_layerList{nullptr};
    std::vector<TwoWayAttentionBlock> m_layers;
    Attention m_finalAttnTokenToImage{nullptr};
    torch::nn::LayerNorm m_normFinalAttn{nullptr};
};
TORCH_MODULE(TwoWayTransformer);

} // namespace dinosam::sam2
