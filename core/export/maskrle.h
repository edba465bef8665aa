#pragma once
// COCO run-length encoding of binary masks (pycocotools' format).
#include <opencv2/core.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace dinosam {

/**
 * COCO RLE of a mask: runs in column-major (Fortran) order, alternating 0 and 1,
 * starting with a (possibly empty) run of 0s. Non-zero pixels count as 1.
 * @param mask CV_8UC1, any size.
 */
std::vector<uint32_t> encodeMaskRle(const cv::Mat &mask);

/// Inverse of encodeMaskRle(): CV_8UC1 0/255 of `size`.
/// @throws std::invalid_argument when the counts do not sum to size.area().
cv::Mat decodeMaskRle(const std::vector<uint32_t> &counts, cv::Size size);

/// pycocotools' compressed "counts" string (rleToString: 6-bit LEB-like, delta to counts[i-2]).
std::string rleCountsToString(const std::vector<uint32_t> &counts);

/// Inverse of rleCountsToString() (pycocotools' rleFrString).
/// @throws std::invalid_argument on malformed input.
std::vector<uint32_t> rleCountsFromString(const std::string &text);

} // namespace dinosam
