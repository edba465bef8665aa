// Port of sam2/modeling/sam/transformer.py (Meta, Apache-2.0).
#include "models/sam2/transformer.h"

#include "models/sam2/attentionutil.h"

#include <torch/torch.h>

namespace dinosam::sam2 {

// ---------------------------------------------------------------- Attention

AttentionImpl::AttentionImpl(int64_t embeddingDim, int64_t numHeads, int64_t downsampleRate)
    : m_internalDim(embeddingDim / downsampleRate), m_numHeads(numHeads)
{
    TORCH_CHECK(m_internalDim % numHeads == 0, "num_heads must divide embedding_dim.");
    m_qProj = register_module("q_proj", torch::nn::Linear(embeddingDim, m_internalDim));
    m_kProj = register_module("k_proj", torch::nn::Linear(embeddingDim, m_internalDim));
    m_vProj = register_module("v_proj", torch::nn::Linear(embeddingDim, m_internalDim));
    m_outProj = register_module("out_proj", torch::nn::Linear(m_internalDim, embeddingDim));
}

at::Tensor AttentionImpl::forward(const at::Tensor &qIn, const at::Tensor &kIn, const at::Tensor &vIn)
{
    const int64_t headDim = m_internalDim / m_numHeads;
    auto separate = [&](const at::Tensor &x) { // [B, N, C] -> [B, heads, N, C/heads]
        return x.view({x.size(0), x.size(1), m_numHeads, headDim}).transpose(1, 2);
    };
    const auto q = separate(m_qProj->forward(qIn));
    const auto k = separate(m_kProj->forward(kIn));
    const auto v = separate(m_vProj->forward(vIn));
    auto out = attention(q, k, v, 1.0 / std::sqrt(double(headDim))); // [B, heads, Nq, hd]
    out = out.transpose(1, 2).reshape({out.size(0), out.size(2), m_internalDim});
    return m_outProj->forward(out);
}

// ---------------------------------------------------------------- TwoWayAttentionBlock

TwoWayAttentionBlockImpl::TwoWayAttentionBlockImpl(int64_t embeddingDim, int64_t numHeads, int64_t mlpDim,
                                                   int64_t attentionDownsampleRate, bool skipFirstLayerPe)
    : m_skipFirstLayerPe(skipFirstLayerPe)
{
    using torch::nn::LayerNorm;
    using torch::nn::LayerNormOptions;
    // nn.LayerNorm defaults: eps 1e-5.
    m_selfAttn = register_module("self_attn", Attention(embeddingDim, numHeads));
    m_norm1 = register_module("norm1", LayerNorm(LayerNormOptions({embeddingDim})));
    m_crossAttnTokenToImage = register_module("cross_attn_token_to_image",
                                              Attention(embeddingDim, numHeads, attentionDownsampleRate));
    m_norm2 = register_module("norm2", LayerNorm(LayerNormOptions({embeddingDim})));
    m_mlp = register_module("mlp", Mlp(embeddingDim, mlpDim, embeddingDim, 2, Activation::ReLU));
    m_norm3 = register_module("norm3", LayerNorm(LayerNormOptions({embeddingDim})));
    m_norm4 = register_module("norm4", LayerNorm(LayerNormOptions({embeddingDim})));
    m_crossAttnImageToToken = register_module("cross_attn_image_to_token",
                                              Attention(embeddingDim, numHeads, attentionDownsampleRate));
}

std::pair<at::Tensor, at::Tensor> TwoWayAttentionBlockImpl::forward(at::Tensor queries, at::Tensor keys,
                                                                    const at::Tensor &queryPe,
                                                                    const at::Tensor &keyPe)
{
    // Self attention block
    if (m_skipFirstLayerPe) {
        queries = m_selfAttn->forward(queries, queries, queries);
    } else {
        const auto q = queries + queryPe;
        queries = queries + m_selfAttn->forward(q, q, queries);
    }
    queries = m_norm1->forward(queries);

    // Cross attention block, tokens attending to image embedding
    auto q = queries + queryPe;
    auto k = keys + keyPe;
    queries = m_norm2->forward(queries + m_crossAttnTokenToImage->forward(q, k, keys));

    // MLP block
    queries = m_norm3->forward(queries + m_mlp->forward(queries));

    // Cross attention block, image embedding attending to tokens
    q = queries + queryPe;
    auto attnOut = m_crossAttnImageToToken->forward(k, q, queries);
    keys = m_norm4->forward(attnOut.add_(keys));
    return {queries, keys};
}

// ---------------------------------------------------------------- TwoWayTransformer

TwoWayTransformerImpl::TwoWayTransformerImpl(int64_t depth, int64_t embeddingDim, int64_t numHeads, int64_t mlpDim,
                                             int64_t attentionDownsampleRate)
{
    m_layerList = register_module("layers", torch::nn::ModuleList());
    for (int64_t i = 0; i < depth; ++i) {
        TwoWayAttentionBlock block(embeddingDim, numHeads, mlpDim, attentionDownsampleRate, i == 0);
        m_layerList->push_back(block);
        m_layers.push_back(block);
    }
    m_finalAttnTokenToImage = register_module("final_attn_token_to_image",
                                              Attention(embeddingDim, numHeads, attentionDownsampleRate));
    m_normFinalAttn = register_module("norm_final_attn",
                                      torch::nn::LayerNorm(torch::nn::LayerNormOptions({embeddingDim})));
}

std::pair<at::Tensor, at::Tensor> TwoWayTransformerImpl::forward(const at::Tensor &imageEmbedding,
                                                                 const at::Tensor &imagePe,
                                                                 const at::Tensor &pointEmbedding)
{
    // [B, C, h, w] -> [B, h*w, C]
    auto keys = imageEmbedding.flatten(2).permute({0, 2, 1});
    const auto keyPe = imagePe.flatten(2).permute({0, 2, 1}).contiguous();
    auto queries = pointEmbedding;
    for (auto &layer : m_layers)
        std::tie(queries, keys) = layer->forward(queries, keys, pointEmbedding, keyPe);

    const auto q = queries + pointEmbedding;
    const auto k = keys + keyPe;
    queries = m_normFinalAttn->forward(queries + m_finalAttnTokenToImage->forward(q, k, keys));
    return {queries, keys};
}

} // namespace dinosam::sam2
