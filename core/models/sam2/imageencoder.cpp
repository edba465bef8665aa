// Port of sam2/modeling/backbones/image_encoder.py (Meta, Apache-2.0).
#include "models/sam2/imageencoder.h"

#include "models/sam2/positionencoding.h"

#include <torch/torch.h>

#include <algorithm>

namespace dinosam::sam2 {

FpnNeckImpl::FpnNeckImpl(int64_t dModel, std::vector<int64_t> backboneChannelList, std::vector<int64_t> topDownLevels)
    : m_channels(std::move(backboneChannelList)), m_topDownLevels(std::move(topDownLevels))
{
    m_convList = register_module("convs", torch::nn::ModuleList());
    for (int64_t dim : m_channels) {
        torch::nn::Conv2d conv(torch::nn::Conv2dOptions(dim, dModel, 1));
        torch::nn::Sequential current;
        current->push_back("conv", conv);
        m_convList->push_back(current);
        m_convs.push_back(conv);
    }
}

std::vector<at::Tensor> FpnNeckImpl::forward(const std::vector<at::Tensor> &xs)
{
    TORCH_CHECK(xs.size() == m_convs.size(), "FpnNeck: expected ", m_convs.size(), " feature maps, got ", xs.size());
    const int64_t n = int64_t(m_convs.size()) - 1;
    std::vector<at::Tensor> out(xs.size());
    at::Tensor prev;
    // Top-down, from low to high resolution.
    for (int64_t i = n; i >= 0; --i) {
        const auto &conv = m_convs[size_t(n - i)];
        const auto &w = conv->weight;
        // 1x1 conv on channels-last = linear over channels: [B, H, W, C] -> [B, H, W, d]
        auto lateral = at::linear(xs[size_t(i)], w.view({w.size(0), w.size(1)}), conv->bias);
        const bool topDown = std::find(m_topDownLevels.begin(), m_topDownLevels.end(), i) != m_topDownLevels.end();
        if (topDown && prev.defined()) {
            // Nearest 2x upsampling (scale_factor 2.0) on channels-last, fused into the sum.
            const int64_t b = prev.size(0), h = prev.size(1), wd = prev.size(2), c = prev.size(3);
            auto up = prev.view({b, h, 1, wd, 1, c}).expand({b, h, 2, wd, 2, c});
            lateral.view({b, h, 2, wd, 2, c}).add_(up);
            prev = lateral;
        } else {
            prev = lateral;
        }
        out[size_t(i)] = prev;
    }
    return out;
}

ImageEncoderImpl::ImageEncoderImpl(const Sam2Config &config) : m_scalp(config.scalp), m_dModel(config.dModel)
{
    m_trunk = register_module("trunk", Hiera(config.trunk));
    m_neck = register_module("neck", FpnNeck(config.dModel, config.backboneChannelList(), config.fpnTopDownLevels));
}

BackboneOutput ImageEncoderImpl::forward(const at::Tensor &input, bool withPositions)
{
    BackboneOutput result;
    result.fpn = m_neck->forward(m_trunk->forward(input));
    // Discard the lowest resolution features.
    result.fpn.resize(result.fpn.size() - size_t(m_scalp));
    if (withPositions) {
        for (const auto &f : result.fpn)
            result.pos.push_back(positionEmbeddingSine(f.size(0), f.size(1), f.size(2), m_dModel));
    }
    return result;
}

} // namespace dinosam::sam2
