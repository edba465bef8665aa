#include "models/dinov2/block.h"

#include <torch/torch.h>

namespace dinosam::dinov2 {

BlockImpl::BlockImpl(const DinoV2Config &config)
{
    const auto dim = config.embedDim;
    const auto normOptions = torch::nn::LayerNormOptions({dim}).eps(config.layerNormEps);
    m_norm1 = register_module("norm1", torch::nn::LayerNorm(normOptions));
    m_attn = register_module("attn", Attention(dim, config.numHeads));
    m_ls1 = register_module("ls1", LayerScale(dim, config.layerScaleInit));
    m_norm2 = register_module("norm2", torch::nn::LayerNorm(normOptions));
    if (config.ffnLayer == DinoV2FfnLayer::SwiGluFused)
        m_swiglu = register_module("mlp", SwiGLUFFNFused(dim, config.ffnHiddenDim()));
    else
        m_mlp = register_module("mlp", Mlp(dim, config.ffnHiddenDim()));
    m_ls2 = register_module("ls2", LayerScale(dim, config.layerScaleInit));
}

at::Tensor BlockImpl::forward(at::Tensor x, AttentionCapture *capture)
{
    m_ls1->addScaledTo(x, m_attn->forward(m_norm1->forward(x), capture)); // x += ls1(attn(norm1(x)))
    const auto normed = m_norm2->forward(x);
    m_ls2->addScaledTo(x, m_swiglu ? m_swiglu->forward(normed) : m_mlp->forward(normed)); // x += ls2(mlp(norm2(x)))
    return x;
}

} // namespace dinosam::dinov2
