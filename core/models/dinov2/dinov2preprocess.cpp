#include "models/dinov2/dinov2preprocess.h"

#include "models/common/imagepreprocess.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace dinosam {
namespace {

int64_t roundToMultiple(double value, int64_t step)
{
    return std::max<int64_t>(1, std::llround(value / double(step))) * step;
}

} // namespace

DinoV2InputSize dinoV2InputSize(int64_t imageHeight, int64_t imageWidth, int64_t shortSide, double maxAspect,
                                int64_t patchSize)
{
    if (imageHeight < 1 || imageWidth < 1 || shortSide < 1 || patchSize < 1 || !(maxAspect >= 1.0))
        throw std::invalid_argument("dinoV2InputSize: sizes must be positive and maxAspect >= 1");
    const double aspect = double(std::max(imageHeight, imageWidth)) / double(std::min(imageHeight, imageWidth));
    const int64_t shorter = roundToMultiple(double(shortSide), patchSize);
    const int64_t longer = roundToMultiple(double(shortSide) * std::min(aspect, maxAspect), patchSize);
    return imageHeight <= imageWidth ? DinoV2InputSize{shorter, longer} : DinoV2InputSize{longer, shorter};
}

at::Tensor dinoV2Preprocess(const at::Tensor &rgbHwcUint8, const DinoV2InputSize &size, int64_t patchSize)
{
    if (size.height < patchSize || size.width < patchSize || size.height % patchSize || size.width % patchSize)
        throw std::invalid_argument("DINOv2 input size " + std::to_string(size.height) + "x" +
                                    std::to_string(size.width) + " is not a positive multiple of " +
                                    std::to_string(patchSize));
    return resizeAndNormalize(rgbHwcUint8, size.height, size.width);
}

} // namespace dinosam
