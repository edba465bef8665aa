#pragma once
// Port of sam2/modeling/memory_attention.py: MemoryAttentionLayer and
// MemoryAttention (video predictor only). Conditions the current frame's
// top-level features on the memory bank: RoPE self-attention, RoPE
// cross-attention to the memories (keys carry memory_pos; object-pointer tokens
// get no RoPE), ReLU MLP, pre-norm residuals, a final LayerNorm. Dropout is
// inference-off, so it is not modelled.
#include "models/sam2/ropeattention.h"

#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/normalization.h>

namespace dinosam::sam2 {

/// Keys: "self_attn", "cross_attn_image", "linear1", "linear2", "norm1".."norm3".
/// Configured as every official SAM2/SAM2.1 yaml: pos_enc_at_attn false,
/// pos_enc_at_cross_attn_queries false, pos_enc_at_cross_attn_keys true.
class MemoryAttentionLayerImpl : public torch::nn::Module
{
public:
    MemoryAttentionLayerImpl(int64_t dModel, int64_t dimFeedforward, int64_t kvInDim, double ropeTheta);
    /// tgt [B, HW, C], memory [B, M, kv], pos [B, M, kv].
    at::Tensor forward(at::Tensor tgt, const at::Tensor &memory, const at::Tensor &pos, int64_t numKExcludeRope);

private:
    RoPEAttention m_selfAttn{nullptr}, m_crossAttn{nullptr};
    torch::nn::Linear m_linear1{nullptr}, m_linear2{nullptr};
    torch::nn::LayerNorm m_norm1{nullptr}, m_norm2{nullptr}, m_norm3{nullptr};
};
TORCH_MODULE(MemoryAttentionLayer);

/// Keys: "layers.N.*", "norm". pos_enc_at_input true, batch_first true.
class MemoryAttentionImpl : public torch::nn::Module
{
public:
    MemoryAttentionImpl(int64_t dModel, int64_t numLayers, int64_t dimFeedforward, int64_t kvInDim,
                        double ropeTheta = 10000.0);
    /// curr and currPos [B, HW, C] (batch first), memory and memoryPos [B, M, kv];
    /// the last numObjPtrTokens memory tokens are object pointers. Returns [B, HW, C].
    at::Tensor forward(const at::Tensor &curr, const at::Tensor &currPos, const at::Tensor &memory,
                       const at::Tensor &memoryPos, int64_t numObjPtrTokens);

private:
    torch::nn::ModuleList m_layerList{nullptr};
    std::vector<MemoryAttentionLayer> m_layers;
    torch::nn::LayerNorm m_norm{nullptr};
};
TORCH_MODULE(MemoryAttention);

} // namespace dinosam::sam2
