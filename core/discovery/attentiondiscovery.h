#pragma once
// Discovery method "attention" (the original tool's): the last block's CLS
// attention over the patches, averaged over heads, min-max normalised,
// thresholded, split into connected components.
//
// Split for the pipeline's stage cache: normalizedAttentionMap() is the
// per-image part (cache it); regionsFromAttention() is cheap (well under a
// millisecond on a 32x43 grid) and re-runs on every slider move.
//
// Thread-safety: pure functions of their arguments, callable from any thread.
#include "types/segmentation.h"

#include <opencv2/core.hpp>

#include <vector>

namespace dinosam::discovery {

/// Connectivity of attention components. 8, as OpenCV's (and the original
/// Python tool's cv2.connectedComponents) default: on a coarse 14-pixel patch
/// grid an object's thin or diagonal parts often touch only at corners, and
/// splitting them would give SAM2 fragment prompts.
inline constexpr int kAttentionConnectivity = 8;

/// Regions from a normalised map (CV_32F, grid coordinates, values in [0, 1]).
///
/// Patches with value > params.attentionThreshold form 8-connected components;
/// components covering fewer than params.minArea image pixels (patches x
/// patch area in pixels) are dropped; the rest are ranked by
///     confidence = mean map value inside the component x (component patches / grid patches)
/// i.e. the share of the grid's total normalised attention mass the component
/// holds (in [0, 1]), best first, ties in raster order; the first
/// params.numObjects are kept (numObjects <= 0 keeps none).
/// Boxes, points and areas are in original image pixels (imageSize), the patch
/// masks on the grid. Points lie inside their region (see pointInside()).
std::vector<DiscoveredRegion> regionsFromAttention(const cv::Mat &discoveryMap, cv::Size imageSize,
                                                   const SegmentationParams &params);

} // namespace dinosam::discovery
