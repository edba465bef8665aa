#include "models/common/imagepreprocess.h"

#include <torch/nn/functional/upsampling.h>
#include <torch/torch.h>

#include <stdexcept>

namespace dinosam {

at::Tensor resizeAndNormalize(const at::Tensor &rgbHwcUint8, int64_t outH, int64_t outW)
{
    if (rgbHwcUint8.dim() != 3 || rgbHwcUint8.size(2) != 3 || rgbHwcUint8.scalar_type() != at::kByte)
        throw std::invalid_argument("resizeAndNormalize expects an RGB uint8 tensor [H, W, 3]");
    if (rgbHwcUint8.size(0) < 1 || rgbHwcUint8.size(1) < 1 || outH < 1 || outW < 1)
        throw std::invalid_argument("resizeAndNormalize needs non-empty input and output sizes");

    // [H, W, 3] uint8 → [1, 3, H, W] float in [0, 1]
    auto x = rgbHwcUint8.permute({2, 0, 1}).unsqueeze(0).to(torch::kFloat32).div_(255.0f).contiguous();
    namespace F = torch::nn::functional;
    x = F::interpolate(x, F::InterpolateFuncOptions()
                              .size(std::vector<int64_t>{outH, outW})
                              .mode(torch::kBilinear)
                              .align_corners(false)
                              .antialias(true));
    // On the input's device: a CPU [1, 3, 1, 1] tensor cannot meet a CUDA one.
    const auto mean =
        torch::tensor({kImageNetMean[0], kImageNetMean[1], kImageNetMean[2]}, x.options()).view({1, 3, 1, 1});
    const auto stdev =
        torch::tensor({kImageNetStd[0], kImageNetStd[1], kImageNetStd[2]}, x.options()).view({1, 3, 1, 1});
    return x.sub_(mean).div_(stdev);
}

} // namespace dinosam
