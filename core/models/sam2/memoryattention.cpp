// Port of sam2/modeling/memory_attention.py (Meta, Apache-2.0).
#include "models/sam2/memoryattention.h"

#include <torch/torch.h>

namespace dinosam::sam2 {

MemoryAttentionLayerImpl::MemoryAttentionLayerImpl(int64_t dModel, int64_t dimFeedforward, int64_t kvInDim,
                                                   double ropeTheta)
{
    using torch::nn::LayerNorm;
    using torch::nn::LayerNormOptions;
    m_selfAttn = register_module("self_attn", RoPEAttention(dModel, 1, 1, dModel, ropeTheta, false));
    m_crossAttn = register_module("cross_attn_image", RoPEAttention(dModel, 1, 1, kvInDim, ropeTheta, true));
    m_linear1 = register_module("linear1", torch::nn::Linear(dModel, dimFeedforward));
    m_linear2 = register_module("linear2", torch::nn::Linear(dimFeedforward, dModel));
    // nn.LayerNorm defaults: eps 1e-5.
    m_norm1 = register_module("norm1", LayerNorm(LayerNormOptions({dModel})));
    m_norm2 = register_module("norm2", LayerNorm(LayerNormOptions({dModel})));
    m_norm3 = register_module("norm3", LayerNorm(LayerNormOptions({dModel})));
}

at::Tensor MemoryAttentionLayerImpl::forward(at::Tensor tgt, const at::Tensor &memory, const at::Tensor &pos,
                                             int64_t numKExcludeRope)
{
    // _forward_sa: q = k = v = norm1(tgt) (no position term)
    {
        const auto tgt2 = m_norm1->forward(tgt);
        tgt = tgt + m_selfAttn->forward(tgt2, tgt2, tgt2);
    }
    // _forward_ca: q = norm2(tgt), k = memory + pos, v = memory
    {
        const auto tgt2 = m_norm2->forward(tgt);
        tgt = tgt + m_crossAttn->forward(tgt2, memory + pos, memory, numKExcludeRope);
    }
    // MLP
    const auto tgt2 = m_linear2->forward(torch::relu(m_linear1->forward(m_norm3->forward(tgt))));
    return tgt + tgt2;
}

MemoryAttentionImpl::MemoryAttentionImpl(int64_t dModel, int64_t numLayers, int64_t dimFeedforward, int64_t kvInDim,
                                         double ropeTheta)
{
    m_layerList = register_module("layers", torch::nn::ModuleList());
    for (int64_t i = 0; i < numLayers; ++i) {
        MemoryAttentionLayer layer(dModel, dimFeedforward, kvInDim, ropeTheta);
        m_layerList->push_back(layer);
        m_layers.push_back(layer);
    }
    m_norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dModel})));
}

at::Tensor MemoryAttentionImpl::forward(const at::Tensor &curr, const at::Tensor &currPos, const at::Tensor &memory,
                                        const at::Tensor &memoryPos, int64_t numObjPtrTokens)
{
    TORCH_CHECK(curr.size(0) == memory.size(0), "Batch size must be the same for curr and memory");
    auto output = curr + 0.1 * currPos; // pos_enc_at_input
    for (auto &layer : m_layers)
        output = layer->forward(output, memory, memoryPos, numObjPtrTokens);
    return m_norm->forward(output);
}

} // namespace dinosam::sam2
