// Port of sam2/modeling/sam2_base.py and sam2_image_predictor.py set_image() (Meta, Apache-2.0).
#include "models/sam2/sam2base.h"

#include <torch/torch.h>

namespace dinosam::sam2 {

Sam2BaseImpl::Sam2BaseImpl(const Sam2Config &config) : m_config(config)
{
    m_imageEncoder = register_module("image_encoder", ImageEncoder(config));
    m_noMemEmbed = register_parameter("no_mem_embed", torch::zeros({1, 1, config.dModel}));
    m_promptEncoder = register_module(
        "sam_prompt_encoder",
        PromptEncoder(config.dModel, config.embeddingSize(), config.imageSize, config.maskInChans));
    m_maskDecoder = register_module("sam_mask_decoder", MaskDecoder(config));
}

namespace {
/// 1x1 conv on a channels-last map, returned as contiguous NCHW: [B, H, W, Cin] -> [B, Cout, H, W].
at::Tensor conv1x1ToNchw(const at::Tensor &nhwc, const torch::nn::Conv2d &conv)
{
    const auto &w = conv->weight;
    return at::linear(nhwc, w.view({w.size(0), w.size(1)}), conv->bias).permute({0, 3, 1, 2}).contiguous();
}
} // namespace

EncodedImage Sam2BaseImpl::encodeImage(const at::Tensor &input)
{
    auto backbone = m_imageEncoder->forward(input); // channels-last, highest resolution first
    TORCH_CHECK(backbone.fpn.size() == 3, "SAM2 image encoder: expected 3 feature levels after scalp");
    EncodedImage out;
    auto &low = backbone.fpn[2]; // [B, 64, 64, C], a fresh tensor
    if (m_config.directlyAddNoMemEmbed)
        low.add_(m_noMemEmbed.view({1, 1, 1, -1}));
    out.imageEmbed = low.permute({0, 3, 1, 2}).contiguous();
    if (m_config.useHighResFeatures) {
        // Precomputed once per image, as forward_image() does.
        out.highResFeats[0] = conv1x1ToNchw(backbone.fpn[0], m_maskDecoder->convS0());
        out.highResFeats[1] = conv1x1ToNchw(backbone.fpn[1], m_maskDecoder->convS1());
    }
    return out;
}

} // namespace dinosam::sam2
