#pragma once
// Provenance: facebookresearch/dinov2, dinov2/layers/block.py (Block / NestedTensorBlock,
// inference path: x = x + ls1(attn(norm1(x))); x = x + ls2(mlp(norm2(x)))).
#include "models/dinov2/attention.h"
#include "models/dinov2/dinov2config.h"
#include "models/dinov2/layerscale.h"
#include "models/dinov2/mlp.h"
#include "models/dinov2/swigluffnfused.h"

#include <torch/nn/modules/normalization.h>

namespace dinosam::dinov2 {

/// One transformer block. Keys: norm1, attn.{qkv,proj}, ls1.gamma, norm2,
/// mlp.{fc1,fc2} (or mlp.{w12,w3} for SwiGLU), ls2.gamma.
class BlockImpl : public torch::nn::Module
{
public:
    explicit BlockImpl(const DinoV2Config &config);

    /// [B, N, C] -> [B, N, C]. Updates `x` in place (the residual stream) and returns it:
    /// callers pass a tensor they own.
    at::Tensor forward(at::Tensor x, AttentionCapture *capture = nullptr);

private:
    torch::nn::LayerNorm m_norm1{nullptr};
    Attention m_attn{nullptr};
    LayerScale m_ls1{nullptr};
    torch::nn::LayerNorm m_norm2{nullptr};
    Mlp m_mlp{nullptr};                  ///< set for ffn_layer "mlp"
    SwiGLUFFNFused m_swiglu{nullptr};    ///< set for "swiglufused"; both register as "mlp"
    LayerScale m_ls2{nullptr};
};
TORCH_MODULE(Block);

} // namespace dinosam::dinov2
