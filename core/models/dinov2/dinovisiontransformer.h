#pragma once
// Provenance: facebookresearch/dinov2, dinov2/models/vision_transformer.py
// (DinoVisionTransformer with block_chunks=0, as the hub builds it: keys "blocks.N.*").
#include "models/dinov2/block.h"
#include "models/dinov2/dinov2config.h"
#include "models/dinov2/patchembed.h"

#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/normalization.h>

#include <vector>

namespace dinosam::dinov2 {

/// forward_features() of the upstream model, plus the last block's attention.
struct VisionTransformerOutput
{
    at::Tensor xNorm;        ///< [B, 1 + R + h*w, C]: final norm of every token (CLS, registers, patches)
    at::Tensor clsAttention; ///< [B, heads, T] last block
    at::Tensor keys;         ///< [B, heads, T, head_dim] last block, when asked for
    int64_t gridH = 0;       ///< h = H / patch
    int64_t gridW = 0;       ///< w = W / patch
};

/// The DINOv2 backbone. Parameters are registered under Meta's state-dict keys:
/// cls_token [1,1,C], pos_embed [1,1+M*M,C], register_tokens [1,R,C] (only when R > 0),
/// mask_token [1,C], patch_embed.proj, blocks.N.*, norm. Weights are uninitialised
/// until a state dict is loaded (see linear.h). Not thread-safe; call forward from one thread.
class DinoVisionTransformerImpl : public torch::nn::Module
{
public:
    explicit DinoVisionTransformerImpl(const DinoV2Config &config);

    /// x: [B, 3, H, W] float, H and W multiples of the patch size.
    /// Throws std::invalid_argument for any other shape.
    VisionTransformerOutput forwardFeatures(const at::Tensor &x, bool withKeys = false);

    /// Tokens entering the first block: [B, 1 + R + h*w, C] (CLS + pos, registers, patches + pos).
    at::Tensor prepareTokens(const at::Tensor &x);

    /// pos_embed for an H x W input: [1, 1 + h*w, C], bicubically resampled exactly like
    /// interpolate_pos_encoding() (scale_factor form with offset, or size form without).
    at::Tensor interpolatePosEncoding(int64_t numPatches, int64_t height, int64_t width) const;

    const DinoV2Config &config() const { return m_config; }

private:
    DinoV2Config m_config;
    at::Tensor m_clsToken;
    at::Tensor m_posEmbed;
    at::Tensor m_registerTokens;
    at::Tensor m_maskToken; // loaded for key parity; only used in training (masked tokens)
    PatchEmbed m_patchEmbed{nullptr};
    torch::nn::ModuleList m_blockList{nullptr};
    std::vector<Block> m_blocks; // same modules as m_blockList, typed
    torch::nn::LayerNorm m_norm{nullptr};
};
TORCH_MODULE(DinoVisionTransformer);

} // namespace dinosam::dinov2
