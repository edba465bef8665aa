#pragma once
// Post-processing of SAM2's masks, the pipeline's last stage: optional hole and
// speck removal, area and box, the minimum-area filter, sorting by score and
// dropping near-duplicates. OpenCV only; pure functions, callable from any thread.
#include "types/maskiou.h"
#include "types/segmentation.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <functional>
#include <vector>

namespace dinosam {

/// Fills holes (background components not touching the border) and removes specks
/// (foreground components) smaller than `maxArea` pixels, in place. 8-connected
/// foreground, 4-connected background. `mask`: CV_8U, nonzero = object; stays 0/255.
void removeSmallHolesAndSpecks(cv::Mat &mask, int64_t maxArea);

/// Sets `object.area` and `object.box` (tight box of nonzero pixels; empty when area is 0).
void computeMaskStats(SegmentedObject &object);


/**
 * The post-processing stage. For each object (mask set, CV_8U 0/255 image-size):
 * 1. removeSmallHolesAndSpecks(mask, max(params.minArea, 1)) when params.removeSmallHolesAndSpecks
 *    (a hole or speck smaller than the smallest object we keep is noise, not structure);
 * 2. computeMaskStats; objects with area < max(params.minArea, 1) are dropped;
 * 3. sorted by samScore, best first (ties: higher dinoConfidence, then input order);
 * 4. an object whose IoU with an already kept, better one is >= params.duplicateIou is dropped.
 * `cancelled` is polled between objects; when it returns true the function throws Cancelled.
 * `statsKnown`: every object's area and box are already right (step 2 skips the full-image
 * scans); only valid when params.removeSmallHolesAndSpecks is false.
 */
std::vector<SegmentedObject> postprocessObjects(std::vector<SegmentedObject> objects,
                                                const SegmentationParams &params,
                                                const std::function<bool()> &cancelled = {},
                                                bool statsKnown = false);

} // namespace dinosam
