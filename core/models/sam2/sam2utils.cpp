// Port of sam2/modeling/sam2_utils.py (Meta, Apache-2.0).
#include "models/sam2/sam2utils.h"

#include <torch/torch.h>

namespace dinosam::sam2 {

MlpImpl::MlpImpl(int64_t inputDim, int64_t hiddenDim, int64_t outputDim, int64_t numLayers,
                 Activation activation, bool sigmoidOutput)
    : m_activation(activation), m_sigmoidOutput(sigmoidOutput)
{
    m_layers = register_module("layers", torch::nn::ModuleList());
    for (int64_t i = 0; i < numLayers; ++i) {
        const int64_t in = i == 0 ? inputDim : hiddenDim;
        const int64_t out = i == numLayers - 1 ? outputDim : hiddenDim;
        torch::nn::Linear linear(in, out);
        m_layers->push_back(linear);
        m_linears.push_back(linear);
    }
}

at::Tensor MlpImpl::forward(const at::Tensor &input)
{
    at::Tensor x = input;
    for (size_t i = 0; i < m_linears.size(); ++i) {
        x = m_linears[i]->forward(x);
        if (i + 1 < m_linears.size()) {
            // x is a fresh tensor: activate in place.
            if (m_activation == Activation::ReLU)
                x.relu_();
            else
                at::gelu_(x);
        }
    }
    if (m_sigmoidOutput)
        x.sigmoid_();
    return x;
}

LayerNorm2dImpl::LayerNorm2dImpl(int64_t numChannels, double eps) : m_eps(eps)
{
    m_weight = register_parameter("weight", torch::ones({numChannels}));
    m_bias = register_parameter("bias", torch::zeros({numChannels}));
}

at::Tensor LayerNorm2dImpl::forward(const at::Tensor &x)
{
    const auto u = x.mean(1, true);
    auto d = x - u;
    const auto s = d.pow(2).mean(1, true);
    d.div_((s + m_eps).sqrt_());
    return d.mul_(m_weight.view({-1, 1, 1})).add_(m_bias.view({-1, 1, 1}));
}

} // namespace dinosam::sam2
