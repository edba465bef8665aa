#pragma once
// Provenance: facebookresearch/dinov2, dinov2/layers/mlp.py (Mlp, act_layer = nn.GELU exact erf).
#include "models/dinov2/linear.h"

namespace dinosam::dinov2 {

/// fc1 -> GELU -> fc2. State-dict keys: fc1.{weight,bias}, fc2.{weight,bias}.
class MlpImpl : public torch::nn::Module
{
public:
    MlpImpl(int64_t inFeatures, int64_t hiddenFeatures, bool bias = true);

    /// [B, N, C] -> [B, N, C]
    at::Tensor forward(const at::Tensor &x);

    Linear fc1{nullptr};
    Linear fc2{nullptr};
};
TORCH_MODULE(Mlp);

} // namespace dinosam::dinov2
