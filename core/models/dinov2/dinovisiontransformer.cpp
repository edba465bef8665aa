#include "models/dinov2/dinovisiontransformer.h"

#include <torch/torch.h>

#include <cmath>
#include <stdexcept>
#include <string>

namespace dinosam::dinov2 {

DinoVisionTransformerImpl::DinoVisionTransformerImpl(const DinoV2Config &config)
    : m_config(config)
{
    const int64_t dim = config.embedDim;
    const int64_t grid = config.posEmbedGrid();
    // Registration order follows upstream __init__ (state_dict order).
    m_clsToken = register_parameter("cls_token", torch::zeros({1, 1, dim}), false);
    m_posEmbed = register_parameter("pos_embed", torch::zeros({1, grid * grid + 1, dim}), false);
    if (config.numRegisterTokens > 0)
        m_registerTokens =
            register_parameter("register_tokens", torch::zeros({1, config.numRegisterTokens, dim}), false);
    m_maskToken = register_parameter("mask_token", torch::zeros({1, dim}), false);
    m_patchEmbed = register_module("patch_embed", PatchEmbed(config.patchSize, 3, dim));
    m_blockList = register_module("blocks", torch::nn::ModuleList());
    for (int64_t i = 0; i < config.depth; ++i) {
        m_blocks.emplace_back(config);
        m_blockList->push_back(m_blocks.back());
    }
    m_norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(config.layerNormEps)));
}

at::Tensor DinoVisionTransformerImpl::interpolatePosEncoding(int64_t numPatches, int64_t height, int64_t width) const
{
    // Upstream names the input's dims "w, h" (B, nc, w, h = x.shape); here height = dim 2, width = dim 3.
    const int64_t n = m_posEmbed.size(1) - 1;
    if (numPatches == n && height == width)
        return m_posEmbed;
    const int64_t dim = m_posEmbed.size(2);
    const int64_t gridH = height / m_config.patchSize;
    const int64_t gridW = width / m_config.patchSize;
    const auto m = static_cast<int64_t>(std::sqrt(static_cast<double>(n)));
    if (m * m != n)
        throw std::invalid_argument("pos_embed does not hold a square patch grid");

    const auto classPos = m_posEmbed.narrow(1, 0, 1);                            // [1, 1, C]
    const auto patchPos = m_posEmbed.narrow(1, 1, n).reshape({1, m, m, dim}).permute({0, 3, 1, 2}); // [1, C, M, M]

    // Python: F.interpolate(..., mode="bicubic", antialias=a, scale_factor=(sy, sx)) or size=(h, w).
    // With scale_factor (recompute_scale_factor=None) PyTorch passes the factors to the kernel:
    // output size = floor(M * s), sampling step 1/s (not M/out). We call the same ".vec" ATen
    // overloads with the same arguments, so both size and sampling coordinates match.
    at::Tensor resized;
    std::vector<double> scales;
    std::vector<int64_t> size;
    at::OptionalIntArrayRef outputSize;                     // "size" form
    c10::optional<c10::ArrayRef<double>> scaleFactors;      // "scale_factor" form
    if (m_config.interpolateOffset != 0.0) {
        scales = {(static_cast<double>(gridH) + m_config.interpolateOffset) / double(m),
                  (static_cast<double>(gridW) + m_config.interpolateOffset) / double(m)};
        scaleFactors = c10::ArrayRef<double>(scales);
    } else {
        size = {gridH, gridW};
        outputSize = at::IntArrayRef(size);
    }
    resized = m_config.interpolateAntialias
                  ? at::_upsample_bicubic2d_aa(patchPos, outputSize, /*align_corners=*/false, scaleFactors)
                  : at::upsample_bicubic2d(patchPos, outputSize, /*align_corners=*/false, scaleFactors); // [1, C, h, w]
    if (resized.size(2) != gridH || resized.size(3) != gridW)
        throw std::logic_error("pos_embed interpolation gave " + std::to_string(resized.size(2)) + "x" +
                               std::to_string(resized.size(3)) + ", expected " + std::to_string(gridH) + "x" +
                               std::to_string(gridW));
    const auto flat = resized.permute({0, 2, 3, 1}).reshape({1, gridH * gridW, dim}); // [1, h*w, C]
    return at::cat({classPos, flat}, 1);                                               // [1, 1 + h*w, C]
}

at::Tensor DinoVisionTransformerImpl::prepareTokens(const at::Tensor &x)
{
    const int64_t batch = x.size(0);
    const auto patches = m_patchEmbed->forward(x); // [B, P, C]
    const int64_t numPatches = patches.size(1);
    const int64_t dim = patches.size(2);
    const int64_t numRegisters = m_config.numRegisterTokens;
    const auto pos = interpolatePosEncoding(numPatches, x.size(2), x.size(3)); // [1, 1 + P, C]

    // Upstream: cat(cls, patches) + pos, then registers inserted after CLS. Written into one buffer.
    auto tokens = at::empty({batch, 1 + numRegisters + numPatches, dim}, patches.options()); // [B, T, C]
    tokens.narrow(1, 0, 1).copy_(m_clsToken + pos.narrow(1, 0, 1));
    if (numRegisters > 0)
        tokens.narrow(1, 1, numRegisters).copy_(m_registerTokens);
    auto patchSlot = tokens.narrow(1, 1 + numRegisters, numPatches);
    at::add_out(patchSlot, patches, pos.narrow(1, 1, numPatches));
    return tokens;
}

VisionTransformerOutput DinoVisionTransformerImpl::forwardFeatures(const at::Tensor &x, bool withKeys)
{
    const int64_t patch = m_config.patchSize;
    if (x.dim() != 4 || x.size(1) != 3 || x.size(2) < patch || x.size(3) < patch || x.size(2) % patch != 0 ||
        x.size(3) % patch != 0 || x.scalar_type() != at::kFloat)
        throw std::invalid_argument("DINOv2 expects a float32 tensor [B, 3, H, W] with H and W positive multiples of " +
                                    std::to_string(patch) + ", got " + c10::str(x.sizes()) + " " +
                                    std::string(c10::toString(x.scalar_type())));

    VisionTransformerOutput out;
    out.gridH = x.size(2) / patch;
    out.gridW = x.size(3) / patch;
    auto tokens = prepareTokens(x); // [B, T, C]
    AttentionCapture capture;
    capture.wantKeys = withKeys;
    for (size_t i = 0; i < m_blocks.size(); ++i)
        tokens = m_blocks[i]->forward(tokens, i + 1 == m_blocks.size() ? &capture : nullptr);
    out.xNorm = m_norm->forward(tokens); // [B, T, C]
    out.clsAttention = std::move(capture.clsAttention);
    out.keys = std::move(capture.keys);
    return out;
}

} // namespace dinosam::dinov2
