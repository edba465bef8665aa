#pragma once
// Provenance: facebookresearch/dinov2, dinov2/layers/patch_embed.py (PatchEmbed, norm = Identity).
#include "models/dinov2/linear.h"

#include <torch/nn/modules/conv.h>

namespace dinosam::dinov2 {

/// Image to patch tokens: a patch x patch convolution with stride patch.
/// State-dict keys: proj.weight [C, 3, p, p], proj.bias [C].
class PatchEmbedImpl : public torch::nn::Module
{
public:
    PatchEmbedImpl(int64_t patchSize, int64_t inChans, int64_t embedDim);

    /// [B, 3, H, W] (H, W multiples of patchSize) -> [B, H/p * W/p, C], row-major patch order.
    at::Tensor forward(const at::Tensor &x);

    torch::nn::Conv2d proj{nullptr};
};
TORCH_MODULE(PatchEmbed);

} // namespace dinosam::dinov2
