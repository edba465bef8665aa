#pragma once
// Provenance: facebookresearch/dinov2, dinov2/layers/swiglu_ffn.py (SwiGLUFFNFused, used by
// ViT-G as ffn_layer="swiglufused"; xformers' fused SwiGLU has the same keys and maths).
#include "models/dinov2/linear.h"

namespace dinosam::dinov2 {

/// w12 -> chunk(2) -> silu(x1) * x2 -> w3. Keys: w12.{weight,bias} [2*hidden, C], w3.{weight,bias} [C, hidden].
/// `hiddenFeatures` is the already-shrunk width (DinoV2Config::ffnHiddenDim()).
class SwiGLUFFNFusedImpl : public torch::nn::Module
{
public:
    SwiGLUFFNFusedImpl(int64_t inFeatures, int64_t hiddenFeatures, bool bias = true);

    /// [B, N, C] -> [B, N, C]
    at::Tensor forward(const at::Tensor &x);

    Linear w12{nullptr};
    Linear w3{nullptr};
};
TORCH_MODULE(SwiGLUFFNFused);

} // namespace dinosam::dinov2
