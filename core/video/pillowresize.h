#pragma once
// Pillow's Image.resize() for 8-bit images (libImaging/Resample.c, Pillow 9.x):
// separable convolution, horizontal pass first (rounded to uint8), then vertical,
// with 22-bit fixed-point coefficients. SAM2's video loader resizes every frame
// with PIL's default filter (BICUBIC) to 1024x1024, ignoring the aspect ratio;
// this reproduces it so frames equal the ones Meta's predictor sees.
// OpenCV core + std only, no Qt, no LibTorch.
#include <opencv2/core.hpp>

namespace dinosam {

enum class PillowFilter {
    Bilinear, ///< PIL.Image.BILINEAR (support 1)
    Bicubic,  ///< PIL.Image.BICUBIC (a = -0.5, support 2), Pillow's default for resize()
};

/// Resizes an 8-bit image (CV_8UC1/3/4, any channel order) to `size` as Pillow does.
/// Throws std::invalid_argument for another depth, an empty image or a non-positive size.
cv::Mat pillowResize(const cv::Mat &src, cv::Size size, PillowFilter filter = PillowFilter::Bicubic);

} // namespace dinosam
