#pragma once
// Content keys for the stage cache: a 128-bit non-cryptographic hash, hex.
// Collisions only matter within one process's cache, so speed wins over strength.
#include <opencv2/core.hpp>

#include <cstddef>
#include <string>

namespace dinosam {

/// Hex key of a byte range (e.g. an encoded image file). Thread-safe.
std::string contentHash(const void *data, std::size_t size);

/// Hex key of an image's pixels, type and size (any cv::Mat, continuous or not). Thread-safe.
std::string contentHash(const cv::Mat &image);

} // namespace dinosam
