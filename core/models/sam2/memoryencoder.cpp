// Port of sam2/modeling/memory_encoder.py (Meta, Apache-2.0).
#include "models/sam2/memoryencoder.h"

#include "models/sam2/positionencoding.h"

#include <torch/torch.h>

#include <cmath>

namespace dinosam::sam2 {

using torch::nn::Conv2d;
using torch::nn::Conv2dOptions;

MaskDownSamplerImpl::MaskDownSamplerImpl(int64_t embedDim, int64_t kernelSize, int64_t stride, int64_t padding,
                                         int64_t totalStride)
{
    const auto numLayers = int64_t(std::log2(double(totalStride)) / std::log2(double(stride)));
    TORCH_CHECK(int64_t(std::llround(std::pow(double(stride), double(numLayers)))) == totalStride,
                "MaskDownSampler: stride**num_layers must equal total_stride");
    m_encoder = torch::nn::Sequential();
    int64_t in = 1, out = 1;
    for (int64_t i = 0; i < numLayers; ++i) {
        out = in * stride * stride;
        m_encoder->push_back(Conv2d(Conv2dOptions(in, out, kernelSize).stride(stride).padding(padding)));
        m_encoder->push_back(LayerNorm2d(out));
        m_encoder->push_back(torch::nn::GELU());
        in = out;
    }
    m_encoder->push_back(Conv2d(Conv2dOptions(out, embedDim, 1)));
    register_module("encoder", m_encoder);
}

at::Tensor MaskDownSamplerImpl::forward(const at::Tensor &x)
{
    return m_encoder->forward(x);
}

CXBlockImpl::CXBlockImpl(int64_t dim, int64_t kernelSize, int64_t padding)
{
    m_dwconv = register_module("dwconv", Conv2d(Conv2dOptions(dim, dim, kernelSize).padding(padding).groups(dim)));
    m_norm = register_module("norm", LayerNorm2d(dim, 1e-6));
    m_pwconv1 = register_module("pwconv1", torch::nn::Linear(dim, 4 * dim));
    m_pwconv2 = register_module("pwconv2", torch::nn::Linear(4 * dim, dim));
    m_gamma = register_parameter("gamma", 1e-6 * torch::ones({dim}));
}

at::Tensor CXBlockImpl::forward(const at::Tensor &input)
{
    auto x = m_dwconv->forward(input);
    x = m_norm->forward(x);
    x = x.permute({0, 2, 3, 1}); // (N, C, H, W) -> (N, H, W, C)
    x = m_pwconv1->forward(x);
    x = torch::gelu(x);
    x = m_pwconv2->forward(x);
    x = m_gamma * x;
    x = x.permute({0, 3, 1, 2}); // (N, H, W, C) -> (N, C, H, W)
    return input + x;
}

FuserImpl::FuserImpl(int64_t dim, int64_t numLayers)
{
    m_layerList = register_module("layers", torch::nn::ModuleList());
    for (int64_t i = 0; i < numLayers; ++i) {
        CXBlock block(dim);
        m_layerList->push_back(block);
        m_layers.push_back(block);
    }
}

at::Tensor FuserImpl::forward(at::Tensor x)
{
    for (auto &layer : m_layers)
        x = layer->forward(x);
    return x;
}

MemoryEncoderImpl::MemoryEncoderImpl(int64_t inDim, int64_t outDim) : m_outDim(outDim)
{
    m_maskDownsampler = register_module("mask_downsampler", MaskDownSampler(inDim, 3, 2, 1, 16));
    m_pixFeatProj = register_module("pix_feat_proj", Conv2d(Conv2dOptions(inDim, inDim, 1)));
    m_fuser = register_module("fuser", Fuser(inDim, 2));
    TORCH_CHECK(outDim != inDim, "MemoryEncoder: out_proj is an identity when out_dim == in_dim (not supported)");
    m_outProj = register_module("out_proj", Conv2d(Conv2dOptions(inDim, outDim, 1)));
}

MemoryEncoderOutput MemoryEncoderImpl::forward(const at::Tensor &pixFeat, const at::Tensor &masksIn)
{
    const auto masks = m_maskDownsampler->forward(masksIn);
    auto x = m_pixFeatProj->forward(pixFeat.to(masks.device()));
    x = x + masks;
    x = m_fuser->forward(x);
    x = m_outProj->forward(x);
    MemoryEncoderOutput out;
    out.posEnc = positionEmbeddingSine(x.size(0), x.size(2), x.size(3), m_outDim).to(x.device(), x.scalar_type());
    out.features = x;
    return out;
}

} // namespace dinosam::sam2
