#pragma once
// Image → model input, as Meta's Python code does it for DINOv2 and SAM2.
#include <ATen/core/Tensor.h>

namespace dinosam {

/// ImageNet statistics used by both DINOv2 and SAM2.
inline constexpr float kImageNetMean[3] = {0.485f, 0.456f, 0.406f};
inline constexpr float kImageNetStd[3] = {0.229f, 0.224f, 0.225f};

/// RGB uint8 image [H, W, 3] → float32 [1, 3, outH, outW]: scaled to [0, 1],
/// resized with antialiased bilinear interpolation (align_corners=false, as
/// torch.nn.functional.interpolate(..., antialias=True)), ImageNet-normalised.
/// Throws std::invalid_argument for a tensor that is not [H, W, 3] uint8 or empty sizes.
at::Tensor resizeAndNormalize(const at::Tensor &rgbHwcUint8, int64_t outH, int64_t outW);

} // namespace dinosam
