#pragma once
// Provenance: facebookresearch/dinov2, dinov2/layers/layer_scale.py (LayerScale).
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

namespace dinosam::dinov2 {

/// Per-channel scale: x * gamma. State-dict key: gamma [C].
class LayerScaleImpl : public torch::nn::Module
{
public:
    LayerScaleImpl(int64_t dim, double initValues);

    /// [..., C] -> [..., C], a new tensor.
    at::Tensor forward(const at::Tensor &x);
    /// residual += x * gamma in one pass (Block's `x + ls(y)` without a temporary).
    void addScaledTo(at::Tensor &residual, const at::Tensor &x);

    at::Tensor gamma;
};
TORCH_MODULE(LayerScale);

} // namespace dinosam::dinov2
