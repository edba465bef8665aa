#pragma once
// nn.Linear without random initialisation. torch::nn::Linear draws Kaiming-uniform
// weights on construction (1.1 billion values for ViT-G) that a checkpoint then
// overwrites; DINOv2 models are always loaded, so this one only allocates.
// State-dict keys as nn.Linear: "weight" [out, in], "bias" [out] (when bias).
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <ATen/ATen.h>

namespace dinosam::dinov2 {

class LinearImpl : public torch::nn::Module
{
public:
    LinearImpl(int64_t inFeatures, int64_t outFeatures, bool bias = true)
    {
        // Uninitialised (torch::empty): untouched pages cost no memory until a checkpoint is copied in.
        weight = register_parameter("weight", at::empty({outFeatures, inFeatures}), /*requires_grad=*/false);
        if (bias)
            this->bias = register_parameter("bias", at::empty({outFeatures}), /*requires_grad=*/false);
    }

    /// [..., in] -> [..., out]
    at::Tensor forward(const at::Tensor &x) { return at::linear(x, weight, bias); }

    at::Tensor weight;
    at::Tensor bias;
};
TORCH_MODULE(Linear);

} // namespace dinosam::dinov2
