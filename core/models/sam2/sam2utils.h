#pragma once
// Port of sam2/modeling/sam2_utils.py: MLP and LayerNorm2d (the two modules of
// that file the image predictor needs; kept together as upstream does).
#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

namespace dinosam::sam2 {

enum class Activation { ReLU, GELU };

/// MLP(input_dim, hidden_dim, output_dim, num_layers): Linear layers under
/// "layers.N", the activation between them, optional sigmoid at the end.
class MlpImpl : public torch::nn::Module
{
public:
    MlpImpl(int64_t inputDim, int64_t hiddenDim, int64_t outputDim, int64_t numLayers,
            Activation activation = Activation::ReLU, bool sigmoidOutput = false);
    at::Tensor forward(const at::Tensor &x); // [..., in] -> [..., out]

private:
    torch::nn::ModuleList m_layers;
    std::vector<torch::nn::Linear> m_linears;
    Activation m_activation;
    bool m_sigmoidOutput;
};
TORCH_MODULE(Mlp);

/// Channel-wise LayerNorm of an NCHW tensor (eps 1e-6), computed exactly as upstream.
class LayerNorm2dImpl : public torch::nn::Module
{
public:
    explicit LayerNorm2dImpl(int64_t numChannels, double eps = 1e-6);
    at::Tensor forward(const at::Tensor &x); // [B, C, H, W]
    const at::Tensor &weight() const { return m_weight; }
    const at::Tensor &bias() const { return m_bias; }
    double eps() const { return m_eps; }

private:
    at::Tensor m_weight;
    at::Tensor m_bias;
    double m_eps;
};
TORCH_MODULE(LayerNorm2d);

} // namespace dinosam::sam2
