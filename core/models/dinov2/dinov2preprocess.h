#pragma once
// RGB image -> DINOv2 input: size rule and preprocessing.
#include <ATen/core/Tensor.h>

#include <cstdint>

namespace dinosam {

/// Model input size in pixels; both sides are multiples of the patch size.
struct DinoV2InputSize
{
    int64_t height = 0;
    int64_t width = 0;
};

/// Chooses the model input size for an image of imageHeight x imageWidth pixels:
///  - the shorter side becomes `shortSide` rounded to the nearest multiple of `patchSize`;
///  - the longer side becomes shortSide * min(aspect, maxAspect) rounded to the nearest
///    multiple of `patchSize` (aspect = longer / shorter side of the image);
///  - orientation follows the image (portrait images give tall inputs).
/// Capping the aspect ratio bounds the token count (and the O(T^2) attention) for
/// panoramas. With the defaults (448, 4:3) both fixture images (truck 1200x1800,
/// groceries 534x800, aspect ~3:2) give 448x602 (448 * 4/3 = 597.3 -> 43 patches),
/// which is exactly the fixtures' input: the fixture is the whole image resized to
/// 448x602 without cropping (aspect ratio not kept). Pass maxAspect = infinity to keep
/// the aspect ratio (448x672 for those images). Any thread. Throws std::invalid_argument
/// for non-positive sizes.
DinoV2InputSize dinoV2InputSize(int64_t imageHeight, int64_t imageWidth, int64_t shortSide = 448,
                                double maxAspect = 4.0 / 3.0, int64_t patchSize = 14);

/// RGB uint8 [H, W, 3] -> float32 [1, 3, size.height, size.width]: antialiased bilinear
/// resize of the whole image + ImageNet normalisation (resizeAndNormalize). Any thread.
/// Throws std::invalid_argument for a wrong tensor or a size that is not a multiple of 14.
at::Tensor dinoV2Preprocess(const at::Tensor &rgbHwcUint8, const DinoV2InputSize &size, int64_t patchSize = 14);

} // namespace dinosam
