#pragma once
// Mask overlap, shared by the pipeline's filters and the studio's edit-preserving re-segmentation.
#include "types/segmentation.h"

#include <opencv2/core.hpp>

#include <cstdint>

namespace dinosam {

/// Intersection over union of two same-size masks, using their boxes to limit the work.
/// Both must have area and box set (computeMaskStats). 0 when both are empty.
inline double maskIou(const SegmentedObject &a, const SegmentedObject &b)
{
    const int64_t unionBase = a.area + b.area;
    if (unionBase == 0)
        return 0;
    const cv::Rect overlap = a.box & b.box;
    int64_t inter = 0;
    if (overlap.area() > 0) {
        cv::Mat both;
        cv::bitwise_and(a.mask(overlap), b.mask(overlap), both);
        inter = cv::countNonZero(both);
    }
    return double(inter) / double(unionBase - inter);
}

} // namespace dinosam
