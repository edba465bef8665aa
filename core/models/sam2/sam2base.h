#pragma once
// Port of the image-predictor part of sam2/modeling/sam2_base.py (SAM2Base):
// the root module whose parameter names equal the keys of Meta's checkpoints
// ("image_encoder.trunk...", "sam_prompt_encoder...", "sam_mask_decoder...",
// "no_mem_embed"). The video-only modules are added by Sam2VideoBase
// (sam2videobase.h); the image predictor skips their keys (sam2VideoOnlyPrefixes()).
#include "models/sam2/imageencoder.h"
#include "models/sam2/maskdecoder.h"
#include "models/sam2/promptencoder.h"

namespace dinosam::sam2 {

/// Encoder outputs as SAM2ImagePredictor.set_image() keeps them (NCHW, contiguous).
struct EncodedImage
{
    at::Tensor imageEmbed;               ///< [B, 256, 64, 64], no_mem_embed added
    std::array<at::Tensor, 2> highResFeats; ///< [B, 32, 256, 256] (conv_s0), [B, 64, 128, 128] (conv_s1)
};

class Sam2BaseImpl : public torch::nn::Module
{
public:
    explicit Sam2BaseImpl(const Sam2Config &config);

    /// forward_image + _prepare_backbone_features + no_mem_embed, for a
    /// normalised input [B, 3, 1024, 1024].
    EncodedImage encodeImage(const at::Tensor &input);

    const Sam2Config &config() const { return m_config; }
    ImageEncoder imageEncoder() const { return m_imageEncoder; }
    PromptEncoder promptEncoder() const { return m_promptEncoder; }
    MaskDecoder maskDecoder() const { return m_maskDecoder; }
    /// no_mem_embed [1, 1, C] (the video predictor adds it on initial conditioning frames).
    const at::Tensor &noMemEmbed() const { return m_noMemEmbed; }

private:
    Sam2Config m_config;
    ImageEncoder m_imageEncoder{nullptr};
    PromptEncoder m_promptEncoder{nullptr};
    MaskDecoder m_maskDecoder{nullptr};
    at::Tensor m_noMemEmbed; // [1, 1, C]
};
TORCH_MODULE(Sam2Base);

} // namespace dinosam::sam2
