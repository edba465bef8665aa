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
    // The mask decoder's cross attentions pair a handful of prompt tokens with the
    // 4096 image tokens. Split into heads, those are thousands of tiny matrix
    // products plus head-transposing copies; the block-diagonal forms below are
    // a few large ones instead (same result up to float rounding).
    // (The few tokens carry the batch; the image side may be shared, batch 1.)
    constexpr int64_t kFew = 64, kMany = 512;
    if (qIn.size(1) <= kFew && kIn.size(1) >= kMany && qIn.size(0) >= kIn.size(0))
        return forwardFewQueries(qIn, kIn, vIn);
    if (kIn.size(1) <= kFew && qIn.size(1) >= kMany && kIn.size(0) >= qIn.size(0))
        return forwardFewKeys(qIn, kIn, vIn);

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

at::Tensor AttentionImpl::blockDiagonal(const at::Tensor &x) const
{
    // [B, T, heads*hd] -> [B, heads*T, heads*hd]: row (h, t) keeps head h's slice of
    // x[b, t] and is zero elsewhere, so one product with all heads' keys yields
    // exactly the per-head dot products.
    const int64_t b = x.size(0), t = x.size(1), hd = m_internalDim / m_numHeads;
    const auto eye = at::eye(m_numHeads, x.options()).view({1, m_numHeads, 1, m_numHeads, 1});
    return (x.view({b, 1, t, m_numHeads, hd}) * eye).view({b, m_numHeads * t, m_internalDim});
}

namespace {

/// a [B, M, K] @ b [Bb, K, N] with Bb = 1 or B; a shared b is one product for all rows.
at::Tensor batchedProduct(const at::Tensor &a, const at::Tensor &b)
{
    if (b.size(0) == 1 && a.size(0) > 1)
        return at::mm(a.reshape({-1, a.size(2)}), b[0]).view({a.size(0), a.size(1), b.size(2)});
    return at::bmm(a, b.expand({a.size(0), -1, -1}));
}

} // namespace

at::Tensor AttentionImpl::forwardFewQueries(const at::Tensor &qIn, const at::Tensor &kIn, const at::Tensor &vIn)
{
    const int64_t b = qIn.size(0), t = qIn.size(1), hd = m_internalDim / m_numHeads;
    const auto q = m_qProj->forward(qIn).mul_(1.0 / std::sqrt(double(hd))); // [B, T, Ci]
    const auto k = m_kProj->forward(kIn);                                   // [1 or B, N, Ci]
    const auto v = m_vProj->forward(vIn);
    const auto scores = at::softmax(batchedProduct(blockDiagonal(q), k.transpose(1, 2)), -1); // [B, heads*T, N]
    // All heads' probabilities times all heads' values; keep head h's slice of row (h, t).
    const auto mixed = batchedProduct(scores, v).view({b, m_numHeads, t, m_numHeads, hd});
    const auto out = mixed.diagonal(0, 1, 3).permute({0, 1, 3, 2}).reshape({b, t, m_internalDim});
    return m_outProj->forward(out);
}

at::Tensor AttentionImpl::forwardFewKeys(const at::Tensor &qIn, const at::Tensor &kIn, const at::Tensor &vIn)
{
    const int64_t b = kIn.size(0), t = kIn.size(1), hd = m_internalDim / m_numHeads;
    const int64_t c = m_outProj->weight.size(0);
    const auto q = m_qProj->forward(qIn);                                   // [1 or B, N, Ci]
    const auto k = m_kProj->forward(kIn).mul_(1.0 / std::sqrt(double(hd))); // [B, T, Ci]
    const auto v = m_vProj->forward(vIn);                                   // [B, T, Ci]
    // Scores transposed, [B, heads, T, N]: the softmax over the few keys then runs
    // along a strided axis with the N image tokens vectorised.
    const auto scores =
        at::softmax(batchedProduct(blockDiagonal(k), q.transpose(1, 2)).view({b, m_numHeads, t, -1}), 2);
    // out_proj folded into the values: out = sum_h P_h (v_h W_h^T) + bias, where W_h
    // is out_proj's column block of head h ([B, heads*T, C], tiny).
    const auto headWeights = m_outProj->weight.view({c, m_numHeads, hd}).permute({1, 2, 0}); // [heads, hd, C]
    const auto projectedValues =
        at::matmul(v.view({b, t, m_numHeads, hd}).transpose(1, 2), headWeights).reshape({b, m_numHeads * t, c});
    auto out = at::bmm(scores.view({b, m_numHeads * t, -1}).transpose(1, 2), projectedValues); // [B, N, C]
    return out.add_(m_outProj->bias);
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
