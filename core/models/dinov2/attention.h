#pragma once
// Provenance: facebookresearch/dinov2, dinov2/layers/attention.py (Attention; MemEffAttention
// computes the same without xformers). Written with matmul + softmax: LibTorch 1.13 has no
// scaled_dot_product_attention.
#include "models/dinov2/linear.h"

namespace dinosam::dinov2 {

/// What the last block hands out besides its output (spectral discovery and saliency need these).
struct AttentionCapture
{
    bool wantKeys = false;
    at::Tensor clsAttention; ///< [B, heads, N]: softmax(q_cls * scale . k^T) per head
    at::Tensor keys;         ///< [B, heads, N, head_dim] (only when wantKeys)
};

/// Multi-head self-attention with one fused qkv projection.
/// State-dict keys: qkv.{weight,bias} [3C, C], proj.{weight,bias} [C, C].
class AttentionImpl : public torch::nn::Module
{
public:
    AttentionImpl(int64_t dim, int64_t numHeads, bool qkvBias = true, bool projBias = true);

    /// [B, N, C] -> [B, N, C]. Fills `capture` when given.
    at::Tensor forward(const at::Tensor &x, AttentionCapture *capture = nullptr);

    Linear qkv{nullptr};
    Linear proj{nullptr};

private:
    int64_t m_numHeads;
    double m_scale; ///< head_dim^-0.5
};
TORCH_MODULE(Attention);

} // namespace dinosam::dinov2
