#pragma once
#include <opencv2/core.hpp>

namespace dinosam {

/**
 * An object's cut-out: the image cropped to `box` (clipped to the image; the mask's bounding
 * box when `box` is empty), as CV_8UC4 in **RGBA** order: alpha 255 inside the mask, 0 outside,
 * and colour zeroed where alpha is 0 (no stray background colours in the file).
 * @param rgb  CV_8UC3 RGB.  @param mask CV_8UC1, rgb's size, non-zero = object.
 * @returns an empty Mat when the mask is empty. Thread-safe.
 */
cv::Mat renderCutout(const cv::Mat &rgb, const cv::Mat &mask, cv::Rect box = {});

} // namespace dinosam
