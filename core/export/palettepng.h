#pragma once
// Indexed (palette) PNGs, as Pascal VOC stores its class and instance maps. OpenCV writes only
// grey or colour PNGs, so this writes the chunks itself (zlib for the pixel data).
#include <opencv2/core.hpp>

#include <vector>

namespace dinosam {

/// Pascal VOC's 256-colour palette (index 0 black, 1 (128, 0, 0), ..., 255 (224, 224, 192)), RGB.
std::vector<cv::Vec3b> vocPalette();

/**
 * A PNG of colour type 3 (palette), 8 bits per pixel: each pixel's value is its palette index.
 * @param indices CV_8UC1.  @param palette 1 to 256 RGB entries.
 * @throws std::invalid_argument on a wrong type or palette size; std::runtime_error when zlib fails.
 */
std::vector<unsigned char> encodeIndexedPng(const cv::Mat &indices, const std::vector<cv::Vec3b> &palette);

} // namespace dinosam
