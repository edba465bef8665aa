#pragma once
// Port of sam2/modeling/backbones/image_encoder.py: ImageEncoder (Hiera trunk +
// FpnNeck). The neck works on channels-last tensors: its 1x1 convolutions are
// matrix products over the channel axis, with the same weights ("conv.weight"
// [d_model, C, 1, 1]).
#include "models/sam2/hieradet.h"

#include <torch/nn/modules/container/sequential.h>

namespace dinosam::sam2 {

/// FpnNeck(d_model, backbone_channel_list, fpn_top_down_levels, nearest interpolation, sum fusion).
class FpnNeckImpl : public torch::nn::Module
{
public:
    FpnNeckImpl(int64_t dModel, std::vector<int64_t> backboneChannelList, std::vector<int64_t> topDownLevels);
    /// xs: trunk outputs [B, H_i, W_i, C_i], highest resolution first. Returns the
    /// fused features [B, H_i, W_i, d_model] in the same order.
    std::vector<at::Tensor> forward(const std::vector<at::Tensor> &xs);

private:
    std::vector<int64_t> m_channels;
    std::vector<int64_t> m_topDownLevels;
    torch::nn::ModuleList m_convList{nullptr};
    std::vector<torch::nn::Conv2d> m_convs; // m_convs[0] acts on the lowest resolution
};
TORCH_MODULE(FpnNeck);

struct BackboneOutput
{
    std::vector<at::Tensor> fpn; ///< [B, H_i, W_i, d_model] channels-last, highest resolution first, scalped
    std::vector<at::Tensor> pos; ///< sine position encodings [B, d_model, H_i, W_i] (only when asked for)
};

class ImageEncoderImpl : public torch::nn::Module
{
public:
    explicit ImageEncoderImpl(const Sam2Config &config);
    /// input [B, 3, 1024, 1024] normalised. The position encodings are not needed
    /// by the image predictor and are computed only when withPositions is true.
    BackboneOutput forward(const at::Tensor &input, bool withPositions = false);

    Hiera trunk() const { return m_trunk; }

private:
    int64_t m_scalp;
    int64_t m_dModel;
    Hiera m_trunk{nullptr};
    FpnNeck m_neck{nullptr};
};
TORCH_MODULE(ImageEncoder);

} // namespace dinosam::sam2
